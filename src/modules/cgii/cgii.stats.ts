// The figures the CGII keeps: incidents reported, closed and closed on time (the `001` goal:
// 90 % attended on time), and the hours to close; each in the cell of the incident (its
// agency, the hour it was reported, its category class and severity).
import { defineStats } from '../../platform/stats/stats.ts';

const dimensions = ['agency', 'time', 'category', 'severity'];
export const CLOSE_HOUR_EDGES: number[] = [1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 168, 240, 336, 720];

export const cgiiStats = defineStats('cgii', {
  reported: { kind: 'count', unit: 'incidents', labelKey: 'cgii.stat.reported', dimensions, public: true },
  closed: { kind: 'count', unit: 'incidents', labelKey: 'cgii.stat.closed', dimensions, public: true },
  closed_in_time: { kind: 'count', unit: 'incidents', labelKey: 'cgii.stat.closedInTime', dimensions, public: true },
  hours_to_close: { kind: 'distribution', unit: 'hours', labelKey: 'cgii.stat.hoursToClose', dimensions, buckets: CLOSE_HOUR_EDGES, public: true },
});
