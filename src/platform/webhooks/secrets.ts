// Webhook secrets: what a subscription signs with, and how it is kept at rest.
// A secret is shown to the agency as `whsec_<base64 key>` (Standard Webhooks); the key bytes
// are stored encrypted with AES-256-GCM under the `webhook-secrets` key of the platform's
// per-purpose keys (src/platform/keys/secrets.ts): HKDF (SHA-256, label `webhook-secrets`)
// of the key version's bytes, version 1 being SESSION_SECRET as before. The stored form
// names the version it was encrypted with, so a rotation keeps every stored secret readable.
import { randomBytes } from 'node:crypto';
import { openValue, sealValue } from '../keys/seal.ts';
import { purposeKeys, type KeySource, type PurposeKeys } from '../keys/secrets.ts';

const PREFIX = 'whsec_';
/** Bound to the ciphertext, so a value encrypted for another purpose does not decrypt here. */
const AAD = Buffer.from('tambo webhook secret');

/** The versions of the key that encrypts webhook secrets at rest. `source`: the configuration, or SESSION_SECRET. */
export function webhookSecretsKey(source: KeySource | string): PurposeKeys {
  return purposeKeys(source, 'webhook-secrets');
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

/** `v<version>.<iv>.<ciphertext>.<tag>` (base64url), AES-256-GCM under the current version (src/platform/keys/seal.ts). */
export function encryptSecret(keys: PurposeKeys, secret: Buffer): string {
  return sealValue(keys, AAD, secret);
}

/** The key bytes of a stored secret, opened with the version it names; throws when that version does not open it. */
export function decryptSecret(keys: PurposeKeys, stored: string): Buffer {
  return openValue(keys, AAD, stored);
}
