// The figures of procedures the catalog publishes (docs/modules.md, "stats"), recorded by the
// cases module as applications are submitted, decided and rated (recordProcedureFigures).
// Each figure counts in the cell of the application it is about: the procedure (its id), its
// agency, and the hour the application was submitted. Open data names the procedure by its
// slug and name (publishAs), never by its internal id.
import type { DimensionPublisher } from '../../platform/stats/stats.types.ts';
import { defineStats } from '../../platform/stats/stats.ts';
import { findProcedureNames } from './procedure-names.queries.ts';

const tenths = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 10) / 10);

/** Days-to-completion histogram edges: each tenth of the first day, each half day to 30 days, each day to 90, each week to a year. */
export const DAYS_TO_COMPLETE_EDGES: number[] = [...tenths(0.1, 1, 0.1), ...tenths(1.5, 30, 0.5), ...tenths(31, 90, 1), ...tenths(97, 363, 7)];

const dimensions = ['agency', 'time', 'procedure'];

const publishProcedure: DimensionPublisher = async (deps, ids) => new Map((await findProcedureNames(deps.db, ids)).map((p) => [p.id, { procedure: p.slug, procedure_name: p.name }]));
const publishAs = { procedure: publishProcedure };

export const procedureStats = defineStats('catalog', {
  applications: { kind: 'count', unit: 'applications', labelKey: 'catalog.contract.stat.applications', dimensions, publishAs, public: true },
  completed_in_time: { kind: 'count', unit: 'applications', labelKey: 'catalog.contract.stat.completedInTime', dimensions, publishAs, public: true },
  days_to_complete: { kind: 'distribution', unit: 'days', labelKey: 'catalog.contract.stat.daysToComplete', dimensions, buckets: DAYS_TO_COMPLETE_EDGES, publishAs, public: true },
  satisfaction: { kind: 'sum', unit: 'points (1 to 5)', labelKey: 'catalog.contract.stat.satisfaction', dimensions, publishAs, public: true },
});
