// `npm test`: prepares a PostgreSQL for the tests — the embedded one (a throw-away cluster)
// or, when TEST_DATABASE_URL is set, that server — migrates a template database once, then
// runs every test file with node:test; each file clones the template into its own database.
// Arguments, if any, replace the default file patterns (e.g. `npm test -- src/platform/audit/*.test.ts`);
// a pattern that starts with ! leaves out what it matches.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { glob, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrationSources } from '../src/app.ts';
import { modules } from '../src/modules.ts';
import { createDb, withDatabase } from '../src/platform/db/index.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { loadMigrations, migrate } from '../src/platform/db/migrate.ts';
import { migrateJobQueue } from '../src/platform/jobs/queue.ts';

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

function runTests(files: string[], concurrency: number, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${TEST_TIMEOUT_MS}`, ...files], { stdio: 'inherit', env });
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

    const env = { ...process.env, TAMBO_TEST_ADMIN_URL: adminUrl, TAMBO_TEST_TEMPLATE: template };
    // Arguments, if any, are file patterns that replace the default ones. Either way, files
    // named *.serial.test.ts time whole processes (the start of `npm start`, say): they run
    // after the others, one at a time, so the rest of the suite does not slow them.
    const given = process.argv.slice(2);
    const files = await listFiles(given.length > 0 ? given : DEFAULT_PATTERNS);
    const serial = files.filter((file) => file.endsWith('.serial.test.ts'));
    const parallel = files.filter((file) => !serial.includes(file));
    let code = parallel.length > 0 ? await runTests(parallel, 3, env) : 0;
    if (serial.length > 0) code = Math.max(code, await runTests(serial, 1, env));
    process.stdout.write(`tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return code;
  } finally {
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
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
