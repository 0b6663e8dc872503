// SQL of oidc-provider's storage (identity.oidc_model).
import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/index.ts';

export type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; accountId?: string; consumed?: number };

export async function upsertOidcRecord(db: Queryable, model: string, id: string, payload: Payload, expiresAt: Date | null): Promise<void> {
  await sql`
    INSERT INTO identity.oidc_model (model, id, payload, grant_id, user_code, uid, account_id, expires_at)
    VALUES (${model}, ${id}, ${JSON.stringify(payload)}::jsonb, ${payload.grantId ?? null}, ${payload.userCode ?? null},
            ${payload.uid ?? null}, ${payload.accountId ?? null}, ${expiresAt})
    ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
      user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, account_id = EXCLUDED.account_id, expires_at = EXCLUDED.expires_at`.execute(db);
}

/** A record that has not expired, by id, uid or user code. */
export async function findOidcRecord(db: Queryable, model: string, column: 'id' | 'uid' | 'user_code', value: string): Promise<{ payload: Payload; consumedAt: Date | null } | undefined> {
  const result = await sql<{ payload: Payload; consumed_at: Date | null }>`
    SELECT payload, consumed_at FROM identity.oidc_model
     WHERE model = ${model} AND ${sql.ref(column)} = ${value} AND (expires_at IS NULL OR expires_at > now())`.execute(db);
  const row = result.rows[0];
  return row ? { payload: row.payload, consumedAt: row.consumed_at } : undefined;
}

export async function consumeOidcRecord(db: Queryable, model: string, id: string): Promise<void> {
  await sql`UPDATE identity.oidc_model SET consumed_at = now() WHERE model = ${model} AND id = ${id}`.execute(db);
}

export async function deleteOidcRecord(db: Queryable, model: string, id: string): Promise<void> {
  await sql`DELETE FROM identity.oidc_model WHERE model = ${model} AND id = ${id}`.execute(db);
}

export async function deleteOidcRecordsOfGrant(db: Queryable, grantId: string): Promise<void> {
  await sql`DELETE FROM identity.oidc_model WHERE grant_id = ${grantId}`.execute(db);
}

export async function deleteExpiredOidcRows(db: Queryable): Promise<number> {
  const result = await sql`DELETE FROM identity.oidc_model WHERE expires_at < now() - interval '1 hour'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
