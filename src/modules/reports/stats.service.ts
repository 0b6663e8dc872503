// Statistics of reports: the figures of reports.stats.ts, recorded in the transaction of each
// change (recordReportFigures) and read exactly with readStat (totals plus pending deltas;
// the platform job platform:fold_stats folds them).
import type { Database, Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { clearStat, foldStats, readStat, recordStat, recordStats, type StatDims, type StatQuery, type StatRef } from '../../platform/stats/stats.ts';
import type { ReportStats } from './report.types.ts';
import { reportStats } from './reports.stats.ts';
import { listReportStatFacts } from './stats.queries.ts';

/** What places a report in its cell: the figures of a report count where and when it was received. */
export interface ReportCell {
  territoryPath: string[];
  agencyCode: string | null;
  categoryCode: string;
  createdAt: Date;
}

/** The changes one action makes to a report's figures (negative numbers take back). */
export interface ReportFigures {
  received?: number;
  resolved?: number;
  reopened?: number;
  /** The first answer: hours since the report was received, and whether it came within the legal time. */
  answered?: { hours: number; inTime: boolean };
}

function dimsOf(report: ReportCell): StatDims {
  return { territory: report.territoryPath, agency: report.agencyCode ?? '', category: report.categoryCode, at: report.createdAt };
}

/** The statistics records of a change of a report's figures (what recordReportFigures records; the write pattern embeds them). */
export function reportFigureRecords(report: ReportCell, figures: ReportFigures): Array<{ stat: StatRef; dims: StatDims; value: number }> {
  const dims = dimsOf(report);
  const records: Array<{ stat: StatRef; dims: StatDims; value: number }> = [];
  if (figures.received) records.push({ stat: reportStats.received, dims, value: figures.received });
  if (figures.resolved) records.push({ stat: reportStats.resolved, dims, value: figures.resolved });
  if (figures.reopened) records.push({ stat: reportStats.reopened, dims, value: figures.reopened });
  if (figures.answered) {
    records.push({ stat: reportStats.response_hours, dims, value: figures.answered.hours });
    if (figures.answered.inTime) records.push({ stat: reportStats.answered_in_time, dims, value: 1 });
  }
  return records;
}

/** Records a change of a report's figures, in the caller's transaction. */
export async function recordReportFigures(trx: Queryable, report: ReportCell, figures: ReportFigures): Promise<void> {
  for (const record of reportFigureRecords(report, figures)) await recordStat(trx, record.stat, record.dims, record.value);
}

async function total(db: Queryable, stat: StatRef, query: StatQuery): Promise<{ count: number; median: number | null }> {
  const [row] = await readStat(db, stat, query);
  return { count: row?.count ?? 0, median: row?.median ?? null };
}

/** Statistics of a territory (and everything below it), an agency, or everything. */
export async function getReportStats(deps: Pick<Deps, 'db'>, scope: { territoryCode?: string; agencyCode?: string }): Promise<ReportStats> {
  const key = scope.territoryCode ? `t:${scope.territoryCode}` : scope.agencyCode ? `a:${scope.agencyCode}` : 'all';
  const query: StatQuery = scope.territoryCode ? { territory: scope.territoryCode } : scope.agencyCode ? { agency: scope.agencyCode } : {};
  const [received, resolved, reopened, inTime, response] = await Promise.all([
    total(deps.db, reportStats.received, query),
    total(deps.db, reportStats.resolved, query),
    total(deps.db, reportStats.reopened, query),
    total(deps.db, reportStats.answered_in_time, query),
    total(deps.db, reportStats.response_hours, query),
  ]);
  const answered = response.count;
  return {
    scope: key,
    received: received.count,
    resolved: resolved.count,
    answered,
    answeredInTime: inTime.count,
    reopened: reopened.count,
    medianResponseHours: response.median === null ? null : Math.round(response.median * 10) / 10,
    shareInTime: answered > 0 ? inTime.count / answered : null,
  };
}

const PAGE = 10_000;

/** Recomputes every figure from the reports (repair, after bulk loads) in one transaction, then folds them into the totals. */
export async function rebuildReportStats(db: Database): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const stat of Object.values(reportStats)) await clearStat(trx, stat);
    let afterId = 0;
    for (;;) {
      const page = await listReportStatFacts(trx, afterId, PAGE);
      if (page.length === 0) break;
      afterId = page[page.length - 1]!.id;
      const cells = page.map((r) => ({ report: r, dims: dimsOf(r) }));
      const answered = cells.filter((c) => c.report.firstResponseAt !== null);
      await recordStats(trx, reportStats.received, cells);
      await recordStats(
        trx,
        reportStats.resolved,
        cells.filter((c) => c.report.status === 'resolved'),
      );
      await recordStats(
        trx,
        reportStats.reopened,
        cells.filter((c) => c.report.reopenedCount > 0).map((c) => ({ dims: c.dims, value: c.report.reopenedCount })),
      );
      await recordStats(
        trx,
        reportStats.answered_in_time,
        answered.filter((c) => c.report.firstResponseAt! <= c.report.dueAt),
      );
      await recordStats(
        trx,
        reportStats.response_hours,
        answered.map((c) => ({ dims: c.dims, value: hoursBetween(c.report.createdAt, c.report.firstResponseAt!) })),
      );
    }
  });
  await foldStats(db);
}

/** Hours from one moment to another (the observation of reports.response_hours). */
export function hoursBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / 3_600_000);
}
