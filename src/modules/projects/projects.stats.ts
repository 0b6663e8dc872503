// The figures of public projects (docs/modules.md, "stats"): projects by status and territory,
// money transferred by territory, currency and month, observations answered in time. All public.
import { defineStats } from '../../platform/stats/stats.ts';

export const projectStats = defineStats('projects', {
  by_status: { kind: 'count', unit: 'projects', labelKey: 'projects.contract.stat.projects', dimensions: ['territory', 'status', 'kind'], public: true },
  transferred: { kind: 'sum', unit: 'minor units of the currency', labelKey: 'projects.contract.stat.transferred', dimensions: ['territory', 'time', 'currency'], public: true },
  observations_filed: { kind: 'count', unit: 'observations', labelKey: 'projects.contract.stat.observations', dimensions: ['territory', 'time'], public: true },
  loaned: { kind: 'sum', unit: 'minor units of the currency', labelKey: 'projects.contract.stat.loaned', dimensions: ['territory', 'time', 'purpose', 'currency'], public: true },
  answered_in_time: { kind: 'count', unit: 'observations', labelKey: 'projects.contract.stat.answeredInTime', dimensions: ['territory', 'time'], public: true },
});
