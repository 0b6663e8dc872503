// `npm run bench`: measures Tambo against a baseline measured in the same run, on the same
// machine, and prints ratios (CONVENTIONS.md rule 13). Never a pass/fail: it exits 0 unless
// its own setup fails. See bench/README.md for what each figure means.
//
// Setup: a throw-away embedded PostgreSQL in a temp folder (or the server at
// BENCH_DATABASE_URL), a fresh database, the real app (every module plus bench/bench-module.ts,
// background work on as in production) and the baseline (plain Fastify + pg), both on
// 127.0.0.1 in this process. HTTP loads run in a child process (autocannon), bounded in time
// and count; function-level writers run here, bounded the same way.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { modules } from '../src/modules.ts';
import { loadConfig } from '../src/platform/config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { createDb, withDatabase, type Database, type Db } from '../src/platform/db/index.ts';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { buildBaseline } from './baseline.ts';
import { benchIdentity, identityReport } from './identity.ts';
import { benchPasswordChecks } from './identity-password.ts';
import { benchCaseSubmissions } from './cases.ts';
import { benchCatalogSearch } from './catalog.ts';
import { benchOpenData } from './open-data.ts';
import { benchModule, createItemAudited, createItemInTransaction, createItemRawStatement, insertItemPlain, ITEM_BODY, ITEM_ROUTE, type ItemInput } from './bench-module.ts';
import { loadSample } from './load.ts';
import { benchPayments } from './payments.ts';
import { benchProjects } from './projects.ts';
import { benchPostal } from './postal.ts';
import { benchReports } from './reports.ts';
import { benchStatistics } from './stats.ts';
import { benchSituationRoom } from './situation-room.ts';
import { benchDocuments } from './documents.ts';
import { benchRegistries } from './registries.ts';
import { benchObservatory } from './observatory.ts';
import { benchConsultations } from './consultations.ts';
import { benchInterop } from './interop.ts';
import { benchProcurement } from './procurement.ts';
import { sealing, sealingReport } from './sealing.ts';
import { benchMailboxDeliveries, benchOpen311Requests } from './writes.ts';
import { fmt, ratio, section, table } from './report.ts';
import { abba, combine, interleave, runWriters, type Figures } from './writers.ts';

const positive = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const settings = {
  seconds: positive('BENCH_SECONDS', 5),
  warmupSeconds: 1,
  connections: 32,
  writers: 16,
  sealEntries: Math.round(positive('BENCH_SEAL_ENTRIES', 20_000)),
  /** Upper bound on requests or writes of one measurement, whatever the time. */
  maxOperations: 2_000_000,
  /** Longest wait for the background sealer and dispatcher to catch up after a write run. */
  catchUpSeconds: 30,
};

const say = (line: string) => process.stdout.write(`${line}\n`);
const item: ItemInput = JSON.parse(ITEM_BODY) as ItemInput;

// ---------------------------------------------------------------------------------------
// Setup and cleanup

interface Setup {
  adminUrl: string;
  url: string;
  database: string;
  embedded?: EmbeddedPostgres;
  tempDirs: string[];
  app?: TamboApp;
  baseline?: Awaited<ReturnType<typeof buildBaseline>>;
  baselinePool?: pg.Pool;
  probe?: pg.Pool;
  sealDb?: Db;
  loggedApp?: TamboApp;
  quietApp?: TamboApp;
}

const setup: Setup = { adminUrl: '', url: '', database: '', tempDirs: [] };
let cleaning: Promise<void> | undefined;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: setup.adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    const quietly = async (work: (() => Promise<unknown>) | undefined) => {
      try {
        await work?.();
      } catch (error) {
        process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    };
    await quietly(setup.app && (() => setup.app!.close()));
    await quietly(setup.loggedApp && (() => setup.loggedApp!.close()));
    await quietly(setup.quietApp && (() => setup.quietApp!.close()));
    await quietly(setup.baseline && (() => setup.baseline!.close()));
    await quietly(setup.baselinePool && (() => setup.baselinePool!.end()));
    await quietly(setup.probe && (() => setup.probe!.end()));
    await quietly(setup.sealDb && (() => setup.sealDb!.close()));
    if (setup.database && !setup.embedded) await quietly(() => admin(`DROP DATABASE IF EXISTS ${setup.database} WITH (FORCE)`));
    await quietly(setup.embedded && (() => setup.embedded!.stop()));
    for (const dir of setup.tempDirs) await quietly(() => rm(dir, { recursive: true, force: true }));
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function listen(app: { listen(options: { port: number; host: string }): Promise<string>; server: { address(): unknown } }): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

async function start(): Promise<{ tambo: string; baseline: string; logged: string; quiet: string }> {
  if (process.env.BENCH_DATABASE_URL) {
    setup.adminUrl = process.env.BENCH_DATABASE_URL;
    say(`PostgreSQL at BENCH_DATABASE_URL (${new URL(setup.adminUrl).host})`);
  } else {
    const dir = path.join(os.tmpdir(), `tambo-bench-pg-${process.pid}-${randomBytes(3).toString('hex')}`);
    setup.tempDirs.push(dir);
    setup.embedded = await startEmbeddedPostgres(dir);
    setup.adminUrl = setup.embedded.url;
    say(`embedded PostgreSQL in ${dir} (port ${setup.embedded.port})`);
  }
  setup.database = `tambo_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${setup.database}`);
  setup.url = withDatabase(setup.adminUrl, setup.database);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tambo-bench-data-'));
  setup.tempDirs.push(dataDir);
  const config = loadConfig(
    // The rate limit is raised so that it counts but never answers 429 to the load.
    { LOG_LEVEL: 'silent', DEMO: 'false', COUNTRY: 'bo', HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_PER_MINUTE: '1000000' },
    { databaseUrl: setup.url, dataDir, sessionSecret: randomBytes(32).toString('base64url') },
  );
  setup.app = await buildApp(config, { modules: [...modules, benchModule] });
  const tambo = await listen(setup.app);
  // The same app at the default log level, its lines written as to standard output (the
  // asynchronous destination) but to /dev/null: what logging costs a request.
  // Compared with the same app silent, both without background work (the main app's loops
  // would weigh on one side only).
  setup.loggedApp = await buildApp({ ...config, logLevel: 'info' }, { modules: [...modules, benchModule], background: false, poolSize: 2, logDestination: '/dev/null' });
  const logged = await listen(setup.loggedApp);
  setup.quietApp = await buildApp(config, { modules: [...modules, benchModule], background: false, poolSize: 2 });
  const quiet = await listen(setup.quietApp);

  setup.baselinePool = new pg.Pool({ connectionString: setup.url, max: 20, application_name: 'bench-baseline' });
  setup.baseline = buildBaseline(setup.baselinePool);
  const baseline = await listen(setup.baseline);
  setup.probe = new pg.Pool({ connectionString: setup.url, max: 2, application_name: 'bench-probe' });
  return { tambo, baseline, logged, quiet };
}

async function machine(): Promise<Record<string, unknown>> {
  const show = async (name: string) => (await setup.probe!.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name];
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: await show('server_version'),
    postgresWhere: setup.embedded ? 'embedded (same machine)' : `BENCH_DATABASE_URL (${new URL(setup.adminUrl).host})`,
    fsync: await show('fsync'),
    synchronousCommit: await show('synchronous_commit'),
    sharedBuffers: await show('shared_buffers'),
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

// ---------------------------------------------------------------------------------------
// Background catch-up: the sealer and the event dispatcher must keep up with the writers.

interface CatchUp {
  unsealedAtEnd: number;
  pendingEventsAtEnd: number;
  secondsToCatchUp: number | null;
  stillUnsealed: number;
  stillPending: number;
}

async function backlog(): Promise<{ unsealed: number; pending: number }> {
  const { rows } = await setup.probe!.query<{ unsealed: number; pending: number }>(`
    SELECT (SELECT count(*)::int FROM audit.entry WHERE position IS NULL) AS unsealed,
           (SELECT count(*)::int FROM platform.outbox WHERE dispatched_at IS NULL) AS pending`);
  return rows[0] ?? { unsealed: 0, pending: 0 };
}

async function waitForCatchUp(): Promise<CatchUp> {
  const begin = performance.now();
  const first = await backlog();
  let now = first;
  while (now.unsealed + now.pending > 0 && performance.now() - begin < settings.catchUpSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = await backlog();
  }
  const done = now.unsealed + now.pending === 0;
  return {
    unsealedAtEnd: first.unsealed,
    pendingEventsAtEnd: first.pending,
    secondsToCatchUp: done ? (performance.now() - begin) / 1000 : null,
    stillUnsealed: now.unsealed,
    stillPending: now.pending,
  };
}

function catchUpLine(c: CatchUp): string {
  const at = `at the end of the run: ${fmt(c.unsealedAtEnd)} audit entries unsealed, ${fmt(c.pendingEventsAtEnd)} events undispatched`;
  return c.secondsToCatchUp === null
    ? `   background ${at}; NOT caught up after ${settings.catchUpSeconds} s (${fmt(c.stillUnsealed)} unsealed, ${fmt(c.stillPending)} undispatched left)`
    : `   background ${at}; caught up ${fmt(c.secondsToCatchUp, 1)} s later`;
}

// ---------------------------------------------------------------------------------------
// Benchmarks

interface Side extends Figures {
  label: string;
}

interface Comparison {
  id: string;
  title: string;
  detail: string;
  unit: string;
  baseline: Side;
  tambo: Side;
  /** Tambo / baseline, in operations per second (higher is better; 1 = as fast as the baseline). */
  ratio: number | null;
  /** Further figures for understanding, each with Tambo / it. */
  references?: Array<Side & { ratio: number | null }>;
  catchUp?: CatchUp;
}

const ORDER = 'order baseline, Tambo, Tambo, baseline (half the time each)';

function printComparison(c: Comparison): void {
  say(section(c.title, c.detail));
  const row = (s: Side) => [s.label, fmt(s.perSecond), fmt(s.p50Ms, 2), fmt(s.p99Ms, 2), fmt(s.ops), fmt(s.failed)];
  say(table([c.unit, 'per s', 'p50 ms', 'p99 ms', 'done', 'failed'], [row(c.baseline), row(c.tambo), ...(c.references ?? []).map(row)]));
  say(`   ratio Tambo/baseline: ${fmt(c.ratio, 2)}`);
  for (const r of c.references ?? []) say(`   ratio Tambo/${r.label}: ${fmt(r.ratio, 2)}`);
  if (c.catchUp) say(catchUpLine(c.catchUp));
}

async function httpComparison(
  id: string,
  title: string,
  urls: { tambo: string; baseline: string },
  route: string,
  method: 'GET' | 'POST',
  connections: number,
  baselineLabel: string,
): Promise<Comparison> {
  const load = (base: string) => (seconds: number) =>
    loadSample({
      url: `${base}${route}`,
      method,
      body: method === 'POST' ? ITEM_BODY : undefined,
      connections,
      seconds,
      maxRequests: settings.maxOperations,
    });
  await load(urls.baseline)(settings.warmupSeconds);
  await load(urls.tambo)(settings.warmupSeconds);
  if (method === 'POST') await waitForCatchUp();
  const measured = await abba(settings.seconds, load(urls.baseline), load(urls.tambo));
  const catchUp = method === 'POST' ? await waitForCatchUp() : undefined;
  return {
    id,
    title,
    unit: method === 'POST' ? 'writes' : 'requests',
    detail: `${method} ${route}, ${connections} connections, ${settings.seconds} s each after a ${settings.warmupSeconds} s warm-up; ${ORDER}`,
    baseline: { label: baselineLabel, ...measured.baseline },
    tambo: { label: 'Tambo', ...measured.subject },
    ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    catchUp,
  };
}

const writers = (count: number, write: () => Promise<unknown>) => (seconds: number) => runWriters({ writers: count, seconds, maxOperations: settings.maxOperations, write: () => write() });

async function functionWrites(db: Database, pool: pg.Pool): Promise<Comparison> {
  const plain = writers(settings.writers, () => insertItemPlain(pool, item));
  const audited = writers(settings.writers, () => createItemAudited(db, item));
  const raw = writers(settings.writers, () => createItemRawStatement(pool, item));
  const before = writers(settings.writers, () => createItemInTransaction(db, item));
  for (const run of [plain, audited, raw, before]) await run(settings.warmupSeconds);
  await waitForCatchUp();
  const [b, t, r, p] = await interleave(settings.seconds, [plain, audited, raw, before]);
  const catchUp = await waitForCatchUp();
  return {
    id: 'write.function',
    title: 'audited write, function level',
    detail: `${settings.writers} concurrent writers in this process, ${settings.seconds} s each; Tambo: createItemAudited (row + audit entry + outbox event in one statement, auditedInsert); baseline: one autocommit INSERT of the same row with pg; references: the same statement written by hand with raw pg, and the pattern before (row, recordAudit, emitEvent in a Kysely transaction); order A B C D D C B A (half the time each)`,
    unit: 'writes',
    baseline: { label: 'plain pg INSERT', ...b! },
    tambo: { label: 'Tambo (audited)', ...t! },
    ratio: ratio(t!.perSecond, b!.perSecond),
    references: [
      { label: 'same statement, raw pg', ...r!, ratio: ratio(t!.perSecond, r!.perSecond) },
      { label: 'before: Kysely transaction', ...p!, ratio: ratio(t!.perSecond, p!.perSecond) },
    ],
    catchUp,
  };
}

interface Scaling {
  one: Figures;
  many: Figures;
  /** many/one: > 1 means writers do not serialize. */
  ratio: number | null;
  plainOne: Figures;
  plainMany: Figures;
  plainRatio: number | null;
  lockedMany: Figures;
  /** Writes/s with a chain-head lock in every transaction, over the real path's (same writers). */
  lockedRatio: number | null;
  catchUp: CatchUp;
}

async function scaling(db: Database, pool: pg.Pool): Promise<Scaling> {
  const audited = abba(
    settings.seconds,
    writers(1, () => createItemAudited(db, item)),
    writers(settings.writers, () => createItemAudited(db, item)),
  );
  const { baseline: one, subject: many } = await audited;
  await waitForCatchUp();
  const { baseline: plainOne, subject: plainMany } = await abba(
    settings.seconds,
    writers(1, () => insertItemPlain(pool, item)),
    writers(settings.writers, () => insertItemPlain(pool, item)),
  );
  const lockedMany = combine([await writers(settings.writers, () => createItemAudited(db, item, { lockChainHead: true }))(settings.seconds)]);
  const catchUp = await waitForCatchUp();
  return {
    one,
    many,
    ratio: ratio(many.perSecond, one.perSecond),
    plainOne,
    plainMany,
    plainRatio: ratio(plainMany.perSecond, plainOne.perSecond),
    lockedMany,
    lockedRatio: ratio(lockedMany.perSecond, many.perSecond),
    catchUp,
  };
}

function printScaling(s: Scaling): void {
  const w = settings.writers;
  say(
    section('writers do not serialize', `1 writer against ${w}, ${settings.seconds} s each, order 1, ${w}, ${w}, 1 (half the time each); then the counterfactual, ${w} writers, ${settings.seconds} s`),
  );
  const row = (label: string, writers: number, f: Figures) => [label, fmt(writers), fmt(f.perSecond), fmt(f.p50Ms, 2), fmt(f.p99Ms, 2), fmt(f.ops)];
  say(
    table(
      ['path', 'writers', 'writes/s', 'p50 ms', 'p99 ms', 'done'],
      [
        row('Tambo (audited)', 1, s.one),
        row('Tambo (audited)', settings.writers, s.many),
        row('plain pg INSERT', 1, s.plainOne),
        row('plain pg INSERT', settings.writers, s.plainMany),
        row('counterfactual: chain-head lock', settings.writers, s.lockedMany),
      ],
    ),
  );
  say(`   ${settings.writers} writers / 1 writer: Tambo ${fmt(s.ratio, 2)}, plain INSERT ${fmt(s.plainRatio, 2)} (> 1: writers do not wait on each other)`);
  say(`   counterfactual (every transaction also locks a chain-head row) / Tambo, ${settings.writers} writers: ${fmt(s.lockedRatio, 2)}`);
  say(catchUpLine(s.catchUp));
}

// ---------------------------------------------------------------------------------------

/** BENCH_ONLY=prefix[,prefix…]: measure only the benchmarks whose id starts with one of them. */
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

async function attempt<T>(name: string, errors: Record<string, string>, work: () => Promise<T>): Promise<T | undefined> {
  if (only.length > 0 && !only.some((prefix) => name.startsWith(prefix))) return undefined;
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    errors[name] = message;
    say(`\n== ${name}: could not be measured: ${message}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  say('Tambo benchmarks (figures, never pass/fail)');
  const urls = await start();
  const info = await machine();
  say(
    `machine: ${info.cpus} × ${info.cpuModel}, ${info.memoryGiB} GiB, ${info.os}; Node ${info.node}; PostgreSQL ${info.postgres} ${info.postgresWhere}, fsync ${info.fsync}, synchronous_commit ${info.synchronousCommit}`,
  );
  const busy = (os.loadavg()[0] ?? 0) >= os.cpus().length;
  say(
    `load average: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}${busy ? '  (the machine is busy with other work: absolute figures will be low and noisy; the ratios, measured interleaved, hold better)' : ''}`,
  );
  say(
    `settings: ${settings.seconds} s per measurement, ${settings.warmupSeconds} s warm-up, ${settings.connections} HTTP connections for reads, ${settings.writers} for writes; loads from a child process to 127.0.0.1`,
  );

  const errors: Record<string, string> = {};
  const comparisons: Comparison[] = [];
  const app = setup.app!;
  const pool = setup.baselinePool!;
  const keep = (c: Comparison | undefined) => {
    if (!c) return;
    comparisons.push(c);
    printComparison(c);
  };

  keep(await attempt('health.live', errors, () => httpComparison('health.live', 'health: liveness', urls, '/health/live', 'GET', settings.connections, 'plain Fastify')));
  keep(
    await attempt('health.live.logged', errors, () =>
      httpComparison(
        'health.live.logged',
        'health: liveness at the default log level (info)',
        { tambo: urls.logged, baseline: urls.quiet },
        '/health/live',
        'GET',
        settings.connections,
        'Tambo, LOG_LEVEL=silent (no background)',
      ),
    ),
  );
  keep(await attempt('health.ready', errors, () => httpComparison('health.ready', 'health: readiness (database)', urls, '/health/ready', 'GET', settings.connections, 'Fastify + pg SELECT 1')));
  keep(await attempt('write.http', errors, () => httpComparison('write.http', 'audited write over HTTP', urls, ITEM_ROUTE, 'POST', settings.writers, 'Fastify + pg INSERT')));
  keep(await attempt('write.function', errors, () => functionWrites(app.tambo.deps.db, pool)));
  keep(await attempt('cases.submit', errors, () => benchCaseSubmissions({ app, baseUrl: urls.tambo, baselineUrl: urls.baseline, pool, ...settings })));
  const writePaths = { app, baseUrl: urls.tambo, baselineUrl: urls.baseline, ...settings };
  keep(await attempt('mailbox.deliver', errors, () => benchMailboxDeliveries(writePaths)));
  keep(await attempt('open311.submit', errors, () => benchOpen311Requests(writePaths)));
  for (const c of (await attempt('payments', errors, () => benchPayments({ ...writePaths, pool }))) ?? []) keep(c);
  keep(await attempt('projects.transfers', errors, () => benchProjects({ ...writePaths, pool })));
  keep(await attempt('procurement.offers', errors, () => benchProcurement({ ...writePaths, pool })));
  keep(await attempt('postal.events', errors, () => benchPostal({ ...writePaths, pool })));
  for (const c of (await attempt('catalog.search', errors, () => benchCatalogSearch({ app, baseUrl: urls.tambo, baselineUrl: urls.baseline, ...settings }))) ?? []) keep(c);
  for (const c of (await attempt('open_data', errors, () => benchOpenData({ app, baseUrl: urls.tambo, baselineUrl: urls.baseline, ...settings }))) ?? []) keep(c);
  for (const c of (await attempt('stats', errors, () => benchStatistics({ db: app.tambo.deps.db, ...settings }))) ?? []) keep(c);
  for (const c of (await attempt('situation-room', errors, () => benchSituationRoom({ app, baseUrl: urls.tambo, ...settings }))) ?? []) keep(c);
  for (const c of (await attempt('documents', errors, () => benchDocuments({ deps: app.tambo.deps, seed: () => app.tambo.seed(), ...settings }))) ?? []) keep(c);
  for (const c of (await attempt('registries', errors, () => benchRegistries({ deps: app.tambo.deps, seed: () => app.tambo.seed(), ...settings }))) ?? []) keep(c);
  for (const c of (await attempt('observatory', errors, () => benchObservatory({ app, baseUrl: urls.tambo, ...settings }))) ?? []) keep(c);
  for (const c of (await attempt('consultations', errors, () => benchConsultations({ ...writePaths, pool }))) ?? []) keep(c);
  for (const c of (await attempt('interop', errors, () => benchInterop({ app, baseUrl: urls.tambo, ...settings }))) ?? []) keep(c);
  const scaled = await attempt('write.scaling', errors, () => scaling(app.tambo.deps.db, pool));
  if (scaled) printScaling(scaled);
  const identity = await attempt('identity', errors, () =>
    benchIdentity({ app, baseUrl: urls.tambo, seconds: settings.seconds / 2, warmupSeconds: settings.warmupSeconds, concurrency: 8, maxOperations: settings.maxOperations }),
  );
  if (identity) say(identityReport(identity));
  const passwords = await attempt('identity.passwords', errors, () => benchPasswordChecks(app.tambo.deps, { seconds: settings.seconds, writers: 4, maxOperations: settings.maxOperations }));
  if (passwords) {
    keep({
      id: 'identity.sign_in',
      title: 'identity: password sign-in check',
      detail: `authenticate() (lookup, argon2id verify, lockout bookkeeping) against argon2id verify alone, 4 writers, ${settings.seconds} s each; ${ORDER}`,
      unit: 'checks',
      baseline: { label: 'argon2id verify', ...passwords.signIn.baseline },
      tambo: { label: 'Tambo sign-in check', ...passwords.signIn.tambo },
      ratio: passwords.signIn.ratio,
    });
    keep({
      id: 'identity.registration',
      title: 'identity: start a self-registration',
      detail: `startRegistration() (validation, checks, argon2id hash, code, outbox message in one transaction) against argon2id hash alone, 4 writers, ${settings.seconds} s each; ${ORDER}`,
      unit: 'starts',
      baseline: { label: 'argon2id hash', ...passwords.registration.baseline },
      tambo: { label: 'Tambo registration start', ...passwords.registration.tambo },
      ratio: passwords.registration.ratio,
    });
  }
  const reports = await attempt('reports', errors, () =>
    benchReports({ tamboUrl: urls.tambo, baselineUrl: urls.baseline, db: app.tambo.deps.db, pool, seconds: settings.seconds, writers: settings.writers, say }),
  );

  // Sealing runs with the app (and its background sealer) closed.
  setup.app = undefined;
  await app.close();
  setup.sealDb = createDb(setup.url, { max: settings.writers + 2, applicationName: 'bench-sealing' });
  const sealed = await attempt('audit.sealing', errors, () => sealing(setup.sealDb!.db, settings));
  if (sealed) say(sealingReport(sealed, settings.writers));

  const totalSeconds = (performance.now() - t0) / 1000;
  info.loadAverageAtEnd = os.loadavg().map((n) => Math.round(n * 100) / 100);
  const results = {
    startedAt: startedAt.toISOString(),
    totalSeconds,
    machine: info,
    settings,
    comparisons,
    scaling: scaled ?? null,
    identity: identity ?? null,
    sealing: sealed ?? null,
    reports: reports ?? null,
    errors,
  };
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL('./latest.json', dir), `${JSON.stringify(results, null, 2)}\n`);
  say(
    `\nload average at the end: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  say(`done in ${fmt(totalSeconds, 1)} s; figures in bench/results/latest.json`);
}

let setupFailed = false;
main()
  .catch((error: unknown) => {
    setupFailed = true;
    process.stderr.write(`bench setup failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  })
  .finally(async () => {
    await cleanup();
    process.exit(setupFailed ? 1 : 0);
  });
