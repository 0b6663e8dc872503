// The write paths under test. `createItemAudited` is what every state-changing use case in
// Tambo does (docs/modules.md, "The write pattern"): the change, its audit entry and its outbox
// event in one statement (`auditedInsert`). `createItemInTransaction` is the pattern before it
// (three inserts in a Kysely transaction: five round trips), kept to measure the difference in
// the same run. `insertItemPlain` is the baseline: the same row, one plain autocommit INSERT
// through pg. `benchModule` exposes the audited path over HTTP (POST /api/v1/bench/items); it is
// added to the real modules only by `npm run bench`, on a throw-away database.
import { Type } from 'typebox';
import type pg from 'pg';
import { sql } from 'kysely';
import { auditEntry, recordAudit } from '../src/platform/audit/audit.ts';
import { auditedInsert, rowsInto } from '../src/platform/db/audited-insert.ts';
import { typed, type Queryable } from '../src/platform/db/index.ts';
import { emitEvent } from '../src/platform/events/outbox.ts';
import { defineModule } from '../src/platform/module.ts';
import { uuidv7 } from '../src/shared/ids.ts';

export interface ItemInput {
  name: string;
  amount: number;
}

interface Tables {
  'bench.item': { id: string; name: string; amount: number };
}
const rows = rowsInto<Tables>();

export const ItemBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    amount: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export const ItemCreated = Type.Object({ id: Type.String() });

export const ITEM_ROUTE = '/api/v1/bench/items';
export const ITEM_BODY = JSON.stringify({ name: 'Solicitud de prueba', amount: 42 } satisfies ItemInput);

export interface AuditedOptions {
  requestId?: string | null;
  /** The counterfactual: also lock and bump a chain-head row before commit. */
  lockChainHead?: boolean;
}

const CHAIN_HEAD_BUMP = sql`UPDATE bench.chain_head SET position = position + 1`;
const itemAudit = (id: string, input: ItemInput, options: AuditedOptions) => ({
  actor: { type: 'system' as const, id: 'bench' },
  action: 'bench.item_created',
  subject: { type: 'bench_item', id },
  data: { name: input.name, amount: input.amount },
  requestId: options.requestId ?? null,
});

/** One audited write: the row, its audit entry and its event, in one statement (the write pattern). */
export async function createItemAudited(db: Queryable, input: ItemInput, options: AuditedOptions = {}): Promise<string> {
  const id = uuidv7();
  await auditedInsert(db, {
    insert: rows('bench.item', { id, name: input.name, amount: input.amount }),
    statements: options.lockChainHead ? [CHAIN_HEAD_BUMP] : [],
    audit: itemAudit(id, input, options),
    events: [{ topic: 'bench.item_created', payload: { id } }],
  });
  return id;
}

/** The same write as it was done before the write pattern: three inserts in a Kysely transaction (BEGIN, 3 statements, COMMIT). */
export async function createItemInTransaction(db: Queryable, input: ItemInput, options: AuditedOptions = {}): Promise<string> {
  const id = uuidv7();
  await db.transaction().execute(async (trx) => {
    await typed<Tables>(trx).insertInto('bench.item').values({ id, name: input.name, amount: input.amount }).execute();
    await recordAudit(trx, itemAudit(id, input, options));
    await emitEvent(trx, 'bench.item_created', { id });
  });
  return id;
}

/**
 * A reference, not a baseline: the same rows as createItemAudited in one statement written by
 * hand with raw pg (no Kysely, no platform functions, plain parameters instead of jsonb
 * recordsets). What separates it from the audited path is the cost of the platform's layers;
 * what separates it from the plain INSERT is the cost of the SQL itself.
 */
export async function createItemRawStatement(pool: pg.Pool, input: ItemInput): Promise<string> {
  const id = uuidv7();
  const entry = auditEntry(itemAudit(id, input, {}));
  await pool.query(
    `WITH main AS (INSERT INTO bench.item (id, name, amount) VALUES ($1, $2, $3) RETURNING true AS written),
          audit AS (INSERT INTO audit.entry (id, occurred_at, actor_type, actor_id, action, subject_type, subject_id, data, request_id, content_hash)
                    SELECT $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 WHERE EXISTS (SELECT 1 FROM main)),
          events AS (INSERT INTO platform.outbox (topic, payload) SELECT $14, $15::jsonb WHERE EXISTS (SELECT 1 FROM main))
     SELECT * FROM main`,
    [
      id,
      input.name,
      input.amount,
      entry.id,
      entry.occurred_at,
      entry.actor_type,
      entry.actor_id,
      entry.action,
      entry.subject_type,
      entry.subject_id,
      JSON.stringify(entry.data),
      entry.request_id,
      entry.content_hash,
      'bench.item_created',
      JSON.stringify({ id }),
    ],
  );
  return id;
}

/** The baseline write: the same row, one autocommit INSERT. */
export async function insertItemPlain(pool: pg.Pool, input: ItemInput): Promise<string> {
  const id = uuidv7();
  await pool.query('INSERT INTO bench.plain_item (id, name, amount) VALUES ($1, $2, $3)', [id, input.name, input.amount]);
  return id;
}

export const benchModule = defineModule({
  name: 'bench',
  migrations: new URL('./migrations/', import.meta.url),
  routes(app, deps) {
    app.post(
      ITEM_ROUTE,
      {
        schema: {
          tags: ['bench'],
          operationId: 'createBenchItem',
          summary: 'Benchmark only: an audited write',
          body: ItemBody,
          response: { 201: ItemCreated },
        },
      },
      async (request, reply) => {
        const id = await createItemAudited(deps.db, request.body, { requestId: request.id });
        return reply.code(201).send({ id });
      },
    );
  },
});
