// Every SQL statement on platform.idempotency_key.
import { sql } from 'kysely';
import type { Queryable } from '../db/index.ts';
import type { Tables } from '../db/platform.generated.ts';
import { typed } from '../db/index.ts';

export interface StoredKey {
  requestSha256: string;
  resource: string;
}

/**
 * Inserts the key with its resource; when the key is taken in the scope, inserts nothing and
 * returns the stored row. A claim made by a transaction not yet committed makes this one wait
 * for it (the unique key), so the row read after is the committed one.
 */
export async function insertIdempotencyKey(trx: Queryable, row: { scope: string; key: string; requestSha256: string; resource: string }): Promise<StoredKey | undefined> {
  const inserted = await sql<{ resource: string }>`
    INSERT INTO platform.idempotency_key (scope, key, request_sha256, resource)
    VALUES (${row.scope}, ${row.key}, ${row.requestSha256}, ${row.resource})
    ON CONFLICT (scope, key) DO NOTHING
    RETURNING resource`.execute(trx);
  if (inserted.rows.length > 0) return undefined;
  return findIdempotencyKey(trx, row.scope, row.key);
}

export async function findIdempotencyKey(db: Queryable, scope: string, key: string): Promise<StoredKey | undefined> {
  const row = await typed<Tables>(db).selectFrom('platform.idempotency_key').select(['request_sha256', 'resource']).where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
  return row ? { requestSha256: row.request_sha256, resource: row.resource } : undefined;
}

/** Deletes keys older than `keepDays`: a retry later than that is a new request. Runs daily with the outbox's pruning. */
export async function pruneIdempotencyKeys(db: Queryable, keepDays = 7): Promise<number> {
  const result = await sql`DELETE FROM platform.idempotency_key WHERE created_at < now() - make_interval(days => ${keepDays})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
