// Lookups that rarely change (a report category and its routing rules, an agency by code), kept
// on the platform's one cache (tagged-cache.ts) until a bus topic announces a change: the write
// that changes them calls `changed(trx)` in its transaction (this process forgets at once, every
// process when it commits); each process `listen`s once at start. After a reconnection of the
// bus (notifications may have been missed) everything is forgotten; `ttlMs` (5 minutes unless
// told) bounds what a change made behind the services' back (plain SQL) could leave.
// A lookup that finds nothing is kept too (a new row is a change, and is announced).
// Entries are per database handle (a process may serve several databases, as tests do).
import type { Queryable } from '../db/index.ts';
import { type NotificationBus, notify } from '../events/bus.ts';
import { handleKey } from './handle-key.ts';
import { createTaggedCache, invalidateOnBus, type TaggedCache } from './tagged-cache.ts';

export interface TopicCache<V> {
  /** The kept value of `key` for this database handle, or `load()`'s (kept unless forgotten meanwhile). */
  get(handle: object, key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets everything in this process. */
  forget(): void;
  /** Forgets now in this process, and in every process when `trx` commits. */
  changed(trx: Queryable): Promise<void>;
  /** Listens to the bus of this process (once per bus; a second call is a no-op). */
  listen(bus: NotificationBus): void;
}

export function topicCache<V>(topic: string, options: { ttlMs?: number; max?: number } = {}): TopicCache<V> {
  // Values are boxed so that undefined (not found) is kept like any other value.
  const cache = createTaggedCache<{ value: V }>({ ttlMs: options.ttlMs ?? 300_000, max: options.max ?? 1_000 });
  const caches = [cache] as Array<TaggedCache<unknown>>;
  const listening = new WeakSet<NotificationBus>();
  return {
    async get(handle, key, load) {
      const boxed = await cache.get(handleKey(handle, key), async () => ({ value: { value: await load() }, tags: [] }));
      // A box is always loaded, so undefined never comes back from the cache itself.
      return (boxed as { value: V }).value;
    },
    forget() {
      cache.clear();
    },
    async changed(trx) {
      cache.clear();
      await notify(trx, topic);
    },
    listen(bus) {
      if (listening.has(bus)) return;
      listening.add(bus);
      invalidateOnBus(bus, topic, caches, () => undefined);
    },
  };
}
