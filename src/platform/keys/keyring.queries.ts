// SQL of the platform keyring (platform.signing_key; src/platform/keys/keyring.ts).
import { sql } from 'kysely';
import { type Queryable, typed } from '../db/index.ts';
import type { Tables } from '../db/platform.generated.ts';

const KEY_LOCK = 74_174_610;

export interface SigningKeyRecord {
  kid: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  createdAt: Date;
  signsFrom: Date | null;
  retiredAt: Date | null;
}

/** Serialises processes that load (and perhaps create) keys, until the transaction ends. */
export async function lockSigningKeys(trx: Queryable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
}

export async function insertSigningKey(db: Queryable, key: { kid: string; privateJwk: Record<string, unknown>; publicJwk: Record<string, unknown>; signing: boolean }): Promise<void> {
  await typed<Tables>(db)
    .insertInto('platform.signing_key')
    .values({
      kid: key.kid,
      private_jwk: sql`${JSON.stringify(key.privateJwk)}::jsonb`,
      public_jwk: sql`${JSON.stringify(key.publicJwk)}::jsonb`,
      signs_from: key.signing ? sql`clock_timestamp()` : null,
    })
    .execute();
}

/**
 * Every key, in the order that matters: keys not retired first, the signing one (latest
 * signs_from) at the head, staged keys after the signing ones, retired keys last.
 */
export async function findSigningKeys(db: Queryable): Promise<SigningKeyRecord[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('platform.signing_key')
    .select(['kid', 'private_jwk', 'public_jwk', 'created_at', 'signs_from', 'retired_at'])
    .orderBy(sql`retired_at IS NOT NULL`)
    .orderBy(sql`signs_from DESC NULLS LAST`)
    .orderBy('created_at', 'desc')
    .orderBy('kid')
    .execute();
  // The JWKs are JSON objects (written by insertSigningKey).
  return rows.map((r) => ({
    kid: r.kid,
    privateJwk: r.private_jwk as Record<string, unknown>,
    publicJwk: r.public_jwk as Record<string, unknown>,
    createdAt: r.created_at,
    signsFrom: r.signs_from,
    retiredAt: r.retired_at,
  }));
}

const unretiredKey = (db: Queryable, kid: string) => typed<Tables>(db).updateTable('platform.signing_key').where('kid', '=', kid).where('retired_at', 'is', null);

/** Makes a published key the signing one for every process started from now on. */
export async function activateSigningKey(db: Queryable, kid: string): Promise<boolean> {
  const result = await unretiredKey(db, kid).set({ signs_from: sql`clock_timestamp()` }).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function retireSigningKey(db: Queryable, kid: string): Promise<boolean> {
  const result = await unretiredKey(db, kid).set({ retired_at: sql`now()` }).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
