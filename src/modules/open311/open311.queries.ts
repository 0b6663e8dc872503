// Every SQL statement on the open311 schema.
import type { Selectable } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { ApiKey } from './api-key.types.ts';
import type { ApiKeyRow, Tables } from './db.generated.ts';

const columns = ['id', 'application', 'key_prefix', 'issued_by', 'issued_at', 'revoked_at'] as const;
const toApiKey = (row: Pick<Selectable<ApiKeyRow>, (typeof columns)[number]>): ApiKey => ({
  id: row.id,
  application: row.application,
  keyPrefix: row.key_prefix,
  issuedBy: row.issued_by,
  issuedAt: row.issued_at,
  revokedAt: row.revoked_at,
});

/** Inserts the key; false when a key with the same hash exists already. */
export async function insertApiKey(db: Queryable, key: { id: string; application: string; keyHash: string; keyPrefix: string; issuedBy: string | null }): Promise<boolean> {
  const result = await typed<Tables>(db)
    .insertInto('open311.api_key')
    .values({ id: key.id, application: key.application, key_hash: key.keyHash, key_prefix: key.keyPrefix, issued_by: key.issuedBy })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function findApiKeys(db: Queryable): Promise<ApiKey[]> {
  const rows = await typed<Tables>(db).selectFrom('open311.api_key').select(columns).orderBy('issued_at', 'desc').orderBy('id').execute();
  return rows.map(toApiKey);
}

export async function findApiKey(db: Queryable, id: string): Promise<ApiKey | undefined> {
  const row = await typed<Tables>(db).selectFrom('open311.api_key').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toApiKey(row) : undefined;
}

/** The live (not revoked) key with this hash. */
export async function findLiveApiKeyByHash(db: Queryable, keyHash: string): Promise<ApiKey | undefined> {
  const row = await typed<Tables>(db).selectFrom('open311.api_key').select(columns).where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? toApiKey(row) : undefined;
}

/** Marks the key revoked; false when it was already revoked or does not exist. */
export async function markApiKeyRevoked(db: Queryable, id: string, revokedBy: string): Promise<boolean> {
  const result = await typed<Tables>(db).updateTable('open311.api_key').set({ revoked_at: new Date(), revoked_by: revokedBy }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
