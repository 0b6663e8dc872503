// Values sealed at rest under a purpose key (docs/security.md#keys): AES-256-GCM with a key
// derived by HKDF-SHA-256 from the purpose's version (label: the purpose's name), and
// associated data that binds the ciphertext to what it is (a value sealed for one use does
// not open as another). The stored form `v<version>.<iv>.<ciphertext>.<tag>` (base64url)
// names the version, so a rotation keeps every stored value readable. Webhook secrets and
// the signing service's private keys are sealed with it.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { KeyVersion, PurposeKeys } from './secrets.ts';

const aesKey = (keys: PurposeKeys, key: KeyVersion) => Buffer.from(hkdfSync('sha256', key.material, Buffer.alloc(0), keys.purpose, 32));

/** Seals `plaintext` under the purpose's current version. */
export function sealValue(keys: PurposeKeys, aad: Buffer, plaintext: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(keys, keys.current), iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [`v${keys.current.version}`, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Opens a sealed value with the version it names; throws when the form is unknown or that version does not open it. */
export function openValue(keys: PurposeKeys, aad: Buffer, sealed: string): Buffer {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  const key = keys.version(Number(/^v(\d+)$/.exec(version ?? '')?.[1]));
  if (!key || !iv || !ciphertext || !tag) throw new Error(`unknown sealed value format or ${keys.purpose} key version`);
  const decipher = createDecipheriv('aes-256-gcm', aesKey(keys, key), Buffer.from(iv, 'base64url'));
  decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}
