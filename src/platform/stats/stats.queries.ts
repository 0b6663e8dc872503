// SQL of the statistics engine (platform.stat and platform.stat_delta, migration 003).
import { type RawBuilder, sql } from 'kysely';
import type { Database, Queryable } from '../db/index.ts';

export interface DeltaRow {
  module: string;
  name: string;
  territoryPath: string[];
  agency: string;
  hour: Date | null;
  dims: Record<string, string>;
  bucket: number;
  count: number;
  sum: number;
}

export async function insertDelta(trx: Queryable, row: DeltaRow): Promise<void> {
  await sql`
    INSERT INTO platform.stat_delta (module, name, territory_path, agency, hour, dims, bucket, count, sum)
    VALUES (${row.module}, ${row.name}, ${row.territoryPath}::text[], ${row.agency},
            coalesce(date_trunc('hour', ${row.hour}::timestamptz), '-infinity'), ${JSON.stringify(row.dims)}::jsonb,
            ${row.bucket}, ${row.count}, ${row.sum})`.execute(trx);
}

/** Many delta rows in one statement (rows of the same cell may repeat; the fold adds them up). */
export async function insertDeltas(trx: Queryable, rows: DeltaRow[]): Promise<void> {
  if (rows.length === 0) return;
  await deltasInsert(rows).execute(trx);
}

/** The INSERT of `insertDeltas` as a statement to run or to embed (a data-modifying CTE of the write pattern, src/platform/db/audited-insert.ts). */
export function deltasInsert(rows: DeltaRow[], condition?: RawBuilder<unknown>): RawBuilder<unknown> {
  const json = JSON.stringify(
    rows.map((r) => ({
      module: r.module,
      name: r.name,
      territory_path: r.territoryPath,
      agency: r.agency,
      hour: r.hour?.toISOString() ?? null,
      dims: r.dims,
      bucket: r.bucket,
      count: r.count,
      sum: r.sum,
    })),
  );
  return sql`
    INSERT INTO platform.stat_delta (module, name, territory_path, agency, hour, dims, bucket, count, sum)
    SELECT module, name, territory_path, agency, coalesce(date_trunc('hour', hour), '-infinity'), dims, bucket, count, sum
      FROM jsonb_to_recordset(${json}::jsonb)
        AS r(module text, name text, territory_path text[], agency text, hour timestamptz, dims jsonb, bucket integer, count integer, sum numeric)
    ${condition ?? sql``}`;
}

/**
 * Deletes a figure's totals, rollups and pending deltas. Holds the folders' lock to the end of
 * the caller's transaction, so that no fold or rollup build reads the cells being deleted.
 */
export async function deleteFigure(trx: Queryable, module: string, name: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('platform.fold_stats'))`.execute(trx);
  await sql`DELETE FROM platform.stat_delta WHERE module = ${module} AND name = ${name}`.execute(trx);
  await sql`DELETE FROM platform.stat WHERE module = ${module} AND name = ${name}`.execute(trx);
  await sql`DELETE FROM platform.stat_rollup WHERE module = ${module} AND name = ${name}`.execute(trx);
}

/**
 * Moves every visible delta into the hour cells and into the day and month cells of every
 * rolled-up zone, one folder at a time (others return 0); first builds the rollups of each
 * zone in `timeZones` not rolled up yet. Returns how many deltas moved.
 */
export async function foldDeltas(db: Database, timeZones: readonly string[] = []): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext('platform.fold_stats')) AS locked`.execute(trx);
    if (!lock.rows[0]?.locked) return 0;
    for (const zone of timeZones) await buildRollups(trx, zone);
    const result = await sql<{ n: number }>`
      WITH moved AS (DELETE FROM platform.stat_delta RETURNING *),
      folded AS (
        INSERT INTO platform.stat (module, name, territory_path, agency, hour, dims, bucket, count, sum)
        SELECT module, name, territory_path, agency, hour, dims, bucket, sum(count), sum(sum)
          FROM moved GROUP BY module, name, territory_path, agency, hour, dims, bucket
        ON CONFLICT (module, name, territory_path, agency, hour, dims, bucket)
          DO UPDATE SET count = stat.count + EXCLUDED.count, sum = stat.sum + EXCLUDED.sum
        RETURNING 1),
      rolled AS (
        INSERT INTO platform.stat_rollup (module, name, time_zone, grain, period_start, territory_path, agency, dims, bucket, count, sum)
        SELECT m.module, m.name, z.time_zone, g.grain, date_trunc(g.grain, m.hour, z.time_zone), m.territory_path, m.agency, m.dims, m.bucket, sum(m.count), sum(m.sum)
          FROM moved m CROSS JOIN platform.stat_rollup_zone z CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
         WHERE m.hour > '-infinity'
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT (module, name, time_zone, grain, period_start, territory_path, agency, dims, bucket)
          DO UPDATE SET count = stat_rollup.count + EXCLUDED.count, sum = stat_rollup.sum + EXCLUDED.sum
        RETURNING 1)
      SELECT (SELECT count(*) FROM moved)::int AS n`.execute(trx);
    return result.rows[0]?.n ?? 0;
  });
}

/** A zone's day and month cells from the hour cells, and its registration (inside the fold's lock; nothing when already built). */
async function buildRollups(trx: Queryable, timeZone: string): Promise<void> {
  const added = await sql`INSERT INTO platform.stat_rollup_zone (time_zone) VALUES (${timeZone}) ON CONFLICT DO NOTHING RETURNING 1`.execute(trx);
  if (added.rows.length === 0) return;
  await sql`
    INSERT INTO platform.stat_rollup (module, name, time_zone, grain, period_start, territory_path, agency, dims, bucket, count, sum)
    SELECT s.module, s.name, ${timeZone}::text, g.grain, date_trunc(g.grain, s.hour, ${timeZone}::text), s.territory_path, s.agency, s.dims, s.bucket, sum(s.count), sum(s.sum)
      FROM platform.stat s CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
     WHERE s.hour > '-infinity'
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ON CONFLICT (module, name, time_zone, grain, period_start, territory_path, agency, dims, bucket)
      -- Cells left from an earlier registration of the zone: the hour cells are the truth.
      DO UPDATE SET count = EXCLUDED.count, sum = EXCLUDED.sum`.execute(trx);
}

export interface CellQuery {
  module: string;
  name: string;
  /** Output name → SQL expression over the cell's columns (built by stats.ts from a whitelist). */
  groups: Array<{ as: string; expression: RawBuilder<unknown> }>;
  /** Conditions on territory_path, agency and dims (never on hour). */
  filters: RawBuilder<unknown>[];
  /** Half-open range [from, to) on the hour cells (from taken to its hour). */
  from?: Date;
  to?: Date;
  /**
   * Day and month cells may stand for the hours they hold: in `zone` only (`strict`, when rows
   * are grouped by periods of that zone) or in any rolled-up zone; months only when `months`.
   * Null: hour cells only (a figure without time, or a read that asks for hours).
   */
  rollups: { zone: string; strict: boolean; months: boolean } | null;
}

export interface CellRow {
  group: Record<string, string | null>;
  bucket: number;
  count: number;
  sum: number;
}

interface Bounds {
  lo: string;
  hi: string;
  z: string;
  d1: string;
  d2: string;
  m1: string;
  m2: string;
}

/**
 * The bounds of a rolled-up read, as timestamptz text (infinities included): hour cells in
 * [lo, d1) and [d2, hi), day cells in [d1, m1) and [m2, d2), month cells in [m1, m2), all in
 * zone z; the periods' local midnights computed by PostgreSQL, as the fold computes them.
 * Undefined when no zone is rolled up or the range holds no whole day (hour cells only).
 * Without whole months (or when not allowed): m1 = m2 = d1.
 */
async function rollupBounds(db: Queryable, query: CellQuery, rollups: NonNullable<CellQuery['rollups']>): Promise<Bounds | undefined> {
  const zone = rollups.strict
    ? sql`(SELECT time_zone FROM platform.stat_rollup_zone WHERE time_zone = ${rollups.zone})`
    : sql`coalesce((SELECT time_zone FROM platform.stat_rollup_zone WHERE time_zone = ${rollups.zone}), (SELECT min(time_zone) FROM platform.stat_rollup_zone))`;
  const result = await sql<Bounds>`
    WITH p AS MATERIALIZED (
           SELECT coalesce(date_trunc('hour', ${query.from ?? null}::timestamptz), '-infinity') AS lo,
                  coalesce(${query.to ?? null}::timestamptz, 'infinity') AS hi, ${zone} AS z),
         b1 AS MATERIALIZED (SELECT lo, hi, z, date_trunc('day', lo, z) AS td, date_trunc('day', hi, z) AS d2 FROM p WHERE z IS NOT NULL),
         b2 AS MATERIALIZED (SELECT lo, hi, z, d2, CASE WHEN td >= lo THEN td ELSE date_trunc('day', td + interval '26 hours', z) END AS d1 FROM b1),
         b3 AS MATERIALIZED (
           SELECT lo, hi, z, d1, d2, date_trunc('month', d2, z) AS m2,
                  CASE WHEN date_trunc('month', d1, z) >= d1 THEN date_trunc('month', d1, z)
                       ELSE date_trunc('month', date_trunc('month', d1, z) + interval '768 hours', z) END AS m1
             FROM b2 WHERE d1 < d2)
    SELECT lo::text, hi::text, z, d1::text, d2::text,
           (CASE WHEN ${rollups.months} AND m1 < m2 THEN m1 ELSE d1 END)::text AS m1,
           (CASE WHEN ${rollups.months} AND m1 < m2 THEN m2 ELSE d1 END)::text AS m2
      FROM b3`.execute(db);
  return result.rows[0];
}

/**
 * Totals plus pending deltas of one figure, grouped: the coarsest cells that cover the range
 * exactly, hour cells at its edges (the bounds first, then every cell in one statement: one
 * snapshot, exact while a fold runs).
 */
export async function selectCells(db: Queryable, query: CellQuery): Promise<CellRow[]> {
  const columns = sql`module, name, territory_path, agency, hour, dims, bucket, count, sum`;
  const rollupColumns = sql`module, name, territory_path, agency, period_start AS hour, dims, bucket, count, sum`;
  const groupSelect = query.groups.map((g, i) => sql`${g.expression}::text AS ${sql.ref(`g${i}`)}`);
  const groupBy = query.groups.map((_, i) => sql.ref(`g${i}`));
  const figure = [sql`module = ${query.module}`, sql`name = ${query.name}`, ...query.filters];
  const where = (...more: RawBuilder<unknown>[]) => sql.join([...figure, ...more], sql` AND `);
  const b = query.rollups ? await rollupBounds(db, query, query.rollups) : undefined;
  const t = (value: string) => sql`${value}::timestamptz`;
  let cells: RawBuilder<unknown>;
  if (b) {
    // One branch per range, so that each is one range scan of an index.
    const hours = (from: string, to: string) => sql`SELECT ${columns} FROM platform.stat WHERE ${where(sql`hour >= ${t(from)}`, sql`hour < ${t(to)}`)}`;
    const rolled = (grain: 'day' | 'month', from: string, to: string) =>
      sql`SELECT ${rollupColumns} FROM platform.stat_rollup
           WHERE ${where(sql`time_zone = ${b.z}`, sql`grain = ${grain}`, sql`period_start >= ${t(from)}`, sql`period_start < ${t(to)}`)}`;
    cells = sql.join(
      [
        hours(b.lo, b.d1),
        hours(b.d2, b.hi),
        sql`SELECT ${columns} FROM platform.stat_delta WHERE ${where(sql`hour >= ${t(b.lo)}`, sql`hour < ${t(b.hi)}`)}`,
        rolled('day', b.d1, b.m1),
        rolled('month', b.m1, b.m2),
        rolled('day', b.m2, b.d2),
      ],
      sql` UNION ALL `,
    );
  } else {
    const range: RawBuilder<unknown>[] = [];
    if (query.from !== undefined) range.push(sql`hour >= date_trunc('hour', ${query.from}::timestamptz)`);
    if (query.to !== undefined) range.push(sql`hour < ${query.to}::timestamptz`);
    cells = sql`SELECT ${columns} FROM platform.stat WHERE ${where(...range)} UNION ALL SELECT ${columns} FROM platform.stat_delta WHERE ${where(...range)}`;
  }
  const result = await sql<Record<string, unknown>>`
    SELECT ${sql.join([...groupSelect, sql`bucket`, sql`sum(count)::bigint AS count`, sql`sum(sum)::float8 AS sum`])}
      FROM (${cells}) cell
     GROUP BY ${sql.join([...groupBy, sql`bucket`])}
     ORDER BY ${sql.join([...groupBy, sql`bucket`])}`.execute(db);
  return result.rows.map((row) => ({
    group: Object.fromEntries(query.groups.map((g, i) => [g.as, (row[`g${i}`] as string | null) ?? null])),
    bucket: Number(row.bucket),
    count: Number(row.count),
    sum: Number(row.sum),
  }));
}
