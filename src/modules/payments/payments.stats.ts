// The figures of payments (docs/modules.md, "stats"): revenue collected and given back, by
// payee agency, procedure (its id) and the hour of the payment; never per person.
import { defineStats } from '../../platform/stats/stats.ts';

const dimensions = ['agency', 'time', 'procedure'];

export const paymentStats = defineStats('payments', {
  revenue: { kind: 'sum', unit: 'minor units of the country currency', labelKey: 'payments.contract.stat.revenue', dimensions, public: false },
  refunds: { kind: 'sum', unit: 'minor units of the country currency', labelKey: 'payments.contract.stat.refunds', dimensions, public: false },
});
