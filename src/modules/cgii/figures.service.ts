// The median times to first response and to containment (docs/cgii.md#figures), computed from
// the module's own incidents for its public bulletin: wall-clock hours from the report, over the
// incidents reported in the last twelve months (on the country's clock), by month of report and by
// the entity's level group in the agencies register (`other` when not in it).
import type { Deps } from '../../platform/module.ts';
import { localDateTime } from '../../platform/country/zoned.ts';
import { LEVEL_GROUPS, levelGroupOf, listAgencies } from '../agencies/index.ts';
import { responseTimesSince } from './figures.queries.ts';

export interface MedianRow {
  /** `YYYY-MM`, or the level group. */
  key: string;
  firstResponse: number | null;
  firstResponseCount: number;
  containment: number | null;
  containmentCount: number;
}
export const SECTORS = [...Object.keys(LEVEL_GROUPS), 'other'];

/** The median of the values (the mean of the two middle ones when even); null when none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function rowOf(key: string, rows: Array<{ firstResponseHours: number | null; containmentHours: number | null }>): MedianRow {
  const first = rows.flatMap((r) => (r.firstResponseHours === null ? [] : [r.firstResponseHours]));
  const contained = rows.flatMap((r) => (r.containmentHours === null ? [] : [r.containmentHours]));
  return { key, firstResponse: median(first), firstResponseCount: first.length, containment: median(contained), containmentCount: contained.length };
}

/** The medians by month (oldest first, months with incidents only) and by sector, over the last twelve months before `now`. */
export async function responseTimeFigures(deps: Pick<Deps, 'db' | 'dbRead' | 'country'>, now = new Date()): Promise<{ months: MedianRow[]; sectors: MedianRow[] }> {
  const today = localDateTime(deps.country.timeZone, now).date;
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const first = month === 12 ? `${year}-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}`;
  const rows = (await responseTimesSince(deps.dbRead, new Date(now.getTime() - 367 * 86_400_000), deps.country.timeZone)).filter((r) => r.month >= first && r.month <= today.slice(0, 7));
  const sectorOf = new Map((await listAgencies(deps)).map((a) => [a.code, levelGroupOf(a.level) as string]));
  const months = [...new Set(rows.map((r) => r.month))].sort().map((m) =>
    rowOf(
      m,
      rows.filter((r) => r.month === m),
    ),
  );
  const sectors = SECTORS.map((s) =>
    rowOf(
      s,
      rows.filter((r) => (sectorOf.get(r.agencyCode) ?? 'other') === s),
    ),
  ).filter((r) => r.firstResponseCount + r.containmentCount > 0);
  return { months, sectors };
}
