// Statistics of procedures: the figures of procedure.stats.ts, recorded by the cases module in
// the transaction of each application's submission, decision and rating, and read here for the
// procedure page, GET /api/v1/procedure-statistics and the agency totals (exact at any moment).
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { readStat, recordStat, type StatDims, type StatQuery, type StatRef } from '../../platform/stats/stats.ts';
import { catalogCache, forgetStatistics, STATS_CACHE_MS } from './catalog-cache.ts';
import { findPublishedProcedureRefs } from './procedure.queries.ts';
import { procedureStats } from './procedure.stats.ts';
import type { ProcedureStatistics } from './procedure.types.ts';

/** What places an application in its cell: its procedure, agency and hour of submission. */
export interface ApplicationCell {
  procedureId: string;
  agencyCode: string;
  submittedAt: Date;
}

/** The changes one step of an application makes to its procedure's figures. */
export interface ApplicationFigures {
  /** Submitted (1), or taken back (-1, a repair). */
  applied?: number;
  /** Decided: calendar days since submission, and whether by the legal due date. */
  completed?: { days: number; inTime: boolean };
  /** The person's rating, 1 to 5. */
  rating?: number;
}

export function applicationDims(cell: ApplicationCell): StatDims {
  return { agency: cell.agencyCode, procedure: cell.procedureId, at: cell.submittedAt };
}

/** Records an application's step in its procedure's figures, in the caller's transaction. */
export async function recordProcedureFigures(trx: Queryable, cell: ApplicationCell, figures: ApplicationFigures): Promise<void> {
  const dims = applicationDims(cell);
  if (figures.applied) await recordStat(trx, procedureStats.applications, dims, figures.applied);
  if (figures.completed) {
    await recordStat(trx, procedureStats.days_to_complete, dims, Math.max(0, figures.completed.days));
    if (figures.completed.inTime) await recordStat(trx, procedureStats.completed_in_time, dims);
  }
  if (figures.rating !== undefined) await recordStat(trx, procedureStats.satisfaction, dims, figures.rating);
  // The public pages of this process read them again (other processes within STATS_CACHE_MS).
  forgetStatistics();
}

/** A procedure's published statistics. */
export interface StoredStatistics extends ProcedureStatistics {
  procedureId: string;
  slug: string;
  agencyCode: string;
  /** When they were read (they are exact at that moment). */
  computedAt: Date;
}

/** Per-agency totals over its published procedures: sums, shares of all completed applications, average of all ratings. */
export interface AgencyStatistics {
  agencyCode: string;
  procedures: number;
  applications: number;
  completed: number;
  shareWithinLegalTime: number | null;
  satisfactionAverage: number | null;
  satisfactionCount: number;
}

interface Raw {
  applications: number;
  completed: number;
  inTime: number;
  median: number | null;
  ratingSum: number;
  ratingCount: number;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** The raw figures of every procedure matching the query, by procedure id. */
async function rawByProcedure(db: Queryable, query: StatQuery): Promise<Map<string, Raw>> {
  const read = (stat: StatRef) => readStat(db, stat, { ...query, groupBy: ['procedure'] });
  const [applications, inTime, days, satisfaction] = await Promise.all([
    read(procedureStats.applications),
    read(procedureStats.completed_in_time),
    read(procedureStats.days_to_complete),
    read(procedureStats.satisfaction),
  ]);
  const raw = new Map<string, Raw>();
  const of = (id: string | null | undefined) => {
    const key = id ?? '';
    let entry = raw.get(key);
    if (!entry) {
      entry = { applications: 0, completed: 0, inTime: 0, median: null, ratingSum: 0, ratingCount: 0 };
      raw.set(key, entry);
    }
    return entry;
  };
  for (const row of applications) of(row.group.procedure).applications = row.count ?? 0;
  for (const row of inTime) of(row.group.procedure).inTime = row.count ?? 0;
  for (const row of days) Object.assign(of(row.group.procedure), { completed: row.count ?? 0, median: row.median });
  for (const row of satisfaction) Object.assign(of(row.group.procedure), { ratingSum: row.sum ?? 0, ratingCount: row.count ?? 0 });
  return raw;
}

function toStatistics(raw: Raw): ProcedureStatistics {
  return {
    applications: raw.applications,
    completed: raw.completed,
    medianDaysToComplete: raw.completed > 0 && raw.median !== null ? round(raw.median, 1) : null,
    shareWithinLegalTime: raw.completed > 0 ? round(raw.inTime / raw.completed, 3) : null,
    satisfactionAverage: raw.ratingCount > 0 ? round(raw.ratingSum / raw.ratingCount, 2) : null,
    satisfactionCount: raw.ratingCount,
  };
}

/** Statistics of published procedures that have had applications (one agency's, or all), by agency and slug. */
async function publishedStatistics(deps: Pick<Deps, 'db'>, agencyCode?: string, procedureId?: string): Promise<Array<StoredStatistics & { raw: Raw }>> {
  const query: StatQuery = procedureId ? { where: { procedure: procedureId } } : agencyCode ? { agency: agencyCode } : {};
  const [refs, raw] = await Promise.all([findPublishedProcedureRefs(deps.db, { agencyCode, procedureId }), rawByProcedure(deps.db, query)]);
  const computedAt = new Date();
  return refs.flatMap((ref) => {
    const figures = raw.get(ref.procedureId);
    return figures && figures.applications > 0 ? [{ ...ref, ...toStatistics(figures), computedAt, raw: figures }] : [];
  });
}

const withoutRaw = ({ raw: _raw, ...stored }: StoredStatistics & { raw: Raw }): StoredStatistics => stored;

/** A published procedure's statistics; undefined before its first application. */
export async function findProcedureStatistics(deps: Pick<Deps, 'db'>, procedureId: string): Promise<StoredStatistics | undefined> {
  const [found] = await publishedStatistics(deps, undefined, procedureId);
  return found ? withoutRaw(found) : undefined;
}

export async function listProcedureStatistics(deps: Pick<Deps, 'db'>): Promise<StoredStatistics[]> {
  return (await publishedStatistics(deps)).map(withoutRaw);
}

/** Totals per agency (one agency, or every agency with statistics). */
export async function listAgencyStatistics(deps: Pick<Deps, 'db'>, agencyCode?: string): Promise<AgencyStatistics[]> {
  const totals = new Map<string, AgencyStatistics & { inTime: number; ratingSum: number }>();
  for (const s of await publishedStatistics(deps, agencyCode)) {
    let agency = totals.get(s.agencyCode);
    if (!agency) {
      agency = { agencyCode: s.agencyCode, procedures: 0, applications: 0, completed: 0, shareWithinLegalTime: null, satisfactionAverage: null, satisfactionCount: 0, inTime: 0, ratingSum: 0 };
      totals.set(s.agencyCode, agency);
    }
    agency.procedures += 1;
    agency.applications += s.raw.applications;
    agency.completed += s.raw.completed;
    agency.inTime += s.raw.inTime;
    agency.satisfactionCount += s.raw.ratingCount;
    agency.ratingSum += s.raw.ratingSum;
  }
  return [...totals.values()].map(({ inTime, ratingSum, ...agency }) => ({
    ...agency,
    shareWithinLegalTime: agency.completed > 0 ? round(inTime / agency.completed, 4) : null,
    satisfactionAverage: agency.satisfactionCount > 0 ? round(ratingSum / agency.satisfactionCount, 2) : null,
  }));
}

// ── Public pages: the same figures, kept STATS_CACHE_MS per process (catalog-cache.ts) ──

const procedureCache = catalogCache<{ statistics: StoredStatistics | undefined }>({ forgottenOn: 'stats', ttlMs: STATS_CACHE_MS, max: 5_000 });
const agencyCache = catalogCache<{ statistics: AgencyStatistics | undefined }>({ forgottenOn: 'stats', ttlMs: STATS_CACHE_MS, max: 1_000 });

/** findProcedureStatistics for public pages: read at most every STATS_CACHE_MS in this process. */
export async function publicProcedureStatistics(deps: Pick<Deps, 'db'>, procedureId: string): Promise<StoredStatistics | undefined> {
  return (await procedureCache.get(deps.db, procedureId, async () => ({ statistics: await findProcedureStatistics(deps, procedureId) }))).statistics;
}

/** An agency's totals for public pages: read at most every STATS_CACHE_MS in this process. */
export async function publicAgencyStatistics(deps: Pick<Deps, 'db'>, agencyCode: string): Promise<AgencyStatistics | undefined> {
  return (await agencyCache.get(deps.db, agencyCode, async () => ({ statistics: (await listAgencyStatistics(deps, agencyCode))[0] }))).statistics;
}
