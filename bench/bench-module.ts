// The write paths under test. `createItemAudited` is what every state-changing use case in
// Tambo does: one transaction with the change, its audit entry and its outbox event.
// `insertItemPlain` is the baseline: the same row, one plain autocommit INSERT through pg.
// `benchModule` exposes the audited path over HTTP (POST /api/v1/bench/items); it is added
// to the real modules only by `npm run bench`, on a throw-away database.
import { Type } from 'typebox';
import type pg from 'pg';
import { sql } from 'kysely';
import { contentHash, recordAudit } from '../src/platform/audit/audit.ts';
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

/** One audited write: the row, its audit entry and its event, in one transaction. */
export async function createItemAudited(db: Queryable, input: ItemInput, options: AuditedOptions = {}): Promise<string> {
  const id = uuidv7();
  await db.transaction().execute(async (trx) => {
    await typed<Tables>(trx).insertInto('bench.item').values({ id, name: input.name, amount: input.amount }).execute();
    await recordAudit(trx, {
      actor: { type: 'system', id: 'bench' },
      action: 'bench.item_created',
      subject: { type: 'bench_item', id },
      data: { name: input.name, amount: input.amount },
      requestId: options.requestId ?? null,
    });
    await emitEvent(trx, 'bench.item_created', { id });
    if (options.lockChainHead) await sql`UPDATE bench.chain_head SET position = position + 1`.execute(trx);
  });
  return id;
}

/**
 * A reference, not a baseline: the same transaction and the same rows as createItemAudited,
 * written with raw pg (no Kysely, no platform functions). What separates it from the audited
 * path is the cost of the platform's layers; what separates it from the plain INSERT is the
 * cost of the SQL itself.
 */
export async function createItemRawTransaction(pool: pg.Pool, input: ItemInput): Promise<string> {
  const id = uuidv7();
  const entry = {
    id: uuidv7(),
    occurred_at: new Date(),
    actor_type: 'system',
    actor_id: 'bench',
    action: 'bench.item_created',
    subject_type: 'bench_item',
    subject_id: id,
    data: { name: input.name, amount: input.amount },
    request_id: null,
  };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO bench.item (id, name, amount) VALUES ($1, $2, $3)', [id, input.name, input.amount]);
    await client.query(
      `INSERT INTO audit.entry (id, occurred_at, actor_type, actor_id, action, subject_type, subject_id, data, request_id, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [entry.id, entry.occurred_at, entry.actor_type, entry.actor_id, entry.action, entry.subject_type, entry.subject_id, JSON.stringify(entry.data), entry.request_id, contentHash(entry)],
    );
    await client.query('INSERT INTO platform.outbox (topic, payload) VALUES ($1, $2) RETURNING id', ['bench.item_created', JSON.stringify({ id })]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
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
