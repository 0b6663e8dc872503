// The SQL of backups and restores, on one pg client (cursors and values as text need it).
// Every value travels as PostgreSQL's own text form, with the session settings below fixed
// on both sides, so that what is written back is exactly what was read.
import type pg from 'pg';
import type { ColumnDefinition, SequenceEntry, TableEntry } from './manifest.ts';

/** Values in their text form: no parsing on the way out, none on the way back. */
const asText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

const SESSION = "SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET bytea_output = 'hex'";

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
export const qualified = (schema: string, name: string) => `${quote(schema)}.${quote(name)}`;

/** Schemas that are PostgreSQL's own. */
const SYSTEM_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

/** Opens the one snapshot every table is read in. */
export async function beginSnapshot(client: pg.PoolClient): Promise<{ takenAt: string; serverVersion: string; snapshot: string }> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY DEFERRABLE');
  await client.query(SESSION);
  const { rows } = await client.query<{ taken_at: string; version: string; snapshot: string }>({
    text: "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS taken_at, current_setting('server_version') AS version, pg_current_snapshot()::text AS snapshot",
    types: asText,
  });
  return { takenAt: rows[0]!.taken_at, serverVersion: rows[0]!.version, snapshot: rows[0]!.snapshot };
}

export async function endSnapshot(client: pg.PoolClient): Promise<void> {
  await client.query('COMMIT');
}

/** The audit log's head and unsealed count, as the snapshot sees them. */
export async function auditPoint(client: pg.PoolClient): Promise<{ position: number; hash: string; unsealed: number }> {
  const head = await client.query<{ position: string; chain_hash: string }>('SELECT position::text, chain_hash FROM audit.head');
  const unsealed = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.entry WHERE position IS NULL');
  return { position: Number(head.rows[0]?.position ?? 0), hash: head.rows[0]?.chain_hash ?? '0'.repeat(64), unsealed: unsealed.rows[0]!.n };
}

export async function appliedMigrations(client: pg.PoolClient): Promise<Array<{ owner: string; name: string; checksum: string }>> {
  const { rows } = await client.query<{ owner: string; name: string; checksum: string }>('SELECT owner, name, checksum FROM platform.schema_migration ORDER BY applied_at, owner, name');
  return rows;
}

type TableShape = Omit<TableEntry, 'rows' | 'file' | 'sha256' | 'bytes'>;

/** Every ordinary or partitioned table outside PostgreSQL's own schemas, in dependency order. */
export async function listTables(client: pg.PoolClient): Promise<TableShape[]> {
  const tables = await client.query<{ oid: number; schema: string; name: string }>(`
    SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${SYSTEM_SCHEMAS}
     ORDER BY n.nspname, c.relname`);
  const columns = await client.query<{ oid: number } & ColumnDefinition>(
    `
    SELECT a.attrelid::int AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
           CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default,
           CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
           NULLIF(a.attidentity, '') AS identity
      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attrelid, a.attnum`,
    [tables.rows.map((t) => t.oid)],
  );
  const constraints = await client.query<{ oid: number; name: string; definition: string; references: number | null }>(
    `
    SELECT conrelid::int AS oid, conname AS name, pg_get_constraintdef(oid) AS definition,
           CASE WHEN contype = 'f' THEN confrelid::int END AS "references"
      FROM pg_constraint WHERE conrelid = ANY($1::oid[]) AND contype IN ('p', 'u', 'c', 'f', 'x')
     ORDER BY conrelid, contype = 'f', conname`,
    [tables.rows.map((t) => t.oid)],
  );
  const indexes = await client.query<{ oid: number; definition: string }>(
    `
    SELECT i.indrelid::int AS oid, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i
     WHERE i.indrelid = ANY($1::oid[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY i.indrelid, i.indexrelid`,
    [tables.rows.map((t) => t.oid)],
  );
  const shapes = new Map<number, TableShape>();
  const dependsOn = new Map<number, Set<number>>();
  for (const t of tables.rows) {
    shapes.set(t.oid, { schema: t.schema, name: t.name, columns: [], definition: { columns: [], constraints: [], indexes: [] } });
    dependsOn.set(t.oid, new Set());
  }
  for (const { oid, ...column } of columns.rows) {
    const shape = shapes.get(oid)!;
    shape.definition.columns.push(column);
    if (column.generated === null) shape.columns.push(column.name);
  }
  for (const { oid, name, definition, references } of constraints.rows) {
    shapes.get(oid)!.definition.constraints.push({ name, definition });
    if (references !== null && references !== oid && shapes.has(references)) dependsOn.get(oid)!.add(references);
  }
  for (const { oid, definition } of indexes.rows) shapes.get(oid)!.definition.indexes.push(definition);
  // Depth-first topological order; a cycle (rare) keeps the order it reached.
  const ordered: TableShape[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (oid: number) => {
    if (state.has(oid)) return;
    state.set(oid, 'visiting');
    for (const parent of dependsOn.get(oid)!) visit(parent);
    state.set(oid, 'done');
    ordered.push(shapes.get(oid)!);
  };
  for (const t of tables.rows) visit(t.oid);
  return ordered;
}

export async function readSequences(client: pg.PoolClient): Promise<SequenceEntry[]> {
  const { rows } = await client.query<{ schema: string; name: string }>(`
    SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'S' AND ${SYSTEM_SCHEMAS} ORDER BY 1, 2`);
  const sequences: SequenceEntry[] = [];
  for (const { schema, name } of rows) {
    // Sequences are outside transactions: the value may be ahead of the snapshot, never behind.
    const value = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${qualified(schema, name)}`);
    sequences.push({ schema, name, lastValue: value.rows[0]?.last_value ?? null, isCalled: value.rows[0]?.is_called ?? false });
  }
  return sequences;
}

/** Reads a table's rows in batches, each value in its text form (or null). */
export async function* readRows(client: pg.PoolClient, table: { schema: string; name: string; columns: string[] }, batchSize = 200): AsyncGenerator<Array<Array<string | null>>> {
  const columns = table.columns.map(quote).join(', ');
  await client.query(`DECLARE tambo_backup NO SCROLL CURSOR FOR SELECT ${columns} FROM ONLY ${qualified(table.schema, table.name)}`);
  try {
    for (;;) {
      const batch = await client.query<Array<string | null>>({ text: `FETCH ${batchSize} FROM tambo_backup`, rowMode: 'array', types: asText });
      if (batch.rows.length > 0) yield batch.rows;
      if (batch.rows.length < batchSize) return;
    }
  } finally {
    await client.query('CLOSE tambo_backup');
  }
}

/** Starts the restore's transaction; foreign keys and triggers are switched off where the role may. */
export async function beginRestore(client: pg.PoolClient): Promise<void> {
  await client.query('BEGIN');
  await client.query(SESSION);
  await client.query('SAVEPOINT replica');
  try {
    await client.query("SET LOCAL session_replication_role = 'replica'");
    await client.query('RELEASE SAVEPOINT replica');
  } catch {
    // Not a superuser: the dependency order keeps foreign keys satisfied.
    await client.query('ROLLBACK TO SAVEPOINT replica');
  }
}

export async function commitRestore(client: pg.PoolClient): Promise<void> {
  await client.query('COMMIT');
}

/** Abandons the transaction of a backup or a restore. */
export async function rollback(client: pg.PoolClient): Promise<void> {
  await client.query('ROLLBACK');
}

/** Tables in the non-system schemas that hold rows (an empty database has none but the migrations' records). */
export async function userTableCount(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`
    SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND ${SYSTEM_SCHEMAS}`);
  return rows[0]!.n;
}

export async function tableExists(client: pg.PoolClient, schema: string, name: string): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [qualified(schema, name)]);
  return rows[0]!.found;
}

/** Creates a table that no migration made, from the definition the backup recorded (constraints but foreign keys, and indexes). */
export async function createTable(client: pg.PoolClient, table: TableEntry, sequences: SequenceEntry[]): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quote(table.schema)}`);
  for (const sequence of sequences) {
    const used = table.definition.columns.some((c) => c.default?.includes(`${sequence.name}'`));
    if (used) await client.query(`CREATE SEQUENCE IF NOT EXISTS ${qualified(sequence.schema, sequence.name)}`);
  }
  const columns = table.definition.columns.map((c) => {
    let text = `${quote(c.name)} ${c.type}`;
    if (c.generated !== null) text += ` GENERATED ALWAYS AS ${c.generated} STORED`;
    else if (c.identity !== null) text += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
    else if (c.default !== null) text += ` DEFAULT ${c.default}`;
    return c.notNull ? `${text} NOT NULL` : text;
  });
  const constraints = table.definition.constraints.filter((c) => !c.definition.startsWith('FOREIGN KEY')).map((c) => `CONSTRAINT ${quote(c.name)} ${c.definition}`);
  await client.query(`CREATE TABLE ${qualified(table.schema, table.name)} (${[...columns, ...constraints].join(', ')})`);
  for (const index of table.definition.indexes) await client.query(index);
}

/** Adds the foreign keys of a table created by `createTable` (once every table exists). */
export async function addForeignKeys(client: pg.PoolClient, table: TableEntry): Promise<void> {
  for (const c of table.definition.constraints.filter((c) => c.definition.startsWith('FOREIGN KEY'))) {
    await client.query(`ALTER TABLE ${qualified(table.schema, table.name)} ADD CONSTRAINT ${quote(c.name)} ${c.definition}`);
  }
}

/** Empties a table the migrations filled (their own records), before the backup's rows replace them. */
export async function emptyIfFilled(client: pg.PoolClient, schema: string, name: string): Promise<void> {
  const { rows } = await client.query<{ filled: boolean }>(`SELECT EXISTS (SELECT 1 FROM ONLY ${qualified(schema, name)}) AS filled`);
  if (rows[0]!.filled) await client.query(`DELETE FROM ONLY ${qualified(schema, name)}`);
}

/** Inserts rows given in their text form (PostgreSQL reads each value with its column's type). */
export async function insertRows(client: pg.PoolClient, table: { schema: string; name: string; columns: string[] }, rows: Array<Array<string | null>>): Promise<void> {
  if (rows.length === 0) return;
  const width = table.columns.length;
  const values = rows.map((_, r) => `(${table.columns.map((__, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
  await client.query(`INSERT INTO ${qualified(table.schema, table.name)} (${table.columns.map(quote).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${values}`, rows.flat());
}

export async function setSequence(client: pg.PoolClient, sequence: SequenceEntry): Promise<void> {
  if (sequence.lastValue === null) return;
  await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [qualified(sequence.schema, sequence.name), sequence.lastValue, sequence.isCalled]);
}

/** Rows of a table now (to check a restore against the manifest). */
export async function countRows(client: pg.PoolClient, schema: string, name: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ONLY ${qualified(schema, name)}`);
  return rows[0]!.n;
}

/** Jobs that were being worked when the backup was taken are free again (their workers are gone). */
export async function unlockJobs(client: pg.PoolClient): Promise<void> {
  if (await tableExists(client, 'graphile_worker', '_private_jobs')) {
    await client.query('UPDATE graphile_worker._private_jobs SET locked_at = NULL, locked_by = NULL WHERE locked_at IS NOT NULL');
    await client.query('UPDATE graphile_worker._private_job_queues SET locked_at = NULL, locked_by = NULL WHERE locked_at IS NOT NULL');
  }
}
