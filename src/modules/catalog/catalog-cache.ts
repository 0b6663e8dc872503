// What this process keeps of the public catalog, so that a procedure's page, its API answer and
// repeated searches do not go to the database on every request:
// - published procedures by slug, and search results (bounded, least recently used first out):
//   kept until the catalog changes. A publication or a withdrawal bumps the catalog's generation
//   here at once, after its commit, and in every other process through the notification bus
//   (`catalog.changed`, sent in the change's transaction); after a reconnection of the bus
//   (notifications may have been missed) everything is dropped. A long safety limit bounds what
//   a change made behind the services' back (plain SQL) could leave.
// - statistics of a procedure and of its agency: kept STATS_CACHE_MS. An application recorded in
//   this process forgets them at once; other processes see it within STATS_CACHE_MS (public
//   figures tolerate that lag; the figures themselves are exact when read).
// Caches are per database handle (a process may serve two databases, as tests do).
import type { NotificationBus } from '../../platform/events/bus.ts';

/** The bus topic a publication or withdrawal announces (payload `{ slug }`). */
export const CATALOG_TOPIC = 'catalog.changed';
/** How long statistics are kept before they are read again. */
export const STATS_CACHE_MS = 5_000;
/** Published content and search results: dropped on any change; this only bounds an unannounced one. */
export const CONTENT_CACHE_MS = 10 * 60_000;
/** Search results kept per database handle. */
export const SEARCH_CACHE_ENTRIES = 500;

let generation = 0;
let statsGeneration = 0;

/** Forgets every published procedure and search result in this process (a change committed, or the bus reconnected). */
export function forgetCatalog(): void {
  generation += 1;
  statsGeneration += 1;
}

/** Forgets cached statistics in this process (an application was recorded). */
export function forgetStatistics(): void {
  statsGeneration += 1;
}

/** Keeps this process's catalog caches true when another process publishes or withdraws a procedure. */
export function subscribeCatalogCache(bus: NotificationBus): () => void {
  return bus.subscribe(CATALOG_TOPIC, { onNotify: forgetCatalog, resync: forgetCatalog });
}

interface Entry<T> {
  value: T;
  loadedAt: number;
  generation: number;
}

/**
 * A map of values loaded on demand and kept while their generation holds and for at most
 * `maxAgeMs`; `max` entries at most (the least recently used goes first). Concurrent misses of
 * one key share one load. Undefined (not found) is not kept.
 */
export class ReadCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #loading = new Map<string, { promise: Promise<T>; generation: number }>();
  readonly #current: () => number;
  readonly #maxAgeMs: number;
  readonly #max: number;

  constructor(options: { generation: 'content' | 'stats'; maxAgeMs: number; max: number }) {
    this.#current = options.generation === 'content' ? () => generation : () => statsGeneration;
    this.#maxAgeMs = options.maxAgeMs;
    this.#max = options.max;
  }

  async get(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry && entry.generation === this.#current() && now - entry.loadedAt < this.#maxAgeMs && now >= entry.loadedAt) {
      // Most recently used last.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.value;
    }
    const startedAt = this.#current();
    const pending = this.#loading.get(key);
    if (pending && pending.generation === startedAt) return pending.promise;
    const loading = load().then(
      (value) => {
        if (this.#loading.get(key)?.promise === loading) this.#loading.delete(key);
        // A change committed while loading may not be in what was read: not kept.
        if (value !== undefined && this.#current() === startedAt) this.#keep(key, { value, loadedAt: now, generation: startedAt });
        return value;
      },
      (error: unknown) => {
        if (this.#loading.get(key)?.promise === loading) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, { promise: loading, generation: startedAt });
    return loading;
  }

  #keep(key: string, entry: Entry<T>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}

/** One cache per database handle and purpose. */
export function cachePerHandle<T>(options: { generation: 'content' | 'stats'; maxAgeMs: number; max: number }): (handle: object) => ReadCache<T> {
  const caches = new WeakMap<object, ReadCache<T>>();
  return (handle) => {
    let cache = caches.get(handle);
    if (!cache) {
      cache = new ReadCache<T>(options);
      caches.set(handle, cache);
    }
    return cache;
  };
}
