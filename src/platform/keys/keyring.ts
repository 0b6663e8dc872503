// The platform keyring: the signing keys of the provider and of everything the platform
// signs (mailbox receipts, audit checkpoints), kept in platform.signing_key. Modules sign,
// verify and publish through `deps.keyring` without importing identity; identity hands the
// provider the live private keys (`providerJwks`).
//
// Each process reads the keys once, at its first use (at start): the signing key is the
// live key with the latest `signs_from`; every live key (signing, published, staged) is in
// the provider's JWKS (/auth/jwks). A retired key leaves that JWKS but stays published at
// /api/v1/keys with its validity (`not_before` = created, `not_after` = retired), so a
// receipt or checkpoint signed years ago still verifies. Lifecycle: `npm run keys:rotate`
// and /admin/llaves (docs/identity-operations.md, docs/security.md).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { CompactSign, importJWK, type JWK } from 'jose';
import type { Database, Queryable } from '../db/index.ts';
import { activateSigningKey, findSigningKeys, insertSigningKey, lockSigningKeys, retireSigningKey, type SigningKeyRecord } from './keyring.queries.ts';

export const SIGNING_ALG = 'RS256';

export interface PublishedKey {
  /** The public JWK (kid, kty, n, e, alg, use). */
  jwk: Record<string, unknown>;
  kid: string;
  /** From when the key is published (nothing it signed is older). */
  notBefore: Date;
  /** When it was retired (nothing it signed is newer); null while in use. */
  notAfter: Date | null;
  state: 'signing' | 'published' | 'staged' | 'retired';
}

export interface Keyring {
  /** Signs a JSON document as a compact JWS (RS256) with the signing key; the header names it (`kid`) and the document (`typ`). */
  sign(payload: Record<string, unknown>, typ: string): Promise<string>;
  /** Every key, retired ones included, with its validity: what /api/v1/keys publishes. */
  publish(): Promise<PublishedKey[]>;
  /** The kid this process signs with. */
  signingKid(): Promise<string>;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

/** The public part of a private JWK. */
export function publicJwk(jwk: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name)));
}

function newRsaJwk(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: SIGNING_ALG, use: 'sig' };
}

/** Adds a key: signing in every process started from now on, or `staged` (published only, until activated). Returns its kid. */
export async function addSigningKey(db: Queryable, options: { staged: boolean }): Promise<string> {
  const jwk = newRsaJwk();
  await insertSigningKey(db, { kid: String(jwk.kid), privateJwk: jwk, publicJwk: publicJwk(jwk), signing: !options.staged });
  return String(jwk.kid);
}

export { activateSigningKey };

function stateOf(key: SigningKeyRecord, signingKid: string | undefined): PublishedKey['state'] {
  if (key.retiredAt) return 'retired';
  if (key.kid === signingKid) return 'signing';
  return key.signsFrom ? 'published' : 'staged';
}

/** Every key with its state as processes started now would see it (signing first, retired last). */
export async function listSigningKeys(db: Queryable): Promise<PublishedKey[]> {
  const keys = await findSigningKeys(db);
  const signing = keys.find((key) => !key.retiredAt && key.signsFrom)?.kid;
  return keys.map((key) => ({ jwk: key.publicJwk, kid: key.kid, notBefore: key.createdAt, notAfter: key.retiredAt, state: stateOf(key, signing) }));
}

/** Retires a key (no longer in the provider's JWKS from the next start; still published with its dates); never the signing one. */
export async function retireKey(db: Queryable, kid: string): Promise<'retired' | 'signing' | 'unknown'> {
  const keys = await listSigningKeys(db);
  if (keys.find((key) => key.state === 'signing')?.kid === kid) return 'signing';
  return (await retireSigningKey(db, kid)) ? 'retired' : 'unknown';
}

interface Loaded {
  live: SigningKeyRecord[];
  signing: SigningKeyRecord;
}

const loadedKeys = new WeakMap<Keyring, () => Promise<Loaded>>();

/** The keyring of this process over `db`; the keys are read (and the first one created) at the first use. */
export function createKeyring(db: Database): Keyring {
  let loading: Promise<Loaded> | undefined;
  const load = () => {
    loading ??= db
      .transaction()
      .execute(async (trx) => {
        await lockSigningKeys(trx);
        let keys = await findSigningKeys(trx);
        if (!keys.some((key) => !key.retiredAt && key.signsFrom)) {
          await addSigningKey(trx, { staged: false });
          keys = await findSigningKeys(trx);
        }
        const live = keys.filter((key) => !key.retiredAt);
        return { live, signing: live.find((key) => key.signsFrom)! };
      })
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
  const keyring: Keyring = {
    async sign(payload, typ) {
      const { signing } = await load();
      const key = await importJWK(signing.privateJwk as JWK, SIGNING_ALG);
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: SIGNING_ALG, kid: signing.kid, typ }).sign(key);
    },
    publish: () => listSigningKeys(db),
    signingKid: async () => (await load()).signing.kid,
  };
  loadedKeys.set(keyring, load);
  return keyring;
}

/** The live private JWKs for the OpenID Connect provider (identity), the signing one first. */
export async function providerJwks(keyring: Keyring): Promise<{ keys: Record<string, unknown>[] }> {
  const load = loadedKeys.get(keyring);
  if (!load) throw new Error('not a platform keyring');
  const { live, signing } = await load();
  return { keys: [signing, ...live.filter((key) => key !== signing)].map((key) => key.privateJwk) };
}
