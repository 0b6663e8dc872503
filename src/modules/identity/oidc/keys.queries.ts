// SQL of the provider's signing keys (identity.signing_key) as the provider loads them.
import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/index.ts';

const KEY_LOCK = 74_174_610;

export async function insertSigningKey(db: Queryable, kid: string, privateJwk: Record<string, unknown>): Promise<void> {
  await sql`INSERT INTO identity.signing_key (kid, private_jwk) VALUES (${kid}, ${JSON.stringify(privateJwk)}::jsonb)`.execute(db);
}

/** Serialises processes that load (and perhaps create) keys, until the transaction ends. */
export async function lockSigningKeys(trx: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
}

/** The private JWKs of the keys not retired, the signing one (newest) first. */
export async function findLiveSigningJwks(db: Queryable): Promise<Record<string, unknown>[]> {
  const result = await sql<{ private_jwk: Record<string, unknown> }>`
    SELECT private_jwk FROM identity.signing_key WHERE retired_at IS NULL ORDER BY created_at DESC, kid`.execute(db);
  return result.rows.map((r) => r.private_jwk);
}
