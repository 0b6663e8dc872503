// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, 6 digits, 30 s),
// written with node:crypto, and the sealing of TOTP keys at rest (AES-256-GCM).
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { purposeKeys, type KeySource, type KeyVersion } from '../../platform/keys/secrets.ts';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new random key (160 bits, as RFC 4226 recommends), in base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** HOTP (RFC 4226) of a counter. */
export function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = digest[digest.length - 1]! & 0xf;
  const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 10 ** TOTP_DIGITS;
  return String(binary).padStart(TOTP_DIGITS, '0');
}

export function totpStep(timeMs: number): number {
  return Math.floor(timeMs / 1000 / TOTP_STEP_SECONDS);
}

/** The code an authenticator app shows at a time. */
export function totpCode(secret: string, timeMs = Date.now()): string {
  return hotp(base32Decode(secret), totpStep(timeMs));
}

/**
 * The time step a typed code matches (one step of clock drift either way), or undefined.
 * Steps at or before `lastStep` are refused: each code works once.
 */
export function matchTotp(secret: string, typed: string, lastStep: number | null, timeMs = Date.now()): number | undefined {
  const code = typed.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return undefined;
  const key = base32Decode(secret);
  const now = totpStep(timeMs);
  for (const step of [now, now - 1, now + 1]) {
    if (lastStep !== null && step <= lastStep) continue;
    if (hotp(key, step) === code) return step;
  }
  return undefined;
}

/** The otpauth:// URI authenticator apps read (as a QR code or typed). */
export function otpauthUri(issuer: string, label: string, secret: string): string {
  const params = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${encodeURIComponent(`${issuer}:${label}`)}?${params.toString()}`;
}

/** The base32 key in groups of four, easier to type. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

// The sealing key of one version of the `totp-seal` purpose (src/platform/keys/secrets.ts):
// SHA-256 of `totp-seal:` and the key bytes, as before purposes existed (version 1 is
// SESSION_SECRET, so TOTP keys sealed then still open).
const sealKey = (key: KeyVersion) => createHash('sha256').update('totp-seal:').update(key.material).digest();

/**
 * Encrypts a TOTP key for storage (AES-256-GCM) with the current `totp-seal` key:
 * `v<version>.iv.tag.ciphertext`, base64url. `source`: the configuration, or SESSION_SECRET.
 */
export function sealSecret(source: KeySource | string, secret: string): string {
  const key = purposeKeys(source, 'totp-seal').current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(key), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [`v${key.version}`, ...[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'))].join('.');
}

/** Opens a sealed TOTP key with the version it names (`iv.tag.ciphertext` without one: version 1, as sealed before versions). */
export function openSecret(source: KeySource | string, sealed: string): string {
  const parts = sealed.split('.');
  const version = parts.length === 4 ? Number(/^v(\d+)$/.exec(parts.shift()!)?.[1]) : 1;
  const key = purposeKeys(source, 'totp-seal').version(version);
  if (!key) throw new Error(`no totp-seal key version ${version}`);
  const [iv, tag, data] = parts.map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', sealKey(key), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
}
