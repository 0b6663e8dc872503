// The figures the CGII keeps: incidents reported, closed and closed on time (the `001` goal:
// 90 % attended on time), and the hours to close; each in the cell of the incident (its
// agency, its sector — the agency's level group in the register —, the hour it was reported,
// its category class and severity); the hours to first response and to containment, recorded
// once each when they happen (the observatory's median times). And the entities with a security plan in force (+1 when
// an entity gets one, -1 when it lapses), by agency and sector.
import type { Deps } from '../../platform/module.ts';
import { defineStats } from '../../platform/stats/stats.ts';
import { getAgency, levelGroupOf } from '../agencies/index.ts';

const dimensions = ['agency', 'sector', 'time', 'category', 'severity'];
export const CLOSE_HOUR_EDGES: number[] = [1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 168, 240, 336, 720];

export const cgiiStats = defineStats('cgii', {
  reported: { kind: 'count', unit: 'incidents', labelKey: 'cgii.stat.reported', dimensions, public: true },
  closed: { kind: 'count', unit: 'incidents', labelKey: 'cgii.stat.closed', dimensions, public: true },
  closed_in_time: { kind: 'count', unit: 'incidents', labelKey: 'cgii.stat.closedInTime', dimensions, public: true },
  hours_to_close: { kind: 'distribution', unit: 'hours', labelKey: 'cgii.stat.hoursToClose', dimensions, buckets: CLOSE_HOUR_EDGES, public: true },
  hours_to_first_response: { kind: 'distribution', unit: 'hours', labelKey: 'cgii.stat.hoursToFirstResponse', dimensions, buckets: CLOSE_HOUR_EDGES, public: true },
  hours_to_containment: { kind: 'distribution', unit: 'hours', labelKey: 'cgii.stat.hoursToContainment', dimensions, buckets: CLOSE_HOUR_EDGES, public: true },
  plans_in_force: { kind: 'count', unit: 'entities', labelKey: 'cgii.stat.plansInForce', dimensions: ['agency', 'sector'], public: true },
});

/** The entity's sector for the figures: its level group in the agencies register (`other` when not in it). */
export async function sectorOf(deps: Pick<Deps, 'db'>, agencyCode: string): Promise<string> {
  try {
    return levelGroupOf((await getAgency(deps, agencyCode)).level);
  } catch {
    return 'other';
  }
}
