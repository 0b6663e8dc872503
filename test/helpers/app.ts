// buildTestApp: the real application on a fresh test database, with background loops off
// (tests seal the audit log and drain jobs themselves, so results do not depend on timing).
import { buildApp, type AppOptions } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import type { TamboApp } from '../../src/platform/http/app-types.ts';
import { drainJobQueue } from '../../src/platform/jobs/queue.ts';
import { dispatchEvents } from '../../src/platform/events/outbox.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { recordErrorCodes } from './error-codes.ts';

/** What buildTestApp takes: config and env overrides, app options, and whether to start from the demo data. */
export interface TestAppOptions {
  config?: Partial<Config>;
  env?: Record<string, string>;
  app?: AppOptions;
  /**
   * Start from the country's demo data: the database is cloned from a template that
   * scripts/test.ts seeded once with the default test config, instead of seeding in the file
   * (the seed takes seconds, and dozens of files need it). Only for the default secrets and
   * modules: a file that changes them seeds its own app with `app.tambo.seed()`.
   */
  demo?: boolean;
}

export interface TestApp {
  app: TamboApp;
  database: TestDatabase;
  config: Config;
  /** Dispatches pending events and works every due job until none is left. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Dispatches the app's pending events and works every due job, until no event is left. */
export async function drainApp(app: TamboApp): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    const moved = await dispatchEvents(app.tambo.deps.db, app.tambo.subscribers);
    await drainJobQueue(app.tambo.deps.pool, app.tambo.jobHandlers);
    if (moved === 0) break;
  }
}

export const TEST_SECRET = 'test-secret-with-at-least-thirty-two-characters';

export function testConfig(overrides: Partial<Config> = {}, env: Record<string, string> = {}): Config {
  return loadConfig(
    { LOG_LEVEL: process.env.TAMBO_TEST_LOG_LEVEL ?? 'silent', DEMO: 'false', COUNTRY: 'bo', ...env },
    { sessionSecret: TEST_SECRET, dataDir: '/nonexistent-tambo-data', ...overrides },
  );
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const country = testConfig(options.config, options.env).country;
  if (options.demo && (options.app?.modules || options.config?.sessionSecret || options.config?.keyringFile)) {
    throw new Error('the demo templates hold the seed of the default secrets and modules: build this app without `demo` and seed it');
  }
  const database = await createTestDatabase(options.demo ? { demo: country } : {});
  const config = testConfig({ databaseUrl: database.url, ...options.config }, options.env);
  const app = await buildApp(config, { background: false, poolSize: 5, ...options.app });
  recordErrorCodes(app);
  await app.ready();
  return {
    app,
    database,
    config,
    drain: () => drainApp(app),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
