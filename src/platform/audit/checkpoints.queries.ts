// SQL of the signed checkpoints of the audit log (audit.checkpoint; audit/checkpoints.ts).
import { type Queryable, typed } from '../db/index.ts';
import type { AuditCheckpointRow, Tables } from '../db/platform.generated.ts';
import type { Selectable } from 'kysely';

export type CheckpointRecord = Selectable<AuditCheckpointRow>;

export async function latestCheckpoint(db: Queryable): Promise<CheckpointRecord | undefined> {
  return typed<Tables>(db).selectFrom('audit.checkpoint').selectAll().orderBy('position', 'desc').limit(1).executeTakeFirst();
}

/** Stores a checkpoint; false when one at that position exists already (another process made it). */
export async function insertCheckpoint(db: Queryable, checkpoint: CheckpointRecord): Promise<boolean> {
  const inserted = await typed<Tables>(db)
    .insertInto('audit.checkpoint')
    .values(checkpoint)
    .onConflict((oc) => oc.column('position').doNothing())
    .returning('position')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Checkpoints newest first, below `before` (a position) when given. */
export async function findCheckpoints(db: Queryable, page: { before?: number; limit: number }): Promise<CheckpointRecord[]> {
  let query = typed<Tables>(db).selectFrom('audit.checkpoint').selectAll().orderBy('position', 'desc').limit(page.limit);
  if (page.before !== undefined) query = query.where('position', '<', page.before);
  return query.execute();
}
