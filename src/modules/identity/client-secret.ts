// Secrets of agencies' systems (clients). The server generates each secret (256 random bits),
// shows it once, and stores only its SHA-256 (`sha256:<hex>`): a copy of the database — a
// backup, a replica, a leaked dump — does not let anyone authenticate as an agency's system.
// A fast hash is enough here: the secret is random and long, so there is nothing to guess;
// slow hashes (argon2) are for passwords people choose.
//
// oidc-provider compares client secrets itself (`client.compareClientSecret`);
// `useHashedClientSecrets` teaches it the stored form. Secrets stored in plain (the portal's
// own derived secret, demo and test clients) keep working, compared in constant time too.
// Only `client_secret_basic`/`client_secret_post` use the secret: the provider offers no
// client_secret_jwt and signs ID tokens with its own keys, never with a client's secret.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Provider from 'oidc-provider';

const PREFIX = 'sha256:';

export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a secret. */
export function hashClientSecret(secret: string): string {
  return `${PREFIX}${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

export function isHashedSecret(stored: string | null): boolean {
  return stored?.startsWith(PREFIX) === true;
}

/** Whether `presented` is the secret of a client whose stored secret is `stored` (hashed or plain). */
export function clientSecretMatches(stored: string | null | undefined, presented: string | undefined): boolean {
  if (!stored || typeof presented !== 'string' || presented.length === 0 || presented.length > 500) return false;
  const expected = isHashedSecret(stored) ? Buffer.from(stored) : createHash('sha256').update(stored, 'utf8').digest();
  const given = isHashedSecret(stored) ? Buffer.from(hashClientSecret(presented)) : createHash('sha256').update(presented, 'utf8').digest();
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Makes the provider check presented secrets against the stored form. */
export function useHashedClientSecrets(provider: Provider): void {
  const prototype = provider.Client.prototype as unknown as { compareClientSecret(actual: string): Promise<boolean>; clientSecret?: string };
  prototype.compareClientSecret = async function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    return clientSecretMatches(this.clientSecret, actual);
  };
}
