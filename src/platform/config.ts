// The one place that reads process.env. Every variable is declared once below with its
// description and default; docs/config.md is generated from this list (npm run docs)
// and a test fails when it is stale.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyringOf } from './keys/secrets.ts';

export type CountryCode = 'bo' | 've';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** How outgoing e-mail and SMS leave Tambo (see src/modules/messaging). */
export type MessageTransportName = 'sink';

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  country: CountryCode;
  demo: boolean;
  logLevel: LogLevel;
  sessionSecret: string;
  /** The keyring file of per-purpose keys (src/platform/keys/secrets.ts); undefined: every key is version 1, from SESSION_SECRET. */
  keyringFile: string | undefined;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  isSecureCookies: boolean;
  messageTransport: MessageTransportName;
  mapTileUrl: string;
  /** Port of the metrics listener (`/metrics`); undefined: none. */
  metricsPort: number | undefined;
  metricsHost: string;
  webhookAllowInsecure: boolean;
  /** Processes `npm start` runs on PORT (Node cluster); 1: this process alone. */
  workers: number;
  /** A streaming replica for reads that tolerate a little lag; undefined: the primary serves them. */
  databaseReplicaUrl: string | undefined;
  /** Seconds a process keeps a checked session or access token (0: none). */
  authCacheSeconds: number;
  /** The PKCS#11 token agencies' signing keys may live in (src/platform/signing/pkcs11.ts); undefined: none. */
  signingPkcs11?: { module: string; token: string; pin: string } | undefined;
}

type Env = Record<string, string | undefined>;

interface Variable {
  name: string;
  description: string;
  default: string;
}

// Declared in the order docs/config.md lists them.
export const variables: Variable[] = [
  { name: 'PORT', description: 'TCP port the HTTP server listens on.', default: '3000' },
  { name: 'HOST', description: 'Interface to listen on (`0.0.0.0` to accept connections from other machines).', default: '127.0.0.1' },
  {
    name: 'PUBLIC_URL',
    description:
      'The address people and systems use to reach Tambo (scheme, host, port; no trailing slash). Used in links, problem types, the OIDC issuer. With `https://` cookies are marked `Secure`.',
    default: 'http://localhost:{PORT}',
  },
  {
    name: 'DATABASE_URL',
    description: 'PostgreSQL (15 or newer) connection string. When unset, Tambo starts its own embedded PostgreSQL with data under `DATA_DIR`.',
    default: '(unset: embedded PostgreSQL)',
  },
  {
    name: 'DATA_DIR',
    description:
      'Folder for local state: the embedded PostgreSQL cluster (`postgres/`), the development secret generated in demo mode (`secrets.json`) and, with the embedded cluster, the lock of the process using it (`tambo.pid`). Uploaded files are not here: they live in PostgreSQL (ADR 0004).',
    default: './data',
  },
  { name: 'COUNTRY', description: 'Country profile: `bo` (Bolivia) or `ve` (Venezuela). Territories, identity documents, currency, holidays and demo data follow it.', default: 'bo' },
  { name: 'DEMO', description: 'Load demo data into an empty database at start (`true` or `false`).', default: '`true` without DATABASE_URL, else `false`' },
  { name: 'LOG_LEVEL', description: 'One of fatal, error, warn, info, debug, trace, silent.', default: 'info' },
  {
    name: 'SESSION_SECRET',
    description:
      'Secret (at least 32 characters): version 1 of every per-purpose key (pairwise subjects, TOTP sealing, CSRF, cookies, verification codes, Open311 tokens, webhook secrets, the portal client), used as before purposes existed, so an existing installation keeps every stored value. Do not change it: rotate one purpose at a time with `KEYRING_FILE` ([security.md](security.md#keys)). Required when `DEMO=false`; in demo mode one is generated once and kept in `DATA_DIR/secrets.json`.',
    default: '(generated in demo mode)',
  },
  {
    name: 'KEYRING_FILE',
    description:
      'JSON file of independent keys per purpose and version (`{"keys": {"totp-seal": [{"version": 2, "secret": "<32+ bytes base64url>"}]}}`), mode 0600, readable by Tambo only. The highest version of a purpose is current; a purpose or version 1 it does not list comes from `SESSION_SECRET`. `npm run keys:rotate -- <purpose>` adds a version (and creates the file). Read at start: restart every process after a change. A missing file counts as empty.',
    default: '(unset: every key is version 1, from SESSION_SECRET)',
  },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    description:
      'Requests a single client address may make per minute. With `WORKERS` above 1 each process allows `floor(limit / WORKERS)`, so the processes together never allow more than the limit (a client whose connection stays on one process gets that share).',
    default: '600',
  },
  { name: 'BODY_LIMIT_BYTES', description: 'Largest request body accepted, in bytes (file uploads have their own limit).', default: '1048576' },
  { name: 'TRUST_PROXY', description: 'Trust `X-Forwarded-*` headers from a load balancer in front (`true` or `false`).', default: 'false' },
  {
    name: 'MESSAGE_TRANSPORT',
    description:
      'How outgoing e-mail and SMS (verification codes, notices) leave Tambo. Only `sink` exists so far: each message is stored in the table `messaging.sink` and nothing is delivered (development and tests). A real SMTP server or SMS gateway is added as another transport of the messaging module.',
    default: 'sink',
  },
  {
    name: 'MAP_TILE_URL',
    description:
      'Tile server for the maps of reports, as a template with `{z}`, `{x}` and `{y}` (e.g. a state-run OpenStreetMap tile server). Empty: no map is drawn; every page still works with the territory list, address and coordinates.',
    default: '(empty: no map)',
  },
  {
    name: 'METRICS_PORT',
    description:
      'Port of a second listener that serves only `GET /metrics` (Prometheus text format: failed jobs and more, see [operations.md](operations.md#failing-jobs)). It has no authentication: expose it to the monitoring system only. Unset: no metrics listener.',
    default: '(unset: none)',
  },
  { name: 'METRICS_HOST', description: 'Interface the metrics listener binds to.', default: '127.0.0.1' },
  {
    name: 'WEBHOOK_ALLOW_INSECURE',
    description:
      'Let webhook subscriptions use plain `http` and loopback, link-local and private addresses (development, tests). Keep it `false` in production: it lets an agency administrator make Tambo call internal services and send personal data in clear (docs/webhooks.md).',
    default: 'the value of `DEMO`',
  },
  {
    name: 'WORKERS',
    description:
      'Processes that `npm start` runs, all serving `PORT` (Node cluster; a first one applies migrations and the demo data, then the others start). Each has its own pool of `floor(80 / WORKERS)` connections (at least 4) and allows its share of `RATE_LIMIT_PER_MINUTE`; jobs, the audit sealer and recurring work are safe across processes ([scaling.md](scaling.md)).',
    default: '1',
  },
  {
    name: 'DATABASE_REPLICA_URL',
    description:
      'A PostgreSQL streaming replica of `DATABASE_URL` for reads that tolerate a little lag (public lists, statistics, the catalog, open data). Unset: the primary serves them ([scaling.md](scaling.md)).',
    default: '(unset: the primary)',
  },
  {
    name: 'AUTH_CACHE_SECONDS',
    description:
      'Seconds each process keeps a checked portal session or access token before asking the database again. Ending a session, revoking a token or changing an account drops it at once in every process (PostgreSQL `LISTEN/NOTIFY`). `0`: check the database on every request.',
    default: '5',
  },
  {
    name: 'SIGNING_PKCS11_MODULE',
    description:
      "A PKCS#11 module (e.g. `/usr/lib/softhsm/libsofthsm2.so`, or an HSM vendor's) holding agencies' signing keys, driven through OpenSC's `pkcs11-tool` ([signed-documents.md](signed-documents.md#keys-in-a-pkcs11-token)). Set with `SIGNING_PKCS11_TOKEN` and `SIGNING_PKCS11_PIN`, or not at all.",
    default: '(unset: keys sealed in the database only)',
  },
  { name: 'SIGNING_PKCS11_TOKEN', description: 'The label of the PKCS#11 token in `SIGNING_PKCS11_MODULE`.', default: '(unset)' },
  {
    name: 'SIGNING_PKCS11_PIN',
    description: 'The user PIN of that token. Passed to `pkcs11-tool` in its environment, never on a command line; never logged or stored.',
    default: '(unset)',
  },
];

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function parseBoolean(name: string, raw: string, problems: string[]): boolean {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return false;
}

function parseInteger(name: string, raw: string, min: number, max: number, problems: string[]): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return min;
  }
  return value;
}

function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { sessionSecret?: string };
    if (stored.sessionSecret) return stored.sessionSecret;
  }
  mkdirSync(dataDir, { recursive: true });
  const sessionSecret = randomBytes(32).toString('base64url');
  writeFileSync(file, JSON.stringify({ sessionSecret }, null, 2), { mode: 0o600 });
  return sessionSecret;
}

/** Reads and validates the whole configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const known = new Set(variables.map((v) => v.name));
  const get = (name: string): string | undefined => {
    if (!known.has(name)) throw new Error(`undeclared configuration variable ${name}`);
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const port = parseInteger('PORT', get('PORT') ?? '3000', 0, 65535, problems);
  const host = get('HOST') ?? '127.0.0.1';
  const publicUrlRaw = get('PUBLIC_URL') ?? `http://localhost:${port}`;
  let publicUrl = publicUrlRaw.replace(/\/+$/, '');
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`PUBLIC_URL must start with http:// or https:// (got "${publicUrlRaw}")`);
    if (url.pathname !== '/' && url.pathname !== '') problems.push(`PUBLIC_URL must not have a path (got "${publicUrlRaw}")`);
    publicUrl = url.origin;
  } catch {
    problems.push(`PUBLIC_URL must be an absolute URL (got "${publicUrlRaw}")`);
  }

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const dataDir = path.resolve(get('DATA_DIR') ?? './data');

  const countryRaw = (get('COUNTRY') ?? 'bo').toLowerCase();
  if (countryRaw !== 'bo' && countryRaw !== 've') problems.push(`COUNTRY must be bo or ve (got "${countryRaw}")`);
  const country = (countryRaw === 've' ? 've' : 'bo') as CountryCode;

  const demoRaw = get('DEMO');
  const demo = demoRaw === undefined ? databaseUrl === undefined : parseBoolean('DEMO', demoRaw, problems);

  const levels: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  const logLevelRaw = get('LOG_LEVEL') ?? 'info';
  if (!levels.includes(logLevelRaw as LogLevel)) problems.push(`LOG_LEVEL must be one of ${levels.join(', ')} (got "${logLevelRaw}")`);
  const logLevel = (levels.includes(logLevelRaw as LogLevel) ? logLevelRaw : 'info') as LogLevel;

  let sessionSecret = get('SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters long');
  }
  if (sessionSecret === undefined && !demo && overrides.sessionSecret === undefined) {
    problems.push('SESSION_SECRET is required when DEMO is false (at least 32 random characters)');
  }

  const keyringFileRaw = get('KEYRING_FILE');
  const keyringFile = keyringFileRaw === undefined ? undefined : path.resolve(keyringFileRaw);
  if (keyringFile && existsSync(keyringFile)) {
    try {
      keyringOf(keyringFile);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  const rateLimitPerMinute = parseInteger('RATE_LIMIT_PER_MINUTE', get('RATE_LIMIT_PER_MINUTE') ?? '600', 1, 1_000_000, problems);
  const bodyLimitBytes = parseInteger('BODY_LIMIT_BYTES', get('BODY_LIMIT_BYTES') ?? '1048576', 1024, 100 * 1024 * 1024, problems);
  const trustProxy = parseBoolean('TRUST_PROXY', get('TRUST_PROXY') ?? 'false', problems);
  const messageTransportRaw = get('MESSAGE_TRANSPORT') ?? 'sink';
  if (messageTransportRaw !== 'sink') problems.push(`MESSAGE_TRANSPORT must be sink, the only transport so far (got "${messageTransportRaw}")`);

  const mapTileUrl = get('MAP_TILE_URL') ?? '';
  if (mapTileUrl && !/^https?:\/\/[^\s]*\{z\}[^\s]*\{x\}[^\s]*\{y\}/.test(mapTileUrl)) problems.push(`MAP_TILE_URL must be an http(s) URL template with {z}, {x} and {y} (got "${mapTileUrl}")`);

  const metricsPortRaw = get('METRICS_PORT');
  const metricsPort = metricsPortRaw === undefined ? undefined : parseInteger('METRICS_PORT', metricsPortRaw, 1, 65535, problems);
  if (metricsPort !== undefined && metricsPort === port) problems.push('METRICS_PORT must differ from PORT');
  const metricsHost = get('METRICS_HOST') ?? '127.0.0.1';
  const webhookAllowInsecureRaw = get('WEBHOOK_ALLOW_INSECURE');
  const webhookAllowInsecure = webhookAllowInsecureRaw === undefined ? demo : parseBoolean('WEBHOOK_ALLOW_INSECURE', webhookAllowInsecureRaw, problems);

  const workers = parseInteger('WORKERS', get('WORKERS') ?? '1', 1, 64, problems);
  const databaseReplicaUrl = get('DATABASE_REPLICA_URL');
  if (databaseReplicaUrl && !/^postgres(ql)?:\/\//.test(databaseReplicaUrl)) problems.push('DATABASE_REPLICA_URL must be a postgres:// or postgresql:// connection string');
  if (databaseReplicaUrl && !databaseUrl) problems.push('DATABASE_REPLICA_URL needs DATABASE_URL (the embedded PostgreSQL has no replica)');
  const authCacheSeconds = parseInteger('AUTH_CACHE_SECONDS', get('AUTH_CACHE_SECONDS') ?? '5', 0, 300, problems);
  const pkcs11 = { module: get('SIGNING_PKCS11_MODULE'), token: get('SIGNING_PKCS11_TOKEN'), pin: get('SIGNING_PKCS11_PIN') };
  const pkcs11Set = Object.values(pkcs11).filter((v) => v !== undefined).length;
  if (pkcs11Set > 0 && pkcs11Set < 3) problems.push('SIGNING_PKCS11_MODULE, SIGNING_PKCS11_TOKEN and SIGNING_PKCS11_PIN go together: set all three or none');
  if (pkcs11.module && !path.isAbsolute(pkcs11.module)) problems.push(`SIGNING_PKCS11_MODULE must be an absolute path (got "${pkcs11.module}")`);

  if (problems.length > 0) throw new ConfigError(problems);
  if (sessionSecret === undefined && overrides.sessionSecret === undefined) sessionSecret = developmentSecret(dataDir);

  const config: Config = {
    port,
    host,
    publicUrl,
    databaseUrl,
    dataDir,
    country,
    demo,
    logLevel,
    sessionSecret: sessionSecret ?? '',
    keyringFile,
    rateLimitPerMinute,
    bodyLimitBytes,
    trustProxy,
    isSecureCookies: publicUrl.startsWith('https://'),
    messageTransport: 'sink',
    mapTileUrl,
    metricsPort,
    metricsHost,
    webhookAllowInsecure,
    workers,
    databaseReplicaUrl,
    authCacheSeconds,
    signingPkcs11: pkcs11.module && pkcs11.token && pkcs11.pin ? { module: pkcs11.module, token: pkcs11.token, pin: pkcs11.pin } : undefined,
    ...overrides,
  };
  return config;
}

/** The Markdown page docs/config.md, generated from the declarations above. */
export function renderConfigDoc(): string {
  const rows = variables.map((v) => `| \`${v.name}\` | ${v.description} | ${v.default} |`);
  return [
    '# Configuration',
    '',
    'Tambo reads its configuration from environment variables, validated together at start:',
    'a bad value stops the start with a list of every problem. This page is generated from',
    '`src/platform/config.ts` by `npm run docs`; a test fails when it is stale.',
    '',
    '| variable | meaning | default |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
