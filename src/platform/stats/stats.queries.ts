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

/** Deletes a figure's totals and pending deltas. */
export async function deleteFigure(trx: Queryable, module: string, name: string): Promise<void> {
  await sql`DELETE FROM platform.stat_delta WHERE module = ${module} AND name = ${name}`.execute(trx);
  await sql`DELETE FROM platform.stat WHERE module = ${module} AND name = ${name}`.execute(trx);
}

/** Moves every visible delta into the totals, one folder at a time (others return 0); returns how many moved. */
export async function foldDeltas(db: Database): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext('platform.fold_stats')) AS locked`.execute(trx);
    if (!lock.rows[0]?.locked) return 0;
    const result = await sql<{ n: number }>`
      WITH moved AS (DELETE FROM platform.stat_delta RETURNING *),
      folded AS (
        INSERT INTO platform.stat (module, name, territory_path, agency, hour, dims, bucket, count, sum)
        SELECT module, name, territory_path, agency, hour, dims, bucket, sum(count), sum(sum)
          FROM moved GROUP BY module, name, territory_path, agency, hour, dims, bucket
        ON CONFLICT (module, name, territory_path, agency, hour, dims, bucket)
          DO UPDATE SET count = stat.count + EXCLUDED.count, sum = stat.sum + EXCLUDED.sum
        RETURNING 1)
      SELECT (SELECT count(*) FROM moved)::int AS n`.execute(trx);
    return result.rows[0]?.n ?? 0;
  });
}

export interface CellQuery {
  module: string;
  name: string;
  /** Output name → SQL expression over the cell's columns (built by stats.ts from a whitelist). */
  groups: Array<{ as: string; expression: RawBuilder<unknown> }>;
  filters: RawBuilder<unknown>[];
}

export interface CellRow {
  group: Record<string, string | null>;
  bucket: number;
  count: number;
  sum: number;
}

/** Totals plus pending deltas of one figure, grouped, in one statement (one snapshot: exact while a fold runs). */
export async function selectCells(db: Queryable, query: CellQuery): Promise<CellRow[]> {
  const columns = sql`module, name, territory_path, agency, hour, dims, bucket, count, sum`;
  const groupSelect = query.groups.map((g, i) => sql`${g.expression}::text AS ${sql.ref(`g${i}`)}`);
  const groupBy = query.groups.map((_, i) => sql.ref(`g${i}`));
  const where = [sql`module = ${query.module}`, sql`name = ${query.name}`, ...query.filters];
  const result = await sql<Record<string, unknown>>`
    SELECT ${sql.join([...groupSelect, sql`bucket`, sql`sum(count)::bigint AS count`, sql`sum(sum)::float8 AS sum`])}
      FROM (SELECT ${columns} FROM platform.stat UNION ALL SELECT ${columns} FROM platform.stat_delta) cell
     WHERE ${sql.join(where, sql` AND `)}
     GROUP BY ${sql.join([...groupBy, sql`bucket`])}
     ORDER BY ${sql.join([...groupBy, sql`bucket`])}`.execute(db);
  return result.rows.map((row) => ({
    group: Object.fromEntries(query.groups.map((g, i) => [g.as, (row[`g${i}`] as string | null) ?? null])),
    bucket: Number(row.bucket),
    count: Number(row.count),
    sum: Number(row.sum),
  }));
}
