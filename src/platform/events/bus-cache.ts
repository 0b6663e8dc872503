// Lookups that rarely change (a report category and its routing rules, a procedure by slug),
// kept in this process and forgotten in every process through the notification bus
// (bus.ts) when they change: the write that changes them calls `changed(trx)` in its
// transaction; each process `listen`s once at start. After a reconnection of the bus
// (notifications may have been missed) everything is forgotten; `ttlMs` bounds the age of
// an entry all the same. Entries are kept per database handle (tests run several apps).
import type { Queryable } from '../db/index.ts';
import { type NotificationBus, notify } from './bus.ts';

export interface BusCache<V> {
  /** The cached value of `key`, or `load()`'s (kept unless the cache was forgotten meanwhile). */
  get(db: Queryable, key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets everything in this process. */
  forget(): void;
  /** Forgets now in this process, and in every process when `trx` commits. */
  changed(trx: Queryable): Promise<void>;
  /** Listens to the bus of this process (call once per bus, at start). */
  listen(bus: NotificationBus): void;
}

export function busCache<V>(topic: string, options: { ttlMs?: number; maxEntries?: number } = {}): BusCache<V> {
  const ttlMs = options.ttlMs ?? 300_000;
  const maxEntries = options.maxEntries ?? 1000;
  let byDb = new WeakMap<object, Map<string, { value: V; at: number }>>();
  let generation = 0;
  const listening = new WeakSet<NotificationBus>();
  const forget = () => {
    generation += 1;
    byDb = new WeakMap();
  };
  return {
    async get(db, key, load) {
      const entries = byDb.get(db);
      const hit = entries?.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const before = generation;
      const value = await load();
      if (generation === before) {
        let map = byDb.get(db);
        if (!map) {
          map = new Map();
          byDb.set(db, map);
        }
        if (map.size >= maxEntries) map.clear();
        map.set(key, { value, at: Date.now() });
      }
      return value;
    },
    forget,
    async changed(trx) {
      forget();
      await notify(trx, topic);
    },
    listen(bus) {
      if (listening.has(bus)) return;
      listening.add(bus);
      bus.subscribe(topic, { onNotify: forget, resync: forget });
    },
  };
}
