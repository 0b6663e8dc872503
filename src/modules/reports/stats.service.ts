// Statistics of reports: kept incrementally (each change appends delta rows, a debounced job
// folds them), read as totals plus pending deltas.
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { compactStats, findStatRows, rebuildStats, requestStatsCompaction } from './stats.queries.ts';
import type { ReportStats } from './report.types.ts';

/** The scopes a report counts in: everything, each territory of its path, its agency. */
export function statScopes(territoryPath: string[], agencyCode: string | null): string[] {
  return ['all', ...territoryPath.map((t) => `t:${t}`), ...(agencyCode ? [`a:${agencyCode}`] : [])];
}

/** Statistics of a territory (`t:<code>`), an agency (`a:<code>`) or everything (`all`). */
export async function getReportStats(deps: Pick<Deps, 'db'>, scope: { territoryCode?: string; agencyCode?: string }): Promise<ReportStats> {
  const key = scope.territoryCode ? `t:${scope.territoryCode}` : scope.agencyCode ? `a:${scope.agencyCode}` : 'all';
  const rows = await findStatRows(deps.db, key);
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((total, r) => total + f(r), 0);
  const answered = sum((r) => r.answered);
  let median: number | null = null;
  if (answered > 0) {
    const half = answered / 2;
    let seen = 0;
    for (const r of rows.filter((row) => row.bucket >= 0)) {
      seen += r.answered;
      if (seen >= half) {
        median = r.bucket + 0.5;
        break;
      }
    }
  }
  const answeredInTime = sum((r) => r.answered_in_time);
  return {
    scope: key,
    received: sum((r) => r.received),
    resolved: sum((r) => r.resolved),
    answered,
    answeredInTime,
    reopened: sum((r) => r.reopened),
    medianResponseHours: median,
    shareInTime: answered > 0 ? answeredInTime / answered : null,
  };
}

/** Asks for the statistics deltas to be folded soon (one debounced job). */
export async function requestReportStatsCompaction(deps: Pick<Deps, 'db'>): Promise<void> {
  await requestStatsCompaction(deps.db, 'reports:compact_stats');
}

/** Folds the pending statistics deltas into the totals (the reports:compact_stats job). */
export async function compactReportStats(deps: Pick<Deps, 'db'>): Promise<number> {
  return compactStats(deps.db);
}

/** Recomputes the statistics from the reports (repair, after bulk loads). */
export async function rebuildReportStats(db: Queryable): Promise<void> {
  await rebuildStats(db);
}
