// The public figure of the enterprises' tools: entries recorded in units' cash books, by kind and
// month. Counts only: a unit's money is its own.
import { defineStats } from '../../platform/stats/stats.ts';

export const enterpriseStats = defineStats('enterprises', {
  entries: { kind: 'count', unit: 'cash book entries', labelKey: 'enterprises.contract.stat.entries', dimensions: ['time', 'kind'], public: true },
});
