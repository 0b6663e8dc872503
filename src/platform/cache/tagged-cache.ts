// A short-lived in-process cache whose entries carry tags (an account id, say), so that a
// change announced on the notification bus drops every entry it concerns at once, in every
// process. Entries live `ttlMs` at most; the cache holds `max` entries at most (the oldest go
// first). A `ttlMs` of 0 turns it off: every read misses, nothing is kept.
//
// A read that misses runs the loader; a drop that arrives while the loader runs wins (the
// loaded value is returned to its caller but not kept), so a value read before a change
// cannot outlive the announcement of that change.
import type { BusPayload, NotificationBus } from '../events/bus.ts';

export interface TaggedCache<V> {
  /** The live value for `key`, or what `load` gives (kept unless undefined or dropped meanwhile). */
  get(key: string, load: () => Promise<{ value: V; tags: string[] } | undefined>): Promise<V | undefined>;
  /** Drops every entry carrying `tag`. */
  dropTag(tag: string): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}

interface Entry<V> {
  value: V;
  tags: string[];
  until: number;
}

export function createTaggedCache<V>(options: { ttlMs: number; max?: number; now?: () => number }): TaggedCache<V> {
  const { ttlMs } = options;
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<V>>();
  const byTag = new Map<string, Set<string>>();
  // Bumped by every drop: a load that started before a drop of one of its tags (or a clear)
  // does not keep its result.
  let generation = 0;
  let clearedAt = 0;
  const tagGenerations = new Map<string, number>();

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };

  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit && hit.until > now()) return hit.value;
      if (hit) remove(key);
      const started = generation;
      const loaded = await load();
      if (!loaded || ttlMs <= 0) return loaded?.value;
      const droppedMeanwhile = clearedAt > started || loaded.tags.some((tag) => (tagGenerations.get(tag) ?? 0) > started);
      if (droppedMeanwhile) return loaded.value;
      remove(key);
      if (entries.size >= max) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) remove(oldest);
      }
      entries.set(key, { value: loaded.value, tags: loaded.tags, until: now() + ttlMs });
      for (const tag of loaded.tags) {
        const keys = byTag.get(tag) ?? new Set<string>();
        keys.add(key);
        byTag.set(tag, keys);
      }
      return loaded.value;
    },
    dropTag(tag) {
      generation += 1;
      // Remembering every tag ever dropped would grow without end: past a bound, forget them
      // and treat the drop as a clear for loads still running.
      if (tagGenerations.size >= max) {
        tagGenerations.clear();
        clearedAt = generation;
      }
      tagGenerations.set(tag, generation);
      for (const key of [...(byTag.get(tag) ?? [])]) remove(key);
    },
    delete(key) {
      remove(key);
    },
    clear() {
      generation += 1;
      clearedAt = generation;
      tagGenerations.clear();
      entries.clear();
      byTag.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * Drops the entries a bus topic concerns: `tagOf(payload)` names the tag; every entry goes
 * when the bus reconnects (announcements may have been missed). Returns the unsubscriber.
 */
export function invalidateOnBus(bus: NotificationBus, topic: string, caches: Array<TaggedCache<unknown>>, tagOf: (payload: BusPayload) => string | undefined): () => void {
  return bus.subscribe(topic, {
    onNotify(payload) {
      const tag = tagOf(payload);
      for (const cache of caches) {
        if (tag === undefined) cache.clear();
        else cache.dropTag(tag);
      }
    },
    resync() {
      for (const cache of caches) cache.clear();
    },
  });
}
