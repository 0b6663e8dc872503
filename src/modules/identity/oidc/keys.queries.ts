// SQL of the provider's signing keys (identity.signing_key) as the provider loads them.
import { sql } from 'kysely';
import { type Queryable, typed } from '../../../platform/db/index.ts';
import type { Tables } from '../db.generated.ts';

const KEY_LOCK = 74_174_610;

export async function insertSigningKey(db: Queryable, kid: string, privateJwk: Record<string, unknown>): Promise<void> {
  await typed<Tables>(db)
    .insertInto('identity.signing_key')
    .values({ kid, private_jwk: sql`${JSON.stringify(privateJwk)}::jsonb` })
    .execute();
}

/** Serialises processes that load (and perhaps create) keys, until the transaction ends. */
export async function lockSigningKeys(trx: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
}

/** The private JWKs of the keys not retired, the signing one (newest) first. */
export async function findLiveSigningJwks(db: Queryable): Promise<Record<string, unknown>[]> {
  const rows = await typed<Tables>(db).selectFrom('identity.signing_key').select('private_jwk').where('retired_at', 'is', null).orderBy('created_at', 'desc').orderBy('kid').execute();
  // A private JWK is a JSON object (written by insertSigningKey).
  return rows.map((r) => r.private_jwk as Record<string, unknown>);
}
