// PKCS#11 keys (docs/signed-documents.md, "Keys in a PKCS#11 token"): an agency's signing key
// can live in a token (an HSM; Debian's softhsm2 in tests) instead of the sealed database key.
// The token is driven through OpenSC's `pkcs11-tool`, a real PKCS#11 client run as a child
// process (no native Node binding: pkcs11js and graphene-pk11 compile with node-gyp at
// install). The PIN reaches the child in an environment variable (`--pin env:NAME`), never on
// its command line (visible in `ps`), never logged, never stored. The private key never leaves
// the token: the tool sends it the data and gets the signature back.
import { execFile } from 'node:child_process';
import { arrayBuffer, crypto, type ExternalKey } from './crypto.ts';

/** Where the token is: from configuration (SIGNING_PKCS11_*). */
export interface Pkcs11Config {
  /** The PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so). */
  module: string;
  /** The token's label. */
  token: string;
  /** The user PIN (from the environment; never logged). */
  pin: string;
}

export type Pkcs11Problem = 'not_configured' | 'pin_incorrect' | 'token_not_found' | 'key_not_found' | 'key_extractable' | 'unsupported_key' | 'bad_signature' | 'tool_failed';

const MESSAGES: Record<Pkcs11Problem, string> = {
  not_configured: 'PKCS#11 is not configured (SIGNING_PKCS11_MODULE, SIGNING_PKCS11_TOKEN, SIGNING_PKCS11_PIN)',
  pin_incorrect: 'the PKCS#11 token refused the PIN (SIGNING_PKCS11_PIN)',
  token_not_found: 'no PKCS#11 token with the configured label (SIGNING_PKCS11_TOKEN) in the module',
  key_not_found: 'the PKCS#11 token has no key with this id',
  key_extractable: 'the PKCS#11 key can be read out of the token (CKA_EXTRACTABLE or not CKA_SENSITIVE): refused',
  unsupported_key: 'the PKCS#11 key is neither RSA nor ECDSA P-256',
  bad_signature: 'the PKCS#11 token answered a signature that does not verify with the certificate',
  tool_failed: 'pkcs11-tool failed',
};

export class Pkcs11Error extends Error {
  readonly problem: Pkcs11Problem;
  constructor(problem: Pkcs11Problem, detail?: string) {
    super(`PKCS#11: ${MESSAGES[problem]}${detail ? ` (${detail})` : ''}`);
    this.problem = problem;
  }
}

/** The token reference stored instead of a sealed key: `pkcs11:id=<hex CKA_ID>` (RFC 7512 form; no PIN). */
export const PKCS11_PREFIX = 'pkcs11:';
export const keyReference = (keyId: string) => `${PKCS11_PREFIX}id=${keyId}`;
export const keyIdOf = (reference: string): string => /^pkcs11:id=([0-9a-f]+)$/.exec(reference)?.[1] ?? '';
export const normaliseKeyId = (keyId: string): string | undefined => {
  const hex = keyId.trim().toLowerCase();
  return /^([0-9a-f]{2}){1,64}$/.test(hex) ? hex : undefined;
};

const PIN_VARIABLE = 'TAMBO_PKCS11_PIN';

function problemOf(stderr: string): Pkcs11Problem {
  if (/CKR_PIN_INCORRECT|CKR_PIN_LEN_RANGE|CKR_PIN_LOCKED/.test(stderr)) return 'pin_incorrect';
  if (/No slot with token named/.test(stderr)) return 'token_not_found';
  if (/not found/i.test(stderr)) return 'key_not_found';
  return 'tool_failed';
}

/** Runs pkcs11-tool on the configured module and token; `login` passes the PIN through the environment. */
function tool(config: Pkcs11Config, args: string[], input?: Buffer, login = false): Promise<Buffer> {
  const base = ['--module', config.module, '--token-label', config.token, ...(login ? ['--login', '--pin', `env:${PIN_VARIABLE}`] : [])];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'pkcs11-tool',
      [...base, ...args],
      { encoding: 'buffer', timeout: 30_000, maxBuffer: 1 << 20, env: { ...process.env, [PIN_VARIABLE]: login ? config.pin : '' } },
      (error, stdout, stderr) => {
        const text = stderr.toString('utf8');
        if (error) reject(new Pkcs11Error(problemOf(text), (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'pkcs11-tool is not installed (Debian: opensc)' : text.trim().split('\n')[0]));
        else resolve(stdout);
      },
    );
    // A refused PIN makes the tool exit before it reads the data: the write then fails with
    // EPIPE, which would otherwise be thrown from the stream. The exit status and stderr above
    // already say what happened.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? Buffer.alloc(0));
  });
}

export interface TokenPublicKey {
  /** DER SubjectPublicKeyInfo. */
  spki: Buffer;
  algorithm: RsaHashedImportParams | EcKeyImportParams;
}

/** The public half of the token's key `keyId` (hex CKA_ID), and checks that its private half cannot leave the token. */
export async function tokenPublicKey(config: Pkcs11Config, keyId: string): Promise<TokenPublicKey> {
  const spki = await tool(config, ['--read-object', '--type', 'pubkey', '--id', keyId]);
  const listing = (await tool(config, ['--list-objects', '--type', 'privkey'], undefined, true)).toString('utf8');
  // pkcs11-tool lists every private key (its --id does not filter a listing): find this one's block.
  const block = listing.split(/(?=Private Key Object)/).find((b) => new RegExp(`^\\s*ID:\\s*${keyId}\\s*$`, 'mi').test(b));
  if (!block) throw new Pkcs11Error('key_not_found');
  const access = /Access:\s*(.*)/.exec(block)?.[1] ?? '';
  if (!/\bsensitive\b/.test(access) || /(^|, )extractable/.test(access)) throw new Pkcs11Error('key_extractable');
  for (const algorithm of [
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    { name: 'ECDSA', namedCurve: 'P-256' },
  ]) {
    try {
      await crypto.subtle.importKey('spki', arrayBuffer(spki), algorithm, true, ['verify']);
      return { spki, algorithm };
    } catch {
      // not this kind of key
    }
  }
  throw new Pkcs11Error('unsupported_key');
}

/**
 * A key in the token, usable wherever the signing service takes a private key (pkijs signs
 * through crypto.ts' engine, which hands ExternalKeys their data). Every signature is checked
 * against the public key before it is used: a token that answered with another key's
 * signature, or garbage, stops the signing (nothing half-made is stored).
 */
export async function tokenKey(config: Pkcs11Config, keyId: string, spki: Buffer): Promise<ExternalKey> {
  const rsa = await crypto.subtle
    .importKey('spki', arrayBuffer(spki), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify'])
    .then((key) => ({ key, algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } } as const }))
    .catch(() => undefined);
  const ec = rsa
    ? undefined
    : await crypto.subtle
        .importKey('spki', arrayBuffer(spki), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'])
        .then((key) => ({ key, algorithm: { name: 'ECDSA', namedCurve: 'P-256' } as const }))
        .catch(() => undefined);
  const publicKey = rsa ?? ec;
  if (!publicKey) throw new Pkcs11Error('unsupported_key');
  return {
    algorithm: publicKey.algorithm,
    async signExternally(data) {
      // softhsm2 2.6 has no CKM_ECDSA_SHA256: ECDSA signs the SHA-256 digest (CKM_ECDSA), r‖s.
      const signature = rsa
        ? await tool(config, ['--sign', '--mechanism', 'SHA256-RSA-PKCS', '--id', keyId], Buffer.from(data), true)
        : await tool(config, ['--sign', '--mechanism', 'ECDSA', '--id', keyId], Buffer.from(await crypto.subtle.digest('SHA-256', arrayBuffer(data))), true);
      const verify = rsa ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' };
      if (signature.length === 0 || !(await crypto.subtle.verify(verify, publicKey.key, arrayBuffer(signature), arrayBuffer(data)))) throw new Pkcs11Error('bad_signature');
      return arrayBuffer(signature);
    },
  };
}
