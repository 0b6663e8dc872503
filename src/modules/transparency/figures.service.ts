// Figures for the observatory (docs/transparency.md, "Figures"): the 001 goal (central entities
// with a digital mechanism of access to information), requests answered in legal time, and the
// compliance index by entity level.
import type { Deps } from '../../platform/module.ts';
import { readStat, type StatRow } from '../../platform/stats/stats.ts';
import { listAgencies } from '../agencies/index.ts';
import { complianceSummary } from './publications.service.ts';
import { agenciesAnsweringOnline } from './transparency.queries.ts';
import { transparencyStats } from './transparency.stats.ts';

export interface TransparencyFigures {
  /** National (central) entities that answered at least one request through the platform, of all national entities. */
  centralEntitiesWithAccess: { count: number; total: number; percent: number | null };
  /** Requests closed (answered or refused) within the legal time, of those closed. */
  answeredInTime: { inTime: number; closed: number; percent: number | null };
  complianceByLevel: Array<{ level: string; index: number | null; entities: number }>;
  complianceMonth: string | null;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);

export async function transparencyFigures(deps: Pick<Deps, 'db' | 'dbRead' | 'country'>): Promise<TransparencyFigures> {
  const [national, answering, closed, inTime, compliance] = await Promise.all([
    listAgencies(deps, 'national'),
    agenciesAnsweringOnline(deps.dbRead),
    readStat(deps.dbRead, transparencyStats.closed),
    readStat(deps.dbRead, transparencyStats.answered_in_time),
    complianceSummary(deps),
  ]);
  const with_ = national.filter((a) => answering.includes(a.code)).length;
  const total = (rows: StatRow[]) => rows.reduce((s, r) => s + (r.count ?? 0), 0);
  const c = total(closed);
  const i = total(inTime);
  return {
    centralEntitiesWithAccess: { count: with_, total: national.length, percent: percent(with_, national.length) },
    answeredInTime: { inTime: i, closed: c, percent: percent(i, c) },
    complianceByLevel: compliance.byLevel,
    complianceMonth: compliance.month,
  };
}
