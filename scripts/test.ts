// `npm test`: prepares a PostgreSQL for the tests — the embedded one (a throw-away cluster)
// or, when TEST_DATABASE_URL is set, that server — migrates a template database once (and, when
// a file asks for it, seeds a copy per country with the demo data), then runs every test file
// with node:test; each file clones a template into its own database.
// Arguments, if any, replace the default file patterns (e.g. `npm test -- src/platform/audit/*.test.ts`);
// a pattern that starts with ! leaves out what it matches.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { glob, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp, migrationSources } from '../src/app.ts';
import { modules } from '../src/modules.ts';
import { createDb, withDatabase } from '../src/platform/db/index.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { loadMigrations, migrate } from '../src/platform/db/migrate.ts';
import { migrateJobQueue } from '../src/platform/jobs/queue.ts';
import type { CountryCode } from '../src/platform/config.ts';
import { drainApp, testConfig } from '../test/helpers/app.ts';
import { errorCodeCoverage, reportCoverage } from './error-code-coverage.ts';

const DEFAULT_PATTERNS = ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx', 'e2e/**/*.test.ts'];

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Waits until the server has let go of every connection to the template. */
async function waitUntilUnused(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < 100; i += 1) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      if (rows[0]?.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

/** The files the patterns match, without those a `!pattern` matches. */
async function listFiles(patterns: string[]): Promise<string[]> {
  const files: string[] = [];
  const excluded = new Set<string>();
  for (const pattern of patterns) {
    const exclude = pattern.startsWith('!');
    for await (const file of glob(exclude ? pattern.slice(1) : pattern)) {
      if (exclude) excluded.add(file);
      else files.push(file);
    }
  }
  return [...new Set(files)].filter((file) => !excluded.has(file)).sort();
}

// A test that hangs fails after 10 minutes. Browser journeys that take a minute alone take four
// when three files share two cores, and a limit below that failed them for the load, not for
// what they check.
const TEST_TIMEOUT_MS = 600_000;

/**
 * The demo templates: for each country profile, a copy of the migrated template seeded with
 * the demo data under the default test config, its events and jobs worked, for the files that build their app with
 * `demo: true` (test/helpers/app.ts) instead of seeding it themselves.
 */
async function seedDemoTemplate(url: string, base: string, country: CountryCode): Promise<string> {
  const name = `${base}_demo_${country}`;
  await admin(url, `CREATE DATABASE ${name} TEMPLATE ${base}`);
  const app = await buildApp(testConfig({ databaseUrl: withDatabase(url, name) }, { COUNTRY: country }), { background: false, poolSize: 5 });
  try {
    await app.ready();
    await app.tambo.seed();
    // What a running installation does next: the seed's events dispatched and its jobs (open
    // data's publications, notices) worked, once here rather than in every file that drains.
    await drainApp(app);
  } finally {
    await app.close();
  }
  await waitUntilUnused(url, name);
  return name;
}

async function usesDemoTemplate(files: string[]): Promise<boolean> {
  for (const file of files) if ((await readFile(file, 'utf8')).includes('demo: true')) return true;
  return false;
}

// TEST_TIMES=1: each file's process notes its wall time (scripts/test-times.ts), printed at the end.
const timesFile = process.env.TEST_TIMES ? path.join(os.tmpdir(), `tambo-test-times-${process.pid}.tsv`) : undefined;

async function printTimes(): Promise<void> {
  if (!timesFile) return;
  const rows = (await readFile(timesFile, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t') as [string, string])
    .sort(([a], [b]) => Number(b) - Number(a));
  process.stdout.write(`\nwall time per test file (s), slowest first:\n${rows.map(([s, file]) => `${s.padStart(7)}  ${path.relative(process.cwd(), file)}`).join('\n')}\n`);
  await rm(timesFile, { force: true });
}

function runTests(files: string[], concurrency: number, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        './src/loader.ts',
        ...(timesFile ? ['--import', path.resolve('scripts/test-times.ts')] : []),
        '--test',
        `--test-concurrency=${concurrency}`,
        `--test-timeout=${TEST_TIMEOUT_MS}`,
        ...files,
      ],
      {
        stdio: 'inherit',
        env,
      },
    );
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const started = Date.now();
  let embedded: EmbeddedPostgres | undefined;
  let embeddedDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    process.stdout.write(`tests on the PostgreSQL at TEST_DATABASE_URL (${new URL(adminUrl).host})\n`);
  } else {
    embeddedDir = path.join(os.tmpdir(), `tambo-test-pg-${process.pid}`);
    embedded = await startEmbeddedPostgres(embeddedDir);
    adminUrl = embedded.url;
    process.stdout.write(`tests on an embedded PostgreSQL (port ${embedded.port})\n`);
  }

  const template = `tambo_template_${randomBytes(4).toString('hex')}`;
  try {
    await admin(adminUrl, `CREATE DATABASE ${template}`);
    const { pool, close } = createDb(withDatabase(adminUrl, template), { max: 2 });
    try {
      await migrate(pool, loadMigrations(migrationSources(modules)));
      await migrateJobQueue(pool);
    } finally {
      await close();
    }
    await waitUntilUnused(adminUrl, template);

    // Arguments, if any, are file patterns that replace the default ones. Either way, files
    // named *.serial.test.ts time whole processes (the start of `npm start`, say): they run
    // after the others, one at a time, so the rest of the suite does not slow them.
    const given = process.argv.slice(2);
    const files = await listFiles(given.length > 0 ? given : DEFAULT_PATTERNS);
    const env: NodeJS.ProcessEnv = { ...process.env, TAMBO_TEST_ADMIN_URL: adminUrl, TAMBO_TEST_TEMPLATE: template, TAMBO_TEST_TIMES_FILE: timesFile };
    // The whole suite also checks that every error code the OpenAPI document promises for an
    // operation is answered by that route in some test (scripts/error-code-coverage.ts).
    const errorCodesDir = given.length === 0 ? await mkdtemp(path.join(os.tmpdir(), 'tambo-error-codes-')) : undefined;
    if (errorCodesDir) env.TAMBO_TEST_ERROR_CODES_DIR = errorCodesDir;
    if (await usesDemoTemplate(files)) {
      const seeding = Date.now();
      const [bo, ve] = await Promise.all([seedDemoTemplate(adminUrl, template, 'bo'), seedDemoTemplate(adminUrl, template, 've')]);
      Object.assign(env, { TAMBO_TEST_TEMPLATE_DEMO_BO: bo, TAMBO_TEST_TEMPLATE_DEMO_VE: ve });
      process.stdout.write(`demo templates seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s\n`);
    }
    const serial = files.filter((file) => file.endsWith('.serial.test.ts'));
    const parallel = files.filter((file) => !serial.includes(file));
    let code = parallel.length > 0 ? await runTests(parallel, 3, env) : 0;
    if (serial.length > 0) code = Math.max(code, await runTests(serial, 1, env));
    await printTimes();
    if (errorCodesDir) {
      if (!reportCoverage(await errorCodeCoverage(errorCodesDir), (text) => process.stdout.write(text))) code = Math.max(code, 1);
      await rm(errorCodesDir, { recursive: true, force: true });
    }
    process.stdout.write(`tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return code;
  } finally {
    for (const name of [`${template}_demo_bo`, `${template}_demo_ve`, template]) {
      await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    }
    if (embedded) {
      await embedded.stop();
      if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test setup failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
