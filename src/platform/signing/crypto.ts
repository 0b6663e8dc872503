// The one WebCrypto engine the signing service uses, for pkijs (certificates, CMS,
// timestamps, OCSP, CRLs): Node's own implementation. (@peculiar/x509 is not used: it needs
// a global Reflect metadata polyfill that is not installed.)
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

export const crypto = webcrypto as unknown as Crypto;

/**
 * A private key that signs outside this process (a PKCS#11 token, pkcs11.ts): what pkijs
 * reads of a key (its algorithm) and the signing itself. ECDSA answers r‖s, as WebCrypto does.
 */
export interface ExternalKey {
  algorithm: { name: 'RSASSA-PKCS1-v1_5'; hash: { name: 'SHA-256' } } | { name: 'ECDSA'; namedCurve: 'P-256' };
  signExternally(data: Uint8Array): Promise<ArrayBuffer>;
}
/** A key the signing service signs with: WebCrypto's, or one in a token. */
export type PrivateKey = CryptoKey | ExternalKey;
export const isExternalKey = (key: PrivateKey): key is ExternalKey => 'signExternally' in key;

/** The signature of `data` by `key` (RSA PKCS#1 v1.5 or ECDSA r‖s, SHA-256). */
export async function signWith(key: PrivateKey, data: Uint8Array): Promise<ArrayBuffer> {
  if (isExternalKey(key)) return key.signExternally(data);
  return crypto.subtle.sign(key.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : key.algorithm, key, arrayBuffer(data));
}

// pkijs signs through its engine's sign(): an ExternalKey is handed the data instead.
class Engine extends pkijs.CryptoEngine {
  override sign(...args: Parameters<SubtleCrypto['sign']>): Promise<ArrayBuffer> {
    const [, key, data] = args;
    if (isExternalKey(key as PrivateKey))
      return (key as unknown as ExternalKey).signExternally(ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data as ArrayBuffer));
    return super.sign(...args);
  }
}
pkijs.setEngine('node', new Engine({ name: 'node', crypto }));

/** Every key of the demo PKI: RSA 2048 with PKCS#1 v1.5 and SHA-256, what every PDF reader checks. */
export const KEY_ALGORITHM: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** A private key from its PKCS#8 bytes, for signing. */
export async function importPrivateKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', arrayBuffer(pkcs8), KEY_ALGORITHM, false, ['sign']);
}

export async function exportPrivateKey(key: CryptoKey): Promise<Buffer> {
  return Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
}

export const sha256 = async (data: Uint8Array | ArrayBuffer): Promise<Buffer> => Buffer.from(await crypto.subtle.digest('SHA-256', data instanceof ArrayBuffer ? data : arrayBuffer(data)));

/** An ArrayBuffer holding exactly these bytes (pkijs and asn1js take ArrayBuffers). */
export const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
