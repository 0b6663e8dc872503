// One secret key per purpose, each with numbered versions (docs/security.md, "Keys").
//
// Version 1 of every purpose is SESSION_SECRET itself, used exactly as the code used it
// before purposes existed (each use keeps its own label), so that nothing stored changes
// on an existing installation. A keyring file (KEYRING_FILE) adds independent random keys:
// further versions, written by `npm run keys:rotate -- <purpose>`, or a version 1 of its
// own on a new installation. The highest version is current: new values are sealed or
// derived with it; sealed values name their version and open with it; short-lived MACs
// (CSRF tokens, verification codes) are accepted under the current and the previous one.
//
// `pairwise-subjects` is never rotated: a pairwise subject is the identifier an agency keeps
// for a person, a promise that does not change; rotating its key would give every person a
// new identifier at every agency. A keyring file may give it one independent version 1, on
// an installation that has handed out no subject yet.
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export const PURPOSES = [
  'pairwise-subjects',
  'totp-seal',
  'csrf',
  'cookies',
  'codes',
  'open311-tokens',
  'webhook-secrets',
  'portal-client',
  'signing-keys',
  'cgii-openpgp',
  'fiscal-invoicing',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Purposes whose key is never rotated (see the top of this file). */
export const PINNED_PURPOSES: readonly Purpose[] = ['pairwise-subjects'];

export interface KeyVersion {
  version: number;
  /** The key bytes (version 1 without a keyring entry: the UTF-8 bytes of SESSION_SECRET). */
  material: Buffer;
}

export interface PurposeKeys {
  purpose: Purpose;
  /** What new values are sealed or derived with: the highest version. */
  current: KeyVersion;
  /** Every version, newest first. */
  versions: KeyVersion[];
  /** The current and the previous version (for short-lived values), newest first. */
  recent: KeyVersion[];
  version(n: number): KeyVersion | undefined;
}

/** Where the keys come from: SESSION_SECRET and, optionally, the keyring file. */
export interface KeySource {
  sessionSecret: string;
  keyringFile?: string | undefined;
}

interface FileEntry {
  version: number;
  secret: string;
  created?: string;
}
export interface KeyringFile {
  keys: Partial<Record<Purpose, FileEntry[]>>;
}

const isPurpose = (value: string): value is Purpose => (PURPOSES as readonly string[]).includes(value);

/** Reads and checks a keyring file; throws an Error listing every problem. */
export function readKeyringFile(file: string): KeyringFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`KEYRING_FILE ${file} cannot be read as JSON (${(error as Error).message})`);
  }
  const problems: string[] = [];
  const keys = (parsed as { keys?: unknown })?.keys;
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) throw new Error(`KEYRING_FILE ${file} must be a JSON object with "keys"`);
  for (const [purpose, entries] of Object.entries(keys)) {
    if (!isPurpose(purpose)) {
      problems.push(`unknown purpose "${purpose}" (known: ${PURPOSES.join(', ')})`);
      continue;
    }
    if (!Array.isArray(entries)) {
      problems.push(`${purpose} must be a list of versions`);
      continue;
    }
    const seen = new Set<number>();
    for (const entry of entries as FileEntry[]) {
      if (!Number.isInteger(entry?.version) || entry.version < 1) problems.push(`${purpose}: version must be a whole number from 1`);
      else if (seen.has(entry.version)) problems.push(`${purpose}: version ${entry.version} is listed twice`);
      else seen.add(entry.version);
      if (typeof entry?.secret !== 'string' || Buffer.from(entry.secret, 'base64url').length < 32) problems.push(`${purpose} v${entry?.version}: secret must be at least 32 bytes in base64url`);
    }
    if (PINNED_PURPOSES.includes(purpose) && (entries.length > 1 || (entries as FileEntry[]).some((e) => e.version !== 1))) {
      problems.push(`${purpose} is never rotated: it may only have a version 1 (docs/security.md)`);
    }
  }
  if (problems.length > 0) throw new Error(`KEYRING_FILE ${file}: ${problems.join('; ')}`);
  return parsed as KeyringFile;
}

const fileCache = new Map<string, KeyringFile>();
const keysCache = new Map<string, PurposeKeys>();

/** Reads a keyring file once per process (config checks it at start; purpose keys reuse what was read). */
export function keyringOf(file: string | undefined): KeyringFile {
  if (!file) return { keys: {} };
  let keyring = fileCache.get(file);
  if (!keyring) {
    keyring = existsSync(file) ? readKeyringFile(file) : { keys: {} };
    fileCache.set(file, keyring);
  }
  return keyring;
}

/** Forgets what was read from keyring files (after `keys:rotate` wrote one, and in tests). */
export function forgetKeyringFiles(): void {
  fileCache.clear();
  keysCache.clear();
}

/** The keys of a purpose. `source` is the configuration, or SESSION_SECRET alone. */
export function purposeKeys(source: KeySource | string, purpose: Purpose): PurposeKeys {
  const { sessionSecret, keyringFile } = typeof source === 'string' ? { sessionSecret: source, keyringFile: undefined } : source;
  const cacheKey = `${purpose}\u0000${keyringFile ?? ''}\u0000${sessionSecret}`;
  const cached = keysCache.get(cacheKey);
  if (cached) return cached;
  const entries = keyringOf(keyringFile).keys[purpose] ?? [];
  const versions: KeyVersion[] = entries.map((e) => ({ version: e.version, material: Buffer.from(e.secret, 'base64url') }));
  if (!versions.some((v) => v.version === 1)) versions.push({ version: 1, material: Buffer.from(sessionSecret, 'utf8') });
  versions.sort((a, b) => b.version - a.version);
  const keys: PurposeKeys = {
    purpose,
    current: versions[0]!,
    versions,
    recent: versions.slice(0, 2),
    version: (n) => versions.find((v) => v.version === n),
  };
  keysCache.set(cacheKey, keys);
  return keys;
}

/** HMAC-SHA256 of `message` under one version of a key: the bytes, or their text in `encoding`. */
export function hmac(key: KeyVersion, message: string): Buffer;
export function hmac(key: KeyVersion, message: string, encoding: 'hex' | 'base64url'): string;
export function hmac(key: KeyVersion, message: string, encoding?: 'hex' | 'base64url'): Buffer | string {
  const mac = createHmac('sha256', key.material).update(message);
  return encoding ? mac.digest(encoding) : mac.digest();
}

/** Adds a version to a purpose in the keyring file (created with mode 0600 when missing); returns its number. */
export function addKeyVersion(file: string, purpose: Purpose, now = new Date()): number {
  if (PINNED_PURPOSES.includes(purpose)) throw new Error(`${purpose} is never rotated: a new key would give every person a new identifier at every agency (docs/security.md)`);
  const keyring: KeyringFile = existsSync(file) ? readKeyringFile(file) : { keys: {} };
  const entries = keyring.keys[purpose] ?? [];
  // Version 1 without an entry is SESSION_SECRET: the first random key is version 2.
  const version = Math.max(1, ...entries.map((e) => e.version)) + 1;
  keyring.keys[purpose] = [...entries, { version, secret: randomBytes(32).toString('base64url'), created: now.toISOString() }];
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(keyring, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  forgetKeyringFiles();
  return version;
}
