// The rebuild of the reports-by-layer figure (docs/situation-room.md, "Reports by layer"): its
// lock and its watermark (the highest report id the last rebuild counted).
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

const KEY = 'situation_room.reports_in_layer';

/** A rebuild holds it alone until its transaction ends: two rebuilds take turns, and the live counting waits. */
export async function lockLayerCounts(trx: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${KEY}))`.execute(trx);
}

/** The live counting of one report holds it shared: never in the middle of a rebuild. */
export async function lockLayerCountsShared(trx: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock_shared(hashtext(${KEY}))`.execute(trx);
}

/** The highest report id the last rebuild counted (0 before any). */
export async function selectRebuiltThrough(db: Queryable): Promise<number> {
  const row = await typed<Tables>(db).selectFrom('situation_room.layer_rebuild').select('through_report').executeTakeFirst();
  return row ? Number(row.through_report) : 0;
}

export async function saveRebuiltThrough(trx: Queryable, reportId: number): Promise<void> {
  await typed<Tables>(trx)
    .insertInto('situation_room.layer_rebuild')
    .values({ singleton: true, through_report: reportId })
    .onConflict((c) => c.column('singleton').doUpdateSet({ through_report: reportId, rebuilt_at: sql`now()` }))
    .execute();
}
