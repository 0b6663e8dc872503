// SQL of the statistics: append-only deltas (reports.stat_delta) folded into reports.stat.
import { sql } from 'kysely';
import type { Database, Queryable } from '../../platform/db/index.ts';

export interface StatDelta {
  received?: number;
  resolved?: number;
  answered?: number;
  answeredInTime?: number;
  reopened?: number;
  /** Hours to first answer (a histogram bucket); counters otherwise. */
  bucket?: number;
}

/** Appends one delta per scope (append-only: writers never wait on each other). */
export async function insertStatDeltas(db: Queryable, scopes: string[], d: StatDelta): Promise<void> {
  await sql`
    INSERT INTO reports.stat_delta (scope, bucket, received, resolved, answered, answered_in_time, reopened)
    SELECT s, ${d.bucket ?? -1}, ${d.received ?? 0}, ${d.resolved ?? 0}, ${d.answered ?? 0}, ${d.answeredInTime ?? 0}, ${d.reopened ?? 0}
      FROM unnest(${scopes}::text[]) AS s`.execute(db);
}

/** Folds pending deltas into the totals (one compactor at a time; others skip); returns how many it folded. */
export async function compactStats(db: Queryable): Promise<number> {
  return (db as Database).transaction().execute(async (trx) => {
    const lock = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(74174611) AS locked`.execute(trx);
    return lock.rows[0]?.locked ? foldStats(trx) : 0;
  });
}

async function foldStats(db: Queryable): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH moved AS (DELETE FROM reports.stat_delta RETURNING *),
    folded AS (
      INSERT INTO reports.stat (scope, bucket, received, resolved, answered, answered_in_time, reopened)
      SELECT scope, bucket, sum(received), sum(resolved), sum(answered), sum(answered_in_time), sum(reopened) FROM moved GROUP BY scope, bucket
      ON CONFLICT (scope, bucket) DO UPDATE SET received = stat.received + EXCLUDED.received, resolved = stat.resolved + EXCLUDED.resolved,
        answered = stat.answered + EXCLUDED.answered, answered_in_time = stat.answered_in_time + EXCLUDED.answered_in_time,
        reopened = stat.reopened + EXCLUDED.reopened
      RETURNING 1)
    SELECT (SELECT count(*) FROM moved)::int AS n`.execute(db);
  return result.rows[0]?.n ?? 0;
}

export interface StatRow {
  bucket: number;
  received: number;
  resolved: number;
  answered: number;
  answered_in_time: number;
  reopened: number;
}

/** Asks for a compaction in a few seconds; many requests in that window make one job. */
export async function requestStatsCompaction(db: Queryable, jobName: string): Promise<void> {
  await sql`SELECT graphile_worker.add_job(${jobName}, '{}'::json, job_key => 'reports-stats-compaction', run_at => now() + interval '5 seconds',
            job_key_mode => 'preserve_run_at', max_attempts => 5)`.execute(db);
}

/** Totals plus pending deltas of one scope, by bucket. */
export async function findStatRows(db: Queryable, scope: string): Promise<StatRow[]> {
  const result = await sql<StatRow>`
    SELECT bucket, sum(received)::bigint AS received, sum(resolved)::bigint AS resolved, sum(answered)::bigint AS answered,
           sum(answered_in_time)::bigint AS answered_in_time, sum(reopened)::bigint AS reopened
      FROM (SELECT bucket, received, resolved, answered, answered_in_time, reopened FROM reports.stat WHERE scope = ${scope}
            UNION ALL
            SELECT bucket, received, resolved, answered, answered_in_time, reopened FROM reports.stat_delta WHERE scope = ${scope}) s
     GROUP BY bucket ORDER BY bucket`.execute(db);
  return result.rows.map((r) => ({
    bucket: r.bucket,
    received: Number(r.received),
    resolved: Number(r.resolved),
    answered: Number(r.answered),
    answered_in_time: Number(r.answered_in_time),
    reopened: Number(r.reopened),
  }));
}

/**
 * Recomputes every statistic from the reports themselves (repair, and after bulk loads).
 * Scopes: every territory on a report's path, its agency, and 'all'.
 */
export async function rebuildStats(db: Queryable): Promise<void> {
  await sql`DELETE FROM reports.stat_delta`.execute(db);
  await sql`DELETE FROM reports.stat`.execute(db);
  await sql`
    WITH base AS (
      SELECT r.territory_path, r.agency_code, r.reopened_count,
             (r.status = 'resolved')::int AS resolved,
             CASE WHEN r.first_response_at IS NULL THEN NULL ELSE least(floor(extract(epoch FROM r.first_response_at - r.created_at) / 3600), 8760)::int END AS bucket,
             (r.first_response_at <= r.due_at)::int AS in_time
        FROM reports.report r),
    scoped AS (
      SELECT 'all' AS scope, b.* FROM base b
      UNION ALL SELECT 'a:' || b.agency_code, b.* FROM base b WHERE b.agency_code IS NOT NULL
      UNION ALL SELECT 't:' || t, b.* FROM base b, unnest(b.territory_path) AS t)
    INSERT INTO reports.stat (scope, bucket, received, resolved, answered, answered_in_time, reopened)
    SELECT scope, -1, count(*), sum(resolved), 0, 0, sum(reopened_count) FROM scoped GROUP BY scope
    UNION ALL
    SELECT scope, bucket, 0, 0, count(*), sum(in_time), 0 FROM scoped WHERE bucket IS NOT NULL GROUP BY scope, bucket`.execute(db);
}
