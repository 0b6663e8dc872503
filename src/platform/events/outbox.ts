// The transactional outbox. `emitEvent` writes an event in the transaction of the change;
// `dispatchEvents` hands each pending event to a job per subscriber (in one transaction per
// batch, through graphile-worker's add_job with a job key, so an event reaches each
// subscriber once) and marks it dispatched.
import { sql, type ColumnType, type Generated } from 'kysely';
import { typed, type Queryable } from '../db/index.ts';

export interface DomainEvent<Payload = Record<string, unknown>> {
  id: number;
  topic: string;
  payload: Payload;
  createdAt: Date;
}

interface OutboxTable {
  id: Generated<number>;
  topic: string;
  payload: ColumnType<unknown, string, never>;
  created_at: Generated<Date>;
  dispatched_at: Date | null;
}
interface Tables {
  'platform.outbox': OutboxTable;
}

/** Topic names are `module.event_name`, e.g. `agencies.agency_created`. */
export async function emitEvent(trx: Queryable, topic: string, payload: Record<string, unknown>): Promise<number> {
  const row = await typed<Tables>(trx)
    .insertInto('platform.outbox')
    .values({ topic, payload: JSON.stringify(payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The job name that delivers events of a topic to one subscriber. */
export function eventJobName(topic: string, subscriber: string): string {
  return `event:${topic}:${subscriber}`;
}

/**
 * Moves pending events to their subscribers' jobs, in transactions of up to `limit` events,
 * batch after batch until none is left or `budgetMs` has passed, so that the loop calling
 * it every half second keeps up with writers however fast they write. `subscribers` maps a
 * topic to the subscriber names listening to it. Safe to run in several processes at once.
 * Returns how many events it moved.
 */
export async function dispatchEvents(db: Queryable, subscribers: Map<string, string[]>, limit = 500, budgetMs = 2000): Promise<number> {
  const started = Date.now();
  let moved = 0;
  for (;;) {
    const batch = await dispatchBatch(db, subscribers, limit);
    moved += batch;
    if (batch < limit || Date.now() - started >= budgetMs) return moved;
  }
}

async function dispatchBatch(db: Queryable, subscribers: Map<string, string[]>, limit: number): Promise<number> {
  return typed<Tables>(db)
    .transaction()
    .execute(async (trx) => {
      const pending = await trx.selectFrom('platform.outbox').selectAll().where('dispatched_at', 'is', null).orderBy('id').limit(limit).forUpdate().skipLocked().execute();
      if (pending.length === 0) return 0;
      // Every job of the batch in one statement (one round trip, not one per job).
      const names: string[] = [];
      const payloads: string[] = [];
      const keys: string[] = [];
      for (const event of pending) {
        for (const subscriber of subscribers.get(event.topic) ?? []) {
          const job: DomainEvent = { id: event.id, topic: event.topic, payload: event.payload as Record<string, unknown>, createdAt: event.created_at };
          names.push(eventJobName(event.topic, subscriber));
          payloads.push(JSON.stringify(job));
          keys.push(`event-${event.id}-${subscriber}`);
        }
      }
      if (names.length > 0) {
        await sql`SELECT graphile_worker.add_job(j.name, j.payload::json, job_key => j.key, max_attempts => 25)
                  FROM unnest(${names}::text[], ${payloads}::text[], ${keys}::text[]) AS j(name, payload, key)`.execute(trx);
      }
      await trx
        .updateTable('platform.outbox')
        .set({ dispatched_at: new Date() })
        .where(
          'id',
          'in',
          pending.map((e) => e.id),
        )
        .execute();
      return pending.length;
    });
}

/**
 * Deletes events dispatched more than `keepDays` ago (their jobs carry what they need), so
 * the outbox stays small. Runs daily (the platform's `prune_outbox` job). Returns how many.
 */
export async function pruneOutbox(db: Queryable, keepDays = 7): Promise<number> {
  const result = await sql`DELETE FROM platform.outbox WHERE dispatched_at < now() - make_interval(days => ${keepDays})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
