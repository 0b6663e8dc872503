// The figures of access to public information (public: the observatory and open data).
import { defineStats } from '../../platform/stats/stats.types.ts';

export const transparencyStats = defineStats('transparency', {
  requests: { kind: 'count', unit: 'requests', labelKey: 'transparency.stats.requests', dimensions: ['agency', 'time'], public: true },
  closed: { kind: 'count', unit: 'requests', labelKey: 'transparency.stats.closed', dimensions: ['agency', 'time'], public: true },
  answered_in_time: { kind: 'count', unit: 'requests', labelKey: 'transparency.stats.answeredInTime', dimensions: ['agency', 'time'], public: true },
});
