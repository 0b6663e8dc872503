// The figures the reports module keeps (docs/modules.md, "stats"; docs/reports.md, "Statistics").
// Every figure is counted in the cell of the report it is about: its territory path, the
// agency responsible, its category, and the hour it was received (so a month's figures are
// those of the reports received that month, and a rebuild from the reports gives the same cells).
import { defineStats } from '../../platform/stats/stats.ts';

/** Response-time histogram edges, in hours: each hour of the first 3 days, every 6 hours to a week, each day to 30 days, each week to a year. */
export const RESPONSE_HOUR_EDGES: number[] = [
  ...Array.from({ length: 72 }, (_, i) => i + 1),
  ...Array.from({ length: 16 }, (_, i) => 78 + i * 6),
  ...Array.from({ length: 23 }, (_, i) => 192 + i * 24),
  ...Array.from({ length: 48 }, (_, i) => 840 + i * 168),
];

const dimensions = ['territory', 'agency', 'time', 'category'];

export const reportStats = defineStats('reports', {
  received: { kind: 'count', unit: 'reports', labelKey: 'reports.contract.stat.received', dimensions, public: true },
  resolved: { kind: 'count', unit: 'reports', labelKey: 'reports.contract.stat.resolved', dimensions, public: true },
  reopened: { kind: 'count', unit: 'reports', labelKey: 'reports.contract.stat.reopened', dimensions, public: true },
  answered_in_time: { kind: 'count', unit: 'reports', labelKey: 'reports.contract.stat.answeredInTime', dimensions, public: true },
  response_hours: { kind: 'distribution', unit: 'hours', labelKey: 'reports.contract.stat.responseHours', dimensions, buckets: RESPONSE_HOUR_EDGES, public: true },
});
