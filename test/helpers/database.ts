// A fresh database per test file, cloned from a template that scripts/test.ts prepared (on the
// embedded PostgreSQL, or on TEST_DATABASE_URL's server): the migrated one, or the one seeded
// with a country's demo data.
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import pg from 'pg';
import type { CountryCode } from '../../src/platform/config.ts';
import { createDb, type Db, withDatabase } from '../../src/platform/db/index.ts';
import { waitFor } from './wait-for.ts';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TAMBO_TEST_ADMIN_URL;
  if (!url) throw new Error('run tests with `npm test` (scripts/test.ts prepares the test PostgreSQL)');
  return url;
}

/** The template to clone: the migrated one, or the one that also holds a country's demo data. */
function templateName(demo: CountryCode | undefined): string {
  const variable = demo ? `TAMBO_TEST_TEMPLATE_DEMO_${demo.toUpperCase()}` : 'TAMBO_TEST_TEMPLATE';
  const template = process.env[variable];
  if (!template) throw new Error(`run tests with \`npm test\` (scripts/test.ts prepares the template databases; ${variable} is not set)`);
  return template;
}

export async function createTestDatabase(options: { demo?: CountryCode } = {}): Promise<TestDatabase> {
  const template = templateName(options.demo);
  const name = `tambo_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // A connection that was just closed may linger for a moment on the server (55006: the
    // template is in use): wait until the copy succeeds; any other error ends the wait.
    let failure: unknown;
    await waitFor(
      async () => {
        try {
          await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        } catch (error) {
          if ((error as { code?: string }).code === '55006') return false;
          failure = error;
        }
        return true;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: `a copy of the template database ${template}` },
    );
    if (failure) throw failure;
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(adminUrl(), name),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * For a test file that works on the database without the app: a database of its own, cloned
 * before its tests and dropped after them, with a pool of `max` connections. Returns the
 * handle's getter (`const handle = fileDatabase({ max: 2 })`, then `handle().db`).
 */
export function fileDatabase(options: { max?: number } = {}): () => Db {
  let database: TestDatabase | undefined;
  let handle: Db | undefined;
  before(async () => {
    database = await createTestDatabase();
    handle = createDb(database.url, { max: options.max ?? 3 });
  });
  after(async () => {
    await handle?.close();
    await database?.drop();
  });
  return () => {
    if (!handle) throw new Error('the test database is made in before()');
    return handle;
  };
}
