// SQL of oidc-provider's storage (identity.oidc_model).
import { sql } from 'kysely';
import { type Queryable, typed } from '../../../platform/db/index.ts';
import type { Json } from '../../../platform/db/column-types.ts';
import type { Tables } from '../db.generated.ts';

export type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; accountId?: string; consumed?: number };

export async function upsertOidcRecord(db: Queryable, model: string, id: string, payload: Payload, expiresAt: Date | null): Promise<void> {
  const values = {
    payload: sql<Json>`${JSON.stringify(payload)}::jsonb`,
    grant_id: payload.grantId ?? null,
    user_code: payload.userCode ?? null,
    uid: payload.uid ?? null,
    account_id: payload.accountId ?? null,
    expires_at: expiresAt,
  };
  await typed<Tables>(db)
    .insertInto('identity.oidc_model')
    .values({ model, id, ...values })
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(values))
    .execute();
}

/** A record that has not expired, by id, uid or user code. */
export async function findOidcRecord(db: Queryable, model: string, column: 'id' | 'uid' | 'user_code', value: string): Promise<{ payload: Payload; consumedAt: Date | null } | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('identity.oidc_model')
    .select(['payload', 'consumed_at'])
    .where('model', '=', model)
    .where(column, '=', value)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  // The payload is the provider's JSON object, as upsertOidcRecord wrote it.
  return row ? { payload: row.payload as Payload, consumedAt: row.consumed_at } : undefined;
}

export async function consumeOidcRecord(db: Queryable, model: string, id: string): Promise<void> {
  await typed<Tables>(db).updateTable('identity.oidc_model').set({ consumed_at: sql`now()` }).where('model', '=', model).where('id', '=', id).execute();
}

export async function deleteOidcRecord(db: Queryable, model: string, id: string): Promise<void> {
  await typed<Tables>(db).deleteFrom('identity.oidc_model').where('model', '=', model).where('id', '=', id).execute();
}

export async function deleteOidcRecordsOfGrant(db: Queryable, grantId: string): Promise<void> {
  await typed<Tables>(db).deleteFrom('identity.oidc_model').where('grant_id', '=', grantId).execute();
}

export async function deleteExpiredOidcRows(db: Queryable): Promise<number> {
  const result = await typed<Tables>(db).deleteFrom('identity.oidc_model').where('expires_at', '<', sql<Date>`now() - interval '1 hour'`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
