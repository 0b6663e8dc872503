// The one pattern for acting on items whose legal time has run out (tacit approval, escalation,
// "deemed notified"…): a scheduled job (a module's `schedule`, e.g. every 5 minutes) calls
// `sweepDue`, which takes the due items in batches and handles each in a transaction of its
// own, so one failing item neither blocks nor undoes the others.
//
// The contract that makes it idempotent and safe with several processes:
// - `selectDue(db, now, limit)` returns the keys of items due at `now` (a due instant stored in
//   the row, `due_at <= now`, on an index), without locking, oldest first;
// - `handle(trx, key, now)` locks the item (`SELECT … FOR UPDATE SKIP LOCKED`), checks that it is
//   still due, acts (state change, audit, events) and leaves it no longer due; it returns false
//   when there was nothing to do (another process got there first, or the item changed).
// Handled items no longer match `selectDue`; an item that failed is not retried in this run
// (the next run retries it), and neither is one handled that still matches.
import type { Database, Queryable } from '../db/index.ts';

export interface SweepOptions<Key extends string | number> {
  db: Database;
  /** The instant items are due against (injected: tests pass their own). */
  now: Date;
  /** Keys per batch (default 100). */
  batchSize?: number;
  /** Keys of the items due at `now`, at most `limit`, oldest first; no locks. */
  selectDue(db: Queryable, now: Date, limit: number): Promise<Key[]>;
  /** Locks the item, checks it is still due, acts on it: true when it acted, false when there was nothing to do. */
  handle(trx: Queryable, key: Key, now: Date): Promise<boolean>;
  /** Told about each item whose transaction failed (it was rolled back), e.g. to log it. */
  onError?(key: Key, error: unknown): void;
}

export interface SweepResult<Key> {
  handled: number;
  /** Items found due that needed nothing in the end (handled elsewhere meanwhile). */
  skipped: number;
  failed: Array<{ key: Key; error: unknown }>;
}

export async function sweepDue<Key extends string | number>(options: SweepOptions<Key>): Promise<SweepResult<Key>> {
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive whole number: ${batchSize}`);
  const result: SweepResult<Key> = { handled: 0, skipped: 0, failed: [] };
  const seen = new Set<Key>();
  // Items seen that may still be due (failed or skipped) come back in later batches: ask for that many more.
  let lingering = 0;
  for (;;) {
    const limit = batchSize + lingering;
    const keys = await options.selectDue(options.db, options.now, limit);
    const fresh = keys.filter((key) => !seen.has(key));
    if (fresh.length === 0) break;
    for (const key of fresh) {
      seen.add(key);
      try {
        const acted = await options.db.transaction().execute((trx) => options.handle(trx, key, options.now));
        if (acted === false) {
          result.skipped += 1;
          lingering += 1;
        } else result.handled += 1;
      } catch (error) {
        result.failed.push({ key, error });
        lingering += 1;
        options.onError?.(key, error);
      }
    }
    if (keys.length < limit) break;
  }
  return result;
}
