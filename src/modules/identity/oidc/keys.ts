// Signing keys of the provider, kept in identity.signing_key. The newest key that is not
// retired signs; every unretired key is published in the JWKS so tokens signed before a
// rotation still verify. Rotation: `rotateSigningKey` adds a key; processes pick it up at
// their next start, so a rolling restart rotates without downtime (tokens signed by the
// old key keep verifying while it stays published; retire it after the longest token life).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Queryable } from '../../../platform/db/index.ts';

const KEY_LOCK = 74_174_610;

function newRsaJwk(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

export async function rotateSigningKey(db: Queryable): Promise<string> {
  const jwk = newRsaJwk();
  await sql`INSERT INTO identity.signing_key (kid, private_jwk) VALUES (${String(jwk.kid)}, ${JSON.stringify(jwk)}::jsonb)`.execute(db);
  return String(jwk.kid);
}

/** The JWKS for the provider (private keys), creating the first key when there is none. */
export async function loadSigningKeys(db: Database): Promise<{ keys: Record<string, unknown>[] }> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
    const load = () =>
      sql<{ private_jwk: Record<string, unknown> }>`
      SELECT private_jwk FROM identity.signing_key WHERE retired_at IS NULL ORDER BY created_at DESC, kid`.execute(trx);
    let rows = (await load()).rows;
    if (rows.length === 0) {
      await rotateSigningKey(trx);
      rows = (await load()).rows;
    }
    return { keys: rows.map((r) => r.private_jwk) };
  });
}
