// What this process keeps of the public catalog, so that a procedure's page, its API answer and
// repeated searches do not go to the database on every request. Built on the platform's cache
// (platform/cache/tagged-cache.ts: bounded, least recently used out first, concurrent misses
// share one load, nothing kept that a change overtook while it was loading):
// - published procedures by slug, agency names and search results: kept until the catalog
//   changes. A publication or a withdrawal forgets them here at once, after its commit, and in
//   every other process through the notification bus (`catalog.changed`, sent in the change's
//   transaction); after a reconnection of the bus (notifications may have been missed)
//   everything is dropped. A long safety limit bounds what a change made behind the services'
//   back (plain SQL) could leave.
// - statistics of a procedure and of its agency, and the procedure's page as anonymous visitors
//   get it (routes/pages.tsx): kept STATS_CACHE_MS. An application recorded in
//   this process forgets them at once; other processes see it within STATS_CACHE_MS (public
//   figures tolerate that lag; the figures themselves are exact when read).
// Entries are per database handle (a process may serve two databases, as tests do).
import { handleKey } from '../../platform/cache/handle-key.ts';
import { createTaggedCache, invalidateOnBus, type TaggedCache } from '../../platform/cache/tagged-cache.ts';
import type { NotificationBus } from '../../platform/events/bus.ts';

/** The bus topic a publication or withdrawal announces (payload `{ slug }`). */
export const CATALOG_TOPIC = 'catalog.changed';
/** How long statistics are kept before they are read again. */
export const STATS_CACHE_MS = 5_000;
/** Published content and search results: dropped on any change; this only bounds an unannounced one. */
export const CONTENT_CACHE_MS = 10 * 60_000;
/** Search results kept (all database handles together). */
export const SEARCH_CACHE_ENTRIES = 500;

// Every catalog cache of this process (a change of the catalog forgets them all), and those of statistics.
const allCaches: Array<TaggedCache<unknown>> = [];
const statisticsCaches: Array<TaggedCache<unknown>> = [];

/** Forgets every published procedure, search result and statistic in this process (a change committed, or the bus reconnected). */
export function forgetCatalog(): void {
  for (const cache of allCaches) cache.clear();
}

/** Forgets cached statistics in this process (an application was recorded). */
export function forgetStatistics(): void {
  for (const cache of statisticsCaches) cache.clear();
}

/** Keeps this process's catalog caches true when another process publishes or withdraws a procedure. */
export function subscribeCatalogCache(bus: NotificationBus): () => void {
  return invalidateOnBus(bus, CATALOG_TOPIC, allCaches, () => undefined);
}

/** A catalog cache: `get(handle, key, load)` answers from memory while nothing it depends on changed. */
export interface CatalogCache<T> {
  get(handle: object, key: string, load: () => Promise<T>): Promise<T>;
}

/** A cache forgotten on any catalog change (`content`) or also on every recorded application (`stats`). */
export function catalogCache<T>(options: { forgottenOn: 'content' | 'stats'; ttlMs: number; max: number }): CatalogCache<T> {
  const cache = createTaggedCache<T>({ ttlMs: options.ttlMs, max: options.max });
  allCaches.push(cache as TaggedCache<unknown>);
  if (options.forgottenOn === 'stats') statisticsCaches.push(cache as TaggedCache<unknown>);
  return {
    get(handle, key, load) {
      // Undefined comes back only when `load` gave it, so it is a T.
      return cache.get(handleKey(handle, key), async () => {
        const loaded = await load();
        return loaded === undefined ? undefined : { value: loaded, tags: [] };
      }) as Promise<T>;
    },
  };
}
