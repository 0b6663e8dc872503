// What cases add to the statistics of their procedures (the catalog's `stats`): recorded in
// the transaction of each submission, decision and rating, and rebuilt from the cases.
import { localDate } from '../../../platform/country/business-days.ts';
import type { Database, Queryable } from '../../../platform/db/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { clearStat, foldStats, recordStats } from '../../../platform/stats/stats.ts';
import { applicationDims, type ApplicationCell, procedureStats, recordProcedureFigures } from '../../catalog/index.ts';
import { listCaseStatFacts } from '../case.queries.ts';

const DAY_MS = 86_400_000;

/** A decided case's completion: calendar days from submission, and whether decided by its due date (in the country's calendar). */
export function completionOf(deps: Pick<Deps, 'country'>, submittedAt: Date, decidedAt: Date, dueDate: string): { days: number; inTime: boolean } {
  return { days: (decidedAt.getTime() - submittedAt.getTime()) / DAY_MS, inTime: localDate(deps.country, decidedAt) <= dueDate };
}

/** The case's decision, in its procedure's figures. */
export function recordCaseDecided(deps: Pick<Deps, 'country'>, trx: Queryable, c: ApplicationCell, decidedAt: Date, dueDate: string): Promise<void> {
  return recordProcedureFigures(trx, c, { completed: completionOf(deps, c.submittedAt, decidedAt, dueDate) });
}

const PAGE = 10_000;

/** Recomputes every procedure's figures from the cases (repair, after bulk loads), then folds them. */
export async function rebuildProcedureStatistics(deps: Pick<Deps, 'country'> & { db: Database }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    for (const stat of Object.values(procedureStats)) await clearStat(trx, stat);
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await listCaseStatFacts(trx, afterId, PAGE);
      if (page.length === 0) break;
      afterId = page[page.length - 1]!.id;
      const cells = page.map((c) => ({ c, dims: applicationDims(c) }));
      const decided = cells.flatMap(({ c, dims }) => (c.decidedAt ? [{ dims, completion: completionOf(deps, c.submittedAt, c.decidedAt, c.dueDate) }] : []));
      await recordStats(trx, procedureStats.applications, cells);
      await recordStats(
        trx,
        procedureStats.days_to_complete,
        decided.map((d) => ({ dims: d.dims, value: Math.max(0, d.completion.days) })),
      );
      await recordStats(
        trx,
        procedureStats.completed_in_time,
        decided.filter((d) => d.completion.inTime),
      );
      await recordStats(
        trx,
        procedureStats.satisfaction,
        cells.flatMap(({ c, dims }) => (c.satisfaction === null ? [] : [{ dims, value: c.satisfaction }])),
      );
    }
  });
  await foldStats(deps.db);
}
