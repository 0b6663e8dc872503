// oidc-provider's storage in PostgreSQL (identity.oidc_model): every model the provider
// keeps (Session, Interaction, Grant, AuthorizationCode, AccessToken, RefreshToken,
// PushedAuthorizationRequest, ClientCredentials, …). Clients are not stored here: the
// provider reads them from identity.client through `findClientMetadata`.
import type { Database } from '../../../platform/db/index.ts';
import { consumeOidcRecord, deleteExpiredOidcRows, deleteOidcRecord, deleteOidcRecordsOfGrant, findOidcRecord, upsertOidcRecord, type Payload } from './adapter.queries.ts';

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
      await upsertOidcRecord(db, this.model, id, payload, expiresAt);
    }

    private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
      if (this.model === 'Client' && column === 'id') return (await options.findClientMetadata(value)) as Payload | undefined;
      const row = await findOidcRecord(db, this.model, column, value);
      if (!row) return undefined;
      return row.consumedAt ? { ...row.payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : row.payload;
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
      await consumeOidcRecord(db, this.model, id);
    }

    async destroy(id: string): Promise<void> {
      await deleteOidcRecord(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await deleteOidcRecordsOfGrant(db, grantId);
    }
  };
}

/** Removes expired provider records; run as a periodic job. */
export async function deleteExpiredOidcRecords(db: Database): Promise<number> {
  return deleteExpiredOidcRows(db);
}
