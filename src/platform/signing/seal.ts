// Private keys at rest: AES-256-GCM under the `signing-keys` purpose key
// (src/platform/keys/secrets.ts; HKDF-SHA-256 of the version's bytes, label `signing-keys`),
// `v<version>.<iv>.<ciphertext>.<tag>` in base64url. The key is in the configuration
// (SESSION_SECRET or KEYRING_FILE), never in the database, so a database dump alone does not
// give the agencies' keys. Rotating the purpose (`keys:rotate -- signing-keys`) seals new
// keys with the new version; stored ones open with the version they name.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { type KeySource, type KeyVersion, purposeKeys } from '../keys/secrets.ts';

const AAD = Buffer.from('tambo signing key');
const aesKey = (key: KeyVersion) => Buffer.from(hkdfSync('sha256', key.material, Buffer.alloc(0), 'signing-keys', 32));

export function sealPrivateKey(source: KeySource, pkcs8: Buffer): string {
  const current = purposeKeys(source, 'signing-keys').current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(current), iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return [`v${current.version}`, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function openPrivateKey(source: KeySource, sealed: string): Buffer {
  const [version, iv, ciphertext, tag] = sealed.split('.');
  const key = purposeKeys(source, 'signing-keys').version(Number(/^v(\d+)$/.exec(version ?? '')?.[1]));
  if (!key || !iv || !ciphertext || !tag) throw new Error('unknown sealed key format or signing-keys version');
  const decipher = createDecipheriv('aes-256-gcm', aesKey(key), Buffer.from(iv, 'base64url'));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}
