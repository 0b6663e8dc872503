// The figures public registries keep: records written by registry, and reads by the
// reading agency (the exchange's consumers), by registry.
import { defineStats } from '../../platform/stats/stats.ts';

export const registryStats = defineStats('registries', {
  records: { kind: 'count', unit: 'records', labelKey: 'registries.stats.records', dimensions: ['agency', 'time', 'registry'], public: true },
  reads: { kind: 'count', unit: 'reads', labelKey: 'registries.stats.reads', dimensions: ['agency', 'time', 'registry'], public: true },
});
