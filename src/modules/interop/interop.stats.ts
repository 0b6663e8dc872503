// The figures of the exchange: calls by producer (agency), consumer, service and hour, and the
// calls refused (by reason). Never per person.
import { defineStats } from '../../platform/stats/stats.ts';

export const interopStats = defineStats('interop', {
  calls: { kind: 'count', unit: 'calls', labelKey: 'interop.contract.stat.calls', dimensions: ['agency', 'consumer', 'service', 'time'], public: true },
  refused: { kind: 'count', unit: 'calls', labelKey: 'interop.contract.stat.refused', dimensions: ['agency', 'consumer', 'reason', 'time'], public: true },
});
