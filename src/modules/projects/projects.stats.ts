// The figures of public projects (docs/modules.md, "stats"): projects by status and territory,
// money transferred by territory (and by communal circuit), currency and month, the communal banks'
// loans by purpose and money used, observations answered in time. All public.
import { defineStats } from '../../platform/stats/stats.ts';

export const projectStats = defineStats('projects', {
  by_status: { kind: 'count', unit: 'projects', labelKey: 'projects.contract.stat.projects', dimensions: ['territory', 'status', 'kind'], public: true },
  transferred: { kind: 'sum', unit: 'minor units of the currency', labelKey: 'projects.contract.stat.transferred', dimensions: ['territory', 'time', 'currency'], public: true },
  observations_filed: { kind: 'count', unit: 'observations', labelKey: 'projects.contract.stat.observations', dimensions: ['territory', 'time'], public: true },
  loaned: { kind: 'sum', unit: 'minor units of the currency', labelKey: 'projects.contract.stat.loaned', dimensions: ['territory', 'time', 'purpose', 'currency'], public: true },
  // What the communal banks do with the money: loans and payments (positive amounts), by the bank's territory, month, kind and currency.
  used: { kind: 'sum', unit: 'minor units of the currency', labelKey: 'projects.contract.stat.used', dimensions: ['territory', 'time', 'kind', 'currency'], public: true },
  // Money received by communal circuit (the transfer ledger's entries by the project's circuit; `none` without one).
  received_by_circuit: { kind: 'sum', unit: 'minor units of the currency', labelKey: 'projects.contract.stat.receivedByCircuit', dimensions: ['circuit', 'time', 'currency'], public: true },
  answered_in_time: { kind: 'count', unit: 'observations', labelKey: 'projects.contract.stat.answeredInTime', dimensions: ['territory', 'time'], public: true },
});
