// Keyset paging behind CKAN's `start` (docs/open-data.md, "Search at volume"). A harvester
// pages with `start` = 0, 100, 200… over one stable sort; skipping 50 000 rows to reach a deep
// page is the cost, and a dataset added or removed before the current position shifts every
// later page (one repeated or skipped). So each page served leaves a cursor: "in this search,
// position start+rows comes after this dataset's sort values". A request for that position
// continues from the cursor (an index range, no rows skipped); any other `start` skips rows as
// before. Cursors live in the process (bounded, ten minutes); a process without one (another
// worker, a restart) answers by offset, the same page when nothing changed in between.
import type { SearchCursor } from './catalog.queries.ts';

const MAX_CURSORS = 10_000;
const TTL_MS = 10 * 60_000;

export class SearchCursors {
  readonly #entries = new Map<string, { cursor: SearchCursor; expires: number }>();
  readonly #now: () => number;
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }
  get(signature: string, position: number): SearchCursor | undefined {
    const key = `${position}\n${signature}`;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires < this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.cursor;
  }
  set(signature: string, position: number, cursor: SearchCursor): void {
    const key = `${position}\n${signature}`;
    this.#entries.delete(key);
    this.#entries.set(key, { cursor, expires: this.#now() + TTL_MS });
    // Oldest first: a Map keeps insertion order.
    while (this.#entries.size > MAX_CURSORS) this.#entries.delete(this.#entries.keys().next().value!);
  }
}

/** One cursor store per database handle (two apps in one process never share cursors). */
const stores = new WeakMap<object, SearchCursors>();
export function cursorsFor(db: object): SearchCursors {
  let store = stores.get(db);
  if (!store) {
    store = new SearchCursors();
    stores.set(db, store);
  }
  return store;
}
