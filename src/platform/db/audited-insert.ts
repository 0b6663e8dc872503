// The write pattern (docs/modules.md, "The write pattern"): a use case's row, the other rows
// it writes with it (a history entry, a timeline), its audit entry, its outbox events and its
// statistics deltas go to the database as ONE statement of data-modifying CTEs: one round
// trip, atomic on its own (no BEGIN/COMMIT), the same guarantees as a transaction of
// separate inserts. Everything is known before the statement (ids are made in the process:
// uuidv7, or reserved from a sequence), so the audit entry's content hash is computed here as
// `recordAudit` computes it and the chain verifies the same. Rows travel as one jsonb
// parameter per table, read back with `jsonb_populate_recordset(NULL::<table>, …)`, so each
// value takes its column's type from the table itself; an id given for an identity column
// (reserved with `reserveIds`) is taken as given (OVERRIDING SYSTEM VALUE).
//
// With `onConflictDoNothing` (an idempotency key's unique index), a row that already exists
// writes nothing at all: every other part is conditioned on the main row being inserted, and
// the call returns undefined.
import { type Insertable, type RawBuilder, sql } from 'kysely';
import { type AuditInput, auditEntry } from '../audit/audit.ts';
import { deltasInsert } from '../stats/stats.queries.ts';
import { type StatDims, statDelta } from '../stats/stats.ts';
import type { StatRef } from '../stats/stats.types.ts';
import { PREPARED, type Queryable } from './index.ts';

/** Rows of one table, built by `rowsInto<Tables>()` (typed against the module's generated tables). */
export interface Rows {
  readonly table: string;
  readonly rows: ReadonlyArray<Record<string, unknown>>;
}

/**
 * `const rows = rowsInto<Tables>()`, then `rows('cases.case_event', { … })`: values checked
 * against the table's generated type. Every row gives the same columns (an absent one is
 * NULL, not its default); a jsonb column takes the value itself, not its JSON text.
 */
export function rowsInto<DB>() {
  return <T extends keyof DB & string>(table: T, values: Insertable<DB[T]> | ReadonlyArray<Insertable<DB[T]>>): Rows => ({
    table,
    rows: (Array.isArray(values) ? values : [values]) as ReadonlyArray<Record<string, unknown>>,
  });
}

export interface AuditedInsert<R> {
  /** The row the use case creates. */
  insert: Rows;
  /** The select list returned from the inserted row (`RETURNING`): no re-read of what was just written. */
  returning?: RawBuilder<R>;
  /** An alias of the row's table that `returning` uses (`INSERT INTO t AS m … RETURNING m.x`). */
  insertAs?: string;
  /** An idempotency key's unique index: when the row exists, nothing is written and undefined is returned. */
  onConflictDoNothing?: boolean;
  /** A condition checked in the same statement (a phase still open): when false, nothing is written and undefined is returned. */
  onlyIf?: RawBuilder<unknown>;
  /** Other rows written with it (only when it is written). */
  also?: Rows[];
  /** Other data-modifying statements run in the same statement, unconditionally (e.g. deleting the draft the row replaces). */
  statements?: RawBuilder<unknown>[];
  /** The audit entry (as `recordAudit` takes it). */
  audit: AuditInput;
  /** Outbox events (as `emitEvent` takes them). */
  events?: Array<{ topic: string; payload: Record<string, unknown> }>;
  /** Statistics records (as `recordStat` takes them). */
  stats?: Array<{ stat: StatRef; dims: StatDims; value?: number }>;
}

/** The audit entry's columns, in the order `recordAudit` writes them. */
const AUDIT_COLUMNS = ['id', 'occurred_at', 'actor_type', 'actor_id', 'action', 'subject_type', 'subject_id', 'data', 'request_id', 'content_hash'];

function insertRows(part: Rows, condition: RawBuilder<unknown> | undefined, tail: RawBuilder<unknown>, alias?: string): RawBuilder<unknown> {
  const first = part.rows[0];
  if (!first) throw new Error(`audited insert into ${part.table}: no rows`);
  const columns = sql.join(Object.keys(first).map((column) => sql.id(column)));
  return sql`INSERT INTO ${sql.table(part.table)}${alias ? sql` AS ${sql.id(alias)}` : sql``} (${columns})
    OVERRIDING SYSTEM VALUE SELECT ${columns} FROM jsonb_populate_recordset(NULL::${sql.table(part.table)}, ${JSON.stringify(part.rows)}::jsonb)
    ${condition ?? sql``} ${tail}`;
}

/** The one statement of a write (for a test or an EXPLAIN); `auditedInsert` runs it. */
export function auditedInsertStatement<R>(write: AuditedInsert<R>, at: Date = new Date()): RawBuilder<R> {
  const written = sql`WHERE EXISTS (SELECT 1 FROM main)`;
  const parts: RawBuilder<unknown>[] = [
    sql`main AS (${insertRows(write.insert, write.onlyIf ? sql`WHERE ${write.onlyIf}` : undefined, sql`${write.onConflictDoNothing ? sql`ON CONFLICT DO NOTHING` : sql``} RETURNING ${write.returning ?? sql`true AS written`}`, write.insertAs)})`,
  ];
  for (const part of write.also ?? []) if (part.rows.length > 0) parts.push(sql`${sql.raw(`w${parts.length}`)} AS (${insertRows(part, written, sql``)})`);
  for (const statement of write.statements ?? []) parts.push(sql`${sql.raw(`w${parts.length}`)} AS (${statement})`);
  const entry = auditEntry(write.audit, at);
  parts.push(sql`audit AS (${insertRows({ table: 'audit.entry', rows: [Object.fromEntries(AUDIT_COLUMNS.map((c) => [c, entry[c as keyof typeof entry]]))] }, written, sql``)})`);
  const events = write.events ?? [];
  if (events.length > 0) {
    parts.push(sql`events AS (INSERT INTO platform.outbox (topic, payload)
      SELECT e.topic, e.payload FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(topic text, payload jsonb) ${written})`);
  }
  const stats = write.stats ?? [];
  if (stats.length > 0)
    parts.push(
      sql`stats AS (${deltasInsert(
        stats.map((s) => statDelta(s.stat, s.dims, s.value ?? 1)),
        written,
      )})`,
    );
  return sql<R>`${sql.raw(PREPARED)}WITH ${sql.join(parts, sql`, `)} SELECT * FROM main`;
}

/**
 * Writes the row, its other rows, audit entry, events and statistics in one statement (one
 * round trip; atomic without a transaction, and inside the caller's when given one). Returns
 * the `returning` columns, or undefined when `onConflictDoNothing` found the row existing.
 */
export async function auditedInsert<R = { written: true }>(db: Queryable, write: AuditedInsert<R>): Promise<R | undefined> {
  const { rows } = await auditedInsertStatement(write).execute(db);
  return rows[0];
}

/** Ids of a serial (or identity) column reserved in blocks, per process and database handle. */
const reserved = new WeakMap<object, Map<string, { ids: number[]; refill?: Promise<void> }>>();

/**
 * `count` fresh ids of `table`'s serial column `column` (as the column's default would give),
 * from a block this process reserves with one statement every `block` ids, so that a write
 * knows its ids before its one statement (its audit entry names them). Like a sequence's
 * CACHE: ids are unique and grow within a process, but not in commit order across processes,
 * and a restart leaves a gap. Pass the pool's handle (`deps.db`), not a transaction.
 */
export async function reserveIds(db: Queryable, table: string, count = 1, options: { column?: string; block?: number } = {}): Promise<number[]> {
  const column = options.column ?? 'id';
  const block = Math.max(count, options.block ?? 64);
  let byTable = reserved.get(db);
  if (!byTable) {
    byTable = new Map();
    reserved.set(db, byTable);
  }
  const key = `${table}.${column}`;
  let state = byTable.get(key);
  if (!state) {
    state = { ids: [] };
    byTable.set(key, state);
  }
  while (state.ids.length < count) {
    state.refill ??= (async () => {
      try {
        const { rows } = await sql<{ id: number | string }>`SELECT nextval(pg_get_serial_sequence(${table}, ${column})) AS id FROM generate_series(1, ${block})`.execute(db);
        state.ids.push(...rows.map((r) => Number(r.id)));
      } finally {
        state.refill = undefined;
      }
    })();
    await state.refill;
  }
  return state.ids.splice(0, count);
}
