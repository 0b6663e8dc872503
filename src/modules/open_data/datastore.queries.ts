// The DataStore's SQL: each tabular resource's rows live in a typed table of the open_data
// schema, `open_data.ds_<32 hex>` (not in the generated table types: their columns are the
// publisher's). Column names come from the checked data dictionary and are always quoted
// with sql.ref; values are always parameters.
import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import { countOrEstimate } from './count.queries.ts';
import type { DictionaryField } from './open-data.types.ts';

const SQL_TYPE: Record<DictionaryField['type'], string> = { text: 'text', int: 'bigint', numeric: 'numeric', date: 'date', timestamp: 'timestamptz', bool: 'boolean' };
export const TABLE = /^ds_[0-9a-f]{32}$/;

const table = (name: string) => {
  if (!TABLE.test(name)) throw new Error(`not a DataStore table: ${name}`);
  return sql.table(`open_data.${name}`);
};

function cell(value: string, type: DictionaryField['type']): string | null {
  if (value === '') return null;
  if (type === 'bool') return /^true$/i.test(value) ? 'true' : 'false';
  return value;
}

/** Creates the table and loads the rows (typed by the dictionary), in the caller's transaction. */
export async function createDatastoreTable(db: Queryable, name: string, fields: DictionaryField[], rows: string[][]): Promise<void> {
  const columns = fields.map((f) => sql`${sql.ref(f.id)} ${sql.raw(SQL_TYPE[f.type])}`);
  await sql`CREATE TABLE ${table(name)} (_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ${sql.join(columns)})`.execute(db);
  const batch = Math.max(1, Math.floor(30_000 / Math.max(1, fields.length)));
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    // One parameter per column: arrays unnested side by side.
    const arrays = fields.map((f, c) => sql`${chunk.map((row) => cell(row[c] ?? '', f.type))}::text[]`);
    const casts = fields.map((f, c) => sql`${sql.ref(`c${c}`)}::${sql.raw(SQL_TYPE[f.type])}`);
    const names = fields.map((_, c) => sql.ref(`c${c}`));
    await sql`
      INSERT INTO ${table(name)} (${sql.join(fields.map((f) => sql.ref(f.id)))})
      SELECT ${sql.join(casts)} FROM unnest(${sql.join(arrays)}) AS u(${sql.join(names)})`.execute(db);
  }
  // A large table gets an index per column (the first 12), so that filters and sorts on any of them are indexed.
  if (rows.length >= INDEXED_FROM_ROWS) for (const f of fields.slice(0, 12)) await createDatastoreIndex(db, name, [f.id]);
  await sql`ANALYZE ${table(name)}`.execute(db);
}

/** Tables from this many rows get their columns indexed at load (small ones are read whole faster). */
export const INDEXED_FROM_ROWS = 10_000;

export async function datastoreTableExists(db: Queryable, name: string): Promise<boolean> {
  if (!TABLE.test(name)) return false;
  const result = await sql<{ found: boolean }>`SELECT to_regclass(${`open_data.${name}`}) IS NOT NULL AS found`.execute(db);
  return result.rows[0]!.found;
}

export async function dropDatastoreTable(db: Queryable, name: string): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${table(name)}`.execute(db);
}

export async function createDatastoreIndex(db: Queryable, name: string, columns: string[]): Promise<void> {
  await sql`CREATE INDEX ON ${table(name)} (${sql.join(columns.map((c) => sql.ref(c)))})`.execute(db);
}

export interface DatastoreQuery {
  table: string;
  fields: DictionaryField[];
  /** Columns to return (ids from the dictionary, `_id` allowed). */
  select: string[];
  filters: Array<{ column: string; values: string[] }>;
  q?: string;
  sort: Array<{ column: string; desc: boolean }>;
  limit: number;
  offset: number;
  total: boolean;
  /** Past this many matching rows (the planner's estimate), the total is that estimate, not a count (CKAN's `total_estimation_threshold`); null: always counted. */
  totalEstimationThreshold: number | null;
}

function where(query: DatastoreQuery): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  for (const filter of query.filters) {
    const type = filter.column === '_id' ? 'int' : (query.fields.find((f) => f.id === filter.column)?.type ?? 'text');
    // One value: a plain equality, which an index on (column, sort column) also reads in order.
    conditions.push(
      filter.values.length === 1
        ? sql`${sql.ref(filter.column)} = ${filter.values[0]}::${sql.raw(SQL_TYPE[type])}`
        : sql`${sql.ref(filter.column)} = ANY (${filter.values}::${sql.raw(SQL_TYPE[type])}[])`,
    );
  }
  if (query.q) {
    const text = query.fields.filter((f) => f.type === 'text');
    const pattern = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
    conditions.push(
      text.length
        ? sql`(${sql.join(
            text.map((f) => sql`${sql.ref(f.id)} ILIKE ${pattern}`),
            sql` OR `,
          )})`
        : sql`false`,
    );
  }
  return sql.join(conditions, sql` AND `);
}

export async function queryDatastore(db: Queryable, query: DatastoreQuery): Promise<{ records: Array<Record<string, unknown>>; total: number | null; totalWasEstimated: boolean }> {
  const order = [...query.sort.map((s) => sql`${sql.ref(s.column)} ${s.desc ? sql`DESC` : sql`ASC`} NULLS LAST`), sql`_id`];
  const columns = query.select.map((column) => {
    const type = column === '_id' ? 'int' : query.fields.find((f) => f.id === column)?.type;
    // Dates as CKAN writes them; numbers as JSON numbers.
    if (type === 'date') return sql`to_char(${sql.ref(column)}, 'YYYY-MM-DD"T"00:00:00') AS ${sql.ref(column)}`;
    if (type === 'numeric') return sql`${sql.ref(column)}::float8 AS ${sql.ref(column)}`;
    return sql.ref(column);
  });
  const [page, total] = await Promise.all([
    sql<Record<string, unknown>>`SELECT ${sql.join(columns)} FROM ${table(query.table)} WHERE ${where(query)} ORDER BY ${sql.join(order)} LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db),
    query.total ? countOrEstimate(db, sql`FROM ${table(query.table)} WHERE ${where(query)}`, query.totalEstimationThreshold) : Promise.resolve(undefined),
  ]);
  return { records: page.rows, total: total ? total.total : null, totalWasEstimated: total?.estimated ?? false };
}

/** The sum of a numeric column by the values of another (a year, a month, a territory), at most 60 groups. */
export async function aggregateDatastore(db: Queryable, name: string, by: DictionaryField, value: DictionaryField): Promise<Array<{ x: string; y: number }>> {
  const x = by.type === 'date' ? sql`to_char(${sql.ref(by.id)}, 'YYYY-MM-DD')` : sql`${sql.ref(by.id)}::text`;
  const result = await sql<{ x: string; y: number }>`
    SELECT ${x} AS x, sum(${sql.ref(value.id)})::float8 AS y FROM ${table(name)}
    WHERE ${sql.ref(by.id)} IS NOT NULL GROUP BY 1 ORDER BY 1 LIMIT 60`.execute(db);
  return result.rows;
}
