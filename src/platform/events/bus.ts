// The cross-process notification bus: PostgreSQL LISTEN/NOTIFY on one channel. A change
// announces itself with `notify(trx, topic, payload)` in its own transaction, so every
// process (each with one listening connection) hears it when, and only if, it commits.
// For what must not be lost (a notice, a webhook), the outbox stays the durable source; the
// bus is for what a process keeps in memory and must drop or refresh at once: caches
// (decreed holidays, later tokens and sessions) and live views. Notifications sent while a
// process was disconnected are lost, so on every (re)connection each subscriber's `resync`
// runs: drop everything cached.
import { sql } from 'kysely';
import pg from 'pg';
import type { Queryable } from '../db/index.ts';

export const BUS_CHANNEL = 'tambo_bus';
/** PostgreSQL refuses a notification payload of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;

export type BusPayload = Record<string, string | number | boolean | null>;

export interface BusSubscriber {
  /** Called with each notification of the topic, in this process. */
  onNotify(payload: BusPayload): void;
  /** Called after the listening connection (re)opens: notifications may have been missed. */
  resync?(): void;
}

export interface NotificationBus {
  subscribe(topic: string, subscriber: BusSubscriber): () => void;
  /**
   * Resolves once this process has heard every notification committed before the call
   * (it sends one of its own and waits for it: PostgreSQL delivers them in commit order).
   * For a process that must act on what another connection just committed.
   */
  sync(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const SYNC_TOPIC = 'platform.bus_sync';

/** Announces `topic` to every process, when the caller's transaction commits. */
export async function notify(trx: Queryable, topic: string, payload: BusPayload = {}): Promise<void> {
  const message = JSON.stringify({ topic, payload });
  if (Buffer.byteLength(message) > MAX_PAYLOAD_BYTES) throw new Error(`bus notification ${topic} is too large: send an id and let listeners read the rest`);
  await sql`SELECT pg_notify(${BUS_CHANNEL}, ${message})`.execute(trx);
}

/** Opens this process's listening connection; reconnects with backoff until closed. */
export async function startNotificationBus(connectionString: string, log: { warn(obj: object, msg: string): void }): Promise<NotificationBus> {
  const subscribers = new Map<string, Set<BusSubscriber>>();
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = 100;
  let syncs = 0;
  const waiting = new Map<string, () => void>();

  const dispatch = (message: pg.Notification) => {
    if (message.channel !== BUS_CHANNEL || !message.payload) return;
    let parsed: { topic?: unknown; payload?: unknown };
    try {
      parsed = JSON.parse(message.payload) as typeof parsed;
    } catch {
      return;
    }
    if (typeof parsed.topic !== 'string') return;
    if (parsed.topic === SYNC_TOPIC) {
      const id = (parsed.payload as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') waiting.get(id)?.();
      return;
    }
    for (const subscriber of subscribers.get(parsed.topic) ?? []) subscriber.onNotify((parsed.payload ?? {}) as BusPayload);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', dispatch);
    next.on('error', (error) => {
      log.warn({ err: error }, 'notification bus connection lost; reconnecting');
      void next.end().catch(() => undefined);
      schedule();
    });
    await next.connect();
    await next.query(`LISTEN ${BUS_CHANNEL}`);
    client = next;
    delay = 100;
    for (const set of subscribers.values()) for (const subscriber of set) subscriber.resync?.();
    // A reconnection resynced every subscriber: whoever waits is in step.
    for (const done of waiting.values()) done();
  };

  const schedule = () => {
    client = undefined;
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (closed) return;
      connect().catch((error: unknown) => {
        log.warn({ err: error }, 'notification bus cannot connect; retrying');
        delay = Math.min(delay * 2, 10_000);
        schedule();
      });
    }, delay);
  };

  await connect();
  return {
    subscribe(topic, subscriber) {
      const set = subscribers.get(topic) ?? new Set();
      set.add(subscriber);
      subscribers.set(topic, set);
      return () => set.delete(subscriber);
    },
    async sync(timeoutMs = 5_000) {
      syncs += 1;
      const id = `${process.pid}-${syncs}`;
      const heard = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the notification bus did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        });
      });
      // Sent on the listening connection itself; while disconnected the reconnection resolves it.
      if (client) await client.query('SELECT pg_notify($1, $2)', [BUS_CHANNEL, JSON.stringify({ topic: SYNC_TOPIC, payload: { id } })]).catch(() => undefined);
      return heard;
    },
    async close() {
      closed = true;
      for (const done of waiting.values()) done();
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
