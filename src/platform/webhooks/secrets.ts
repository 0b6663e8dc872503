// Webhook secrets: what a subscription signs with, and how it is kept at rest.
// A secret is shown to the agency as `whsec_<base64 key>` (Standard Webhooks); the key bytes
// are stored encrypted with AES-256-GCM under a key of its own purpose, derived with HKDF
// (SHA-256) from SESSION_SECRET with the label `webhook-secrets` (it moves to the platform
// keyring when there is one; the stored form carries a version for that rotation).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';
const VERSION = 'v1';
/** Bound to the ciphertext, so a value encrypted for another purpose does not decrypt here. */
const AAD = Buffer.from('tambo webhook secret');

/** The key that encrypts webhook secrets at rest (one key per purpose). */
export function webhookSecretsKey(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, Buffer.alloc(0), 'webhook-secrets', 32));
}

/** A new secret in the Standard Webhooks form (24 random bytes). */
export function generateWebhookSecret(): string {
  return `${PREFIX}${randomBytes(24).toString('base64')}`;
}

/**
 * The key bytes a secret signs with: the base64 after `whsec_`, or, for a secret typed by an
 * agency before Standard Webhooks (any other text), its UTF-8 bytes — the bytes the old
 * `X-Tambo-Signature` was computed with, so both signatures use one key.
 */
export function secretKeyBytes(secret: string): Buffer {
  return secret.startsWith(PREFIX) ? Buffer.from(secret.slice(PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** The Standard Webhooks form of key bytes (what an agency gives its verifying library). */
export function standardSecret(key: Buffer): string {
  return `${PREFIX}${key.toString('base64')}`;
}

/** Whether a typed secret is acceptable: `whsec_` with 24 to 64 key bytes, or 16 to 200 characters of text. */
export function isAcceptableSecret(secret: string): boolean {
  if (secret.startsWith(PREFIX)) {
    const encoded = secret.slice(PREFIX.length);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return false;
    const length = Buffer.from(encoded, 'base64').length;
    return length >= 24 && length <= 64;
  }
  return secret.length >= 16 && secret.length <= 200;
}

/** `v1.<iv>.<ciphertext>.<tag>` (base64url), AES-256-GCM. */
export function encryptSecret(key: Buffer, secret: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
  return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The key bytes of a stored secret; throws when it was not encrypted with this key. */
export function decryptSecret(key: Buffer, stored: string): Buffer {
  const [version, iv, ciphertext, tag] = stored.split('.');
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error('unknown webhook secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}
