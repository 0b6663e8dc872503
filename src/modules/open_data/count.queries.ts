// How many rows a query finds, by one rule for the DataStore's `total` and package_search's
// `count` (CKAN's `total_estimation_threshold`): past the threshold, the planner's estimate
// (`EXPLAIN`, no row read); at or below it, or with no threshold, the exact count. Counting
// every match is what made searches at volume slow.
import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

/** Tambo's default threshold (CKAN counts unless asked to estimate). */
export const DEFAULT_TOTAL_ESTIMATION_THRESHOLD = 100_000;

/** `from` is the FROM … WHERE … part of the query to count. */
export async function countOrEstimate(db: Queryable, from: RawBuilder<unknown>, threshold: number | null): Promise<{ total: number; estimated: boolean }> {
  if (threshold !== null) {
    const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`EXPLAIN (FORMAT JSON) SELECT 1 ${from}`.execute(db);
    const estimate = Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
    if (estimate > threshold) return { total: estimate, estimated: true };
  }
  const counted = await sql<{ n: number }>`SELECT count(*)::int AS n ${from}`.execute(db);
  return { total: counted.rows[0]!.n, estimated: false };
}
