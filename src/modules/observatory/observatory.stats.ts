// The figures the Observatorio keeps: yearly reports filed, by entity and time.
import { defineStats } from '../../platform/stats/stats.types.ts';

export const observatoryStats = defineStats('observatory', {
  reports_filed: { kind: 'count', unit: 'reports', labelKey: 'observatory.contract.stat.reportsFiled', dimensions: ['agency', 'time'], public: true, suppressBelow: 0 },
});
