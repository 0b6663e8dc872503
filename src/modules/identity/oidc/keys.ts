// Signing keys of the provider, kept in identity.signing_key. The newest key that is not
// retired signs; every unretired key is published in the JWKS so tokens signed before a
// rotation still verify. Rotation: `rotateSigningKey` adds a key; processes pick it up at
// their next start, so a rolling restart rotates without downtime (tokens signed by the
// old key keep verifying while it stays published; retire it after the longest token life).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../../platform/db/index.ts';
import { findLiveSigningJwks, insertSigningKey, lockSigningKeys } from './keys.queries.ts';

function newRsaJwk(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

export async function rotateSigningKey(db: Queryable): Promise<string> {
  const jwk = newRsaJwk();
  await insertSigningKey(db, String(jwk.kid), jwk);
  return String(jwk.kid);
}

/** The JWKS for the provider (private keys), creating the first key when there is none. */
export async function loadSigningKeys(db: Database): Promise<{ keys: Record<string, unknown>[] }> {
  return db.transaction().execute(async (trx) => {
    await lockSigningKeys(trx);
    let keys = await findLiveSigningJwks(trx);
    if (keys.length === 0) {
      await rotateSigningKey(trx);
      keys = await findLiveSigningJwks(trx);
    }
    return { keys };
  });
}
