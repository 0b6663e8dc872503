// The one in-process cache: entries carry tags (an account id, say), so that a change
// announced on the notification bus drops every entry it concerns at once, in every process.
// Entries live `ttlMs` at most, counted from when their load began; the cache holds `max`
// entries at most (the least recently used go first). A `ttlMs` of 0 turns it off: every read
// loads, nothing is kept or shared.
//
// A read that misses runs the loader; concurrent misses of one key share that load (unless a
// drop arrived since it began). A drop that arrives while the loader runs wins (the loaded
// value is returned to its callers but not kept), so a value read before a change cannot
// outlive the announcement of that change. Undefined (not found) is not kept; a failed load
// is not kept either, and its error reaches every caller that shared it.
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

interface Loading<V> {
  promise: Promise<V | undefined>;
  started: number;
}

export function createTaggedCache<V>(options: { ttlMs: number; max?: number; now?: () => number }): TaggedCache<V> {
  const { ttlMs } = options;
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<V>>();
  const byTag = new Map<string, Set<string>>();
  const loading = new Map<string, Loading<V>>();
  // Bumped by every drop: a load that started before a drop of one of its tags (or a clear)
  // does not keep its result, and a later miss does not share it.
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

  const keep = (key: string, value: V, tags: string[], until: number) => {
    remove(key);
    while (entries.size >= max) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      remove(oldest);
    }
    entries.set(key, { value, tags, until });
    for (const tag of tags) {
      const keys = byTag.get(tag) ?? new Set<string>();
      keys.add(key);
      byTag.set(tag, keys);
    }
  };

  const startLoad = (key: string, load: () => Promise<{ value: V; tags: string[] } | undefined>): Promise<V | undefined> => {
    const started = generation;
    const startedAt = now();
    const promise: Promise<V | undefined> = load().then(
      (loaded) => {
        const current = loading.get(key)?.promise === promise;
        if (current) loading.delete(key);
        if (!loaded) return undefined;
        const droppedMeanwhile = !current || clearedAt > started || loaded.tags.some((tag) => (tagGenerations.get(tag) ?? 0) > started);
        if (!droppedMeanwhile) keep(key, loaded.value, loaded.tags, startedAt + ttlMs);
        return loaded.value;
      },
      (error: unknown) => {
        if (loading.get(key)?.promise === promise) loading.delete(key);
        throw error;
      },
    );
    loading.set(key, { promise, started });
    return promise;
  };

  return {
    async get(key, load) {
      if (ttlMs <= 0) return (await load())?.value;
      const hit = entries.get(key);
      if (hit && hit.until > now()) {
        // Most recently used last: the first in the map is the next to go.
        entries.delete(key);
        entries.set(key, hit);
        return hit.value;
      }
      if (hit) remove(key);
      const pending = loading.get(key);
      if (pending && pending.started === generation) return pending.promise;
      return startLoad(key, load);
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
      // A load of this key still running is neither kept nor shared.
      loading.delete(key);
      remove(key);
    },
    clear() {
      generation += 1;
      clearedAt = generation;
      tagGenerations.clear();
      loading.clear();
      entries.clear();
      byTag.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * Drops the entries a bus topic concerns: `tagOf(payload)` names the tag (undefined: everything);
 * every entry goes when the bus reconnects (announcements may have been missed). `caches` is read
 * at each announcement, so caches added to the array later are covered too. Returns the unsubscriber.
 */
export function invalidateOnBus(bus: NotificationBus, topic: string, caches: ReadonlyArray<TaggedCache<unknown>>, tagOf: (payload: BusPayload) => string | undefined): () => void {
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
