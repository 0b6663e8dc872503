// oidc-provider's storage in PostgreSQL (identity.oidc_model): every model the provider
// keeps (Session, Interaction, Grant, AuthorizationCode, AccessToken, RefreshToken,
// PushedAuthorizationRequest, ClientCredentials, …). Clients are not stored here: the
// provider reads them from identity.client through `findClientMetadata`.
import { sql } from 'kysely';
import type { Database } from '../../../platform/db/index.ts';

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; accountId?: string; consumed?: number };

export interface AdapterOptions {
  db: Database;
  findClientMetadata: (clientId: string) => Promise<Record<string, unknown> | undefined>;
}

export function createAdapterClass(options: AdapterOptions) {
  const { db } = options;
  return class PostgresAdapter {
    readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null;
      await sql`
        INSERT INTO identity.oidc_model (model, id, payload, grant_id, user_code, uid, account_id, expires_at)
        VALUES (${this.model}, ${id}, ${JSON.stringify(payload)}::jsonb, ${payload.grantId ?? null}, ${payload.userCode ?? null},
                ${payload.uid ?? null}, ${payload.accountId ?? null}, ${expiresAt})
        ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
          user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, account_id = EXCLUDED.account_id, expires_at = EXCLUDED.expires_at`.execute(db);
    }

    private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
      if (this.model === 'Client' && column === 'id') return (await options.findClientMetadata(value)) as Payload | undefined;
      const result = await sql<{ payload: Payload; consumed_at: Date | null }>`
        SELECT payload, consumed_at FROM identity.oidc_model
         WHERE model = ${this.model} AND ${sql.ref(column)} = ${value} AND (expires_at IS NULL OR expires_at > now())`.execute(db);
      const row = result.rows[0];
      if (!row) return undefined;
      return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
    }

    find(id: string) {
      return this.findWhere('id', id);
    }

    findByUid(uid: string) {
      return this.findWhere('uid', uid);
    }

    findByUserCode(userCode: string) {
      return this.findWhere('user_code', userCode);
    }

    async consume(id: string): Promise<void> {
      await sql`UPDATE identity.oidc_model SET consumed_at = now() WHERE model = ${this.model} AND id = ${id}`.execute(db);
    }

    async destroy(id: string): Promise<void> {
      await sql`DELETE FROM identity.oidc_model WHERE model = ${this.model} AND id = ${id}`.execute(db);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await sql`DELETE FROM identity.oidc_model WHERE grant_id = ${grantId}`.execute(db);
    }
  };
}

/** Removes expired provider records; run as a periodic job. */
export async function deleteExpiredOidcRecords(db: Database): Promise<number> {
  const result = await sql`DELETE FROM identity.oidc_model WHERE expires_at < now() - interval '1 hour'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
