// Sealed offers: each tender has an RSA-OAEP key pair made at publication; the public key (SPKI
// PEM) is stored with the tender, the private key (PKCS#8 PEM) is handed once to the opening
// committee and never stored. An offer is sealed with a fresh AES-256-GCM key wrapped by the
// public key, so no one holding only the database (administrators included) can open it.
import { constants, createCipheriv, createDecipheriv, createHash, createPublicKey, generateKeyPairSync, type KeyObject, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';

export function newTenderKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', { modulusLength: 3072, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;

// Parsing a tender's public key (PEM) costs more than the RSA encryption itself: the parsed
// keys of the processes receiving offers are kept (a public key; the oldest dropped past the bound).
const publicKeys = new Map<string, KeyObject>();
const PUBLIC_KEYS_KEPT = 1000;

function publicKeyOf(pem: string): KeyObject {
  let key = publicKeys.get(pem);
  if (!key) {
    key = createPublicKey(pem);
    if (publicKeys.size >= PUBLIC_KEYS_KEPT) publicKeys.delete(publicKeys.keys().next().value as string);
    publicKeys.set(pem, key);
  }
  return key;
}

/** The envelope (base64 of: 2-byte wrapped-key length, wrapped key, 12-byte nonce, 16-byte tag, ciphertext) bound to `aad` (the tender and supplier). */
export function seal(publicKey: string, aad: string, plaintext: Buffer): string {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const wrapped = publicEncrypt({ key: publicKeyOf(publicKey), ...OAEP }, key);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wrapped.length);
  return Buffer.concat([length, wrapped, nonce, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Opens an envelope with the committee's private key; throws when the key or the envelope is wrong. */
export function unseal(privateKey: string, aad: string, envelope: string): Buffer {
  const bytes = Buffer.from(envelope, 'base64');
  const length = bytes.readUInt16BE(0);
  const wrapped = bytes.subarray(2, 2 + length);
  const nonce = bytes.subarray(2 + length, 14 + length);
  const tag = bytes.subarray(14 + length, 30 + length);
  const key = privateDecrypt({ key: privateKey, ...OAEP }, wrapped);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(bytes.subarray(30 + length)), decipher.final()]);
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
