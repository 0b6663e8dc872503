// buildApp(config): the platform, then every module in order. It never listens: main.ts
// does, and tests use inject() or listen on a port of their own.
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import addFormats from 'ajv-formats';
import { registerAuditRoutes, registerCheckpointRoutes } from './platform/audit/routes.ts';
import { CHECKPOINT_JOB, CHECKPOINT_SCHEDULE, makeCheckpoint } from './platform/audit/checkpoints.ts';
import { registerKeyRoutes } from './platform/keys/routes.ts';
import { sealAuditLog } from './platform/audit/audit.ts';
import type { Config } from './platform/config.ts';
import { subscribeHolidayCache } from './platform/country/holidays.ts';
import { getCountryProfile } from './platform/country/index.ts';
import { startNotificationBus } from './platform/events/bus.ts';
import { createDb, createReadDb } from './platform/db/index.ts';
import { loadMigrations, migrate, type Migration, type MigrationSource } from './platform/db/migrate.ts';
import { platformErrors, type ErrorTable } from './platform/errors.ts';
import { dispatchEvents, eventJobName } from './platform/events/outbox.ts';
import type { TamboApp } from './platform/http/app-types.ts';
import { registerApiDocs } from './platform/http/api-docs.tsx';
import { registerErrorHandling } from './platform/http/error-handler.ts';
import { registerHealth } from './platform/http/health.ts';
import { flushLogsOnClose, loggerOptions, RequestLogController, type LogDestination, type LogStream } from './platform/http/logging.ts';
import { registerOpenApi, registerOpenApiRoute } from './platform/http/openapi.ts';
import { ASSETS_DIR, registerPages } from './platform/http/pages.ts';
import { registerCompression } from './platform/http/compression.ts';
import { registerRateLimit, registerSecurity } from './platform/http/security.ts';
import { registerComponentGallery } from './platform/views/gallery.tsx';
import { loadCatalogs, translator } from './platform/i18n/i18n.ts';
import { failedJobCounts, migrateJobQueue, startJobQueue, type JobHandler, type JobQueue, type ScheduledJob } from './platform/jobs/queue.ts';
import { jobFailureReporter, watchJobFailures, workerLogger } from './platform/jobs/failures.ts';
import { Metrics, startMetricsServer, type MetricsServer } from './platform/http/metrics.ts';
import { pruneOutbox } from './platform/events/outbox.ts';
import { checkModuleOrder, type Deps, type ModuleDefinition } from './platform/module.ts';
import { isDemoSeeded, markDemoSeeded } from './platform/settings.ts';
import { foldStats } from './platform/stats/stats.ts';
import { deliverWebhook, sealLegacyWebhookSecrets, WEBHOOK_JOB } from './platform/webhooks/webhooks.ts';
import { checkModuleContract } from './platform/contract/check.ts';
import { createOpenDataSource, registerOpenDataRoutes } from './platform/contract/open-data.ts';
import { pruneIdempotencyKeys } from './platform/idempotency/idempotency.ts';
import { modules as allModules } from './modules.ts';
import { purposeKeys } from './platform/keys/secrets.ts';
import { createKeyring } from './platform/keys/keyring.ts';
import { lazySchemaCompilers } from './platform/http/lazy-schemas.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const formatsPlugin = ((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (ajv: unknown) => unknown;

export const PLATFORM_MIGRATIONS = new URL('./platform/migrations/', import.meta.url);
export const PLATFORM_LOCALES = new URL('./platform/locales/', import.meta.url);

export interface AppOptions {
  /** Work the job queue, seal the audit log and dispatch events in this process (default true). */
  background?: boolean;
  /** Modules to load (default: all, from src/modules.ts). */
  modules?: ModuleDefinition[];
  /** Maximum database connections of this process. */
  poolSize?: number;
  /** Where log lines go instead of standard output (tests read them). */
  logStream?: LogStream;
  /** Without `logStream`: the file descriptor or file the lines go to, asynchronously (default 1, standard output). */
  logDestination?: LogDestination;
}

export interface Tambo {
  deps: Deps;
  modules: ModuleDefinition[];
  migrations: Migration[];
  errorTable: ErrorTable;
  /** Job name → handler, for the queue (and for tests that drain it). */
  jobHandlers: Map<string, JobHandler>;
  /** Recurring jobs, run by the queue's cron. */
  schedule: ScheduledJob[];
  /** Event topic → subscriber job names. */
  subscribers: Map<string, string[]>;
  /** Runs every module's demo seed (idempotent). */
  seed(): Promise<void>;
  /** This process's metrics (served on METRICS_PORT). */
  metrics: Metrics;
  /** Compiles every route schema not compiled yet (they compile on first use: lazy-schemas.ts). */
  compileSchemas(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    tambo: Tambo;
  }
}

export function migrationSources(modules: ModuleDefinition[]): MigrationSource[] {
  return [{ owner: 'platform', dir: PLATFORM_MIGRATIONS }, ...modules.filter((m) => m.migrations).map((m) => ({ owner: m.name, dir: m.migrations! }))];
}

export function collectErrorTable(modules: ModuleDefinition[]): ErrorTable {
  const table: ErrorTable = { ...platformErrors };
  for (const module of modules) {
    for (const [code, entry] of Object.entries(module.errors ?? {})) {
      if (table[code]) throw new Error(`error code ${code} of module ${module.name} is already defined`);
      table[code] = entry;
    }
  }
  return table;
}

export function localeSources(modules: ModuleDefinition[]): URL[] {
  return [PLATFORM_LOCALES, ...modules.flatMap((m) => (m.locales === undefined ? [] : Array.isArray(m.locales) ? m.locales : [m.locales]))];
}

/** Builds the whole application on the database at `config.databaseUrl` (which must be set). */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<TamboApp> {
  if (!config.databaseUrl) throw new Error('buildApp needs config.databaseUrl (main.ts starts the embedded PostgreSQL)');
  const modules = options.modules ?? allModules;
  checkModuleOrder(modules);
  const country = getCountryProfile(config.country);
  const catalogs = loadCatalogs(localeSources(modules), { region: country.code, timeZone: country.timeZone });
  checkModuleContract(modules, catalogs);

  const schemaCompilers = lazySchemaCompilers();
  const app: TamboApp = Fastify({
    schemaController: { compilersFactory: schemaCompilers.compilersFactory },
    logger: loggerOptions(config.logLevel, options.logStream, options.logDestination),
    // One line per request instead of two (logging.ts).
    logController: new RequestLogController(),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    forceCloseConnections: 'idle',
    // Startup hooks (onReady) wait on the database: on a machine under heavy load the default
    // 10 s made a start fail that would have succeeded (a CI run at load 20 did).
    pluginTimeout: 120_000,
    return503OnClosing: true,
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true },
      plugins: [formatsPlugin],
    } as unknown as FastifyServerOptions['ajv'],
  }).withTypeProvider<TypeBoxTypeProvider>();
  // The first hook of every request, before any plugin's: security headers and the rate limit (security.ts).
  await registerRateLimit(app, config);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Before every route, so that every text response is compressed (compression.ts).
  registerCompression(app, { assetsDir: ASSETS_DIR, assetsPrefix: '/assets/' });
  flushLogsOnClose(app);

  const primary = createDb(config.databaseUrl, { max: options.poolSize });
  const { db, pool, close } = primary;
  app.addHook('onClose', async () => close());
  const reads = createReadDb(config.databaseReplicaUrl, primary, { max: options.poolSize });
  app.addHook('onClose', async () => reads.close());

  const migrations = loadMigrations(migrationSources(modules));
  try {
    await migrate(pool, migrations, (line) => app.log.info(line));
    await migrateJobQueue(pool);
    await sealLegacyWebhookSecrets(db, config);
  } catch (error) {
    await reads.close();
    await close();
    throw error;
  }

  const errorTable = collectErrorTable(modules);
  const bus = await startNotificationBus(config.databaseUrl, app.log);
  app.addHook('onClose', async () => bus.close());
  subscribeHolidayCache(bus);
  const base: Omit<Deps, 'openData'> = { config, db, dbRead: reads.db, pool, log: app.log, country, catalogs, bus, keyring: createKeyring(db) };
  const deps: Deps = { ...base, openData: createOpenDataSource(modules, base) };

  const jobHandlers = new Map<string, JobHandler>();
  const subscribers = new Map<string, string[]>();
  // The platform's own housekeeping, then each module's jobs and schedules.
  jobHandlers.set('platform:prune_outbox', async () => {
    await pruneOutbox(db);
    await pruneIdempotencyKeys(db);
  });
  jobHandlers.set('platform:fold_stats', async () => void (await foldStats(db, { timeZones: [deps.country.timeZone] })));
  jobHandlers.set(CHECKPOINT_JOB, async () => void (await makeCheckpoint({ db, keyring: deps.keyring, issuer: config.publicUrl })));
  jobHandlers.set(WEBHOOK_JOB, (payload, { attempt }) => deliverWebhook({ db, config }, Number((payload as { deliveryId: number }).deliveryId), attempt));
  const schedule: ScheduledJob[] = [
    { job: 'platform:prune_outbox', when: '17 3 * * *' },
    { job: 'platform:fold_stats', when: '* * * * *' },
    { job: CHECKPOINT_JOB, when: CHECKPOINT_SCHEDULE },
  ];
  for (const module of modules) {
    for (const [name, handler] of Object.entries(module.jobs ?? {})) {
      jobHandlers.set(`${module.name}:${name}`, (payload) => handler(payload, deps));
    }
    for (const [name, when] of Object.entries(module.schedule ?? {})) {
      if (!module.jobs?.[name]) throw new Error(`module ${module.name} schedules ${name}, which is not one of its jobs`);
      schedule.push({ job: `${module.name}:${name}`, when });
    }
    for (const [topic, handlers] of Object.entries(module.eventHandlers ?? {})) {
      for (const [subscriber, handler] of Object.entries(handlers)) {
        const name = `${module.name}.${subscriber}`;
        subscribers.set(topic, [...(subscribers.get(topic) ?? []), name]);
        jobHandlers.set(eventJobName(topic, name), (payload) => handler(payload as never, deps));
      }
    }
  }

  // Every job's failures are logged and counted; a permanent one emits platform.job_failed.
  const metrics = new Metrics();
  watchJobFailures(jobHandlers, jobFailureReporter({ db, log: app.log, metrics }));
  metrics.onCollect(async (m) => {
    const counts = await failedJobCounts(pool);
    m.setGauge(
      'tambo_jobs_failed',
      'Jobs of the whole installation that failed on their last attempt and are kept by the queue, by job.',
      counts.filter((c) => c.permanent > 0).map((c) => ({ labels: { job: c.job }, value: c.permanent })),
    );
    m.setGauge(
      'tambo_jobs_retrying',
      'Jobs of the whole installation that failed and wait for another attempt, by job.',
      counts.filter((c) => c.retrying > 0).map((c) => ({ labels: { job: c.job }, value: c.retrying })),
    );
  });

  const seed = async () => {
    for (const module of modules) await module.seed?.(deps);
    await markDemoSeeded(db);
  };
  app.decorate('tambo', { deps, modules, migrations, errorTable, jobHandlers, subscribers, schedule, seed, metrics, compileSchemas: schemaCompilers.compileAll });

  // The current `cookies` key signs; older versions still unsign (src/platform/keys/secrets.ts).
  await app.register(cookie, { secret: purposeKeys(config, 'cookies').versions.map((key) => key.material) });
  await app.register(formbody);
  await registerSecurity(app, config);
  await registerPages(app, {
    config,
    catalogs,
    nav: modules.flatMap((m) => m.nav ?? []),
    countryName: (locale) => country.name[locale],
    languages: country.languages,
  });
  registerErrorHandling(app, errorTable, config.publicUrl);
  const english = translator(catalogs, 'en');
  const scopes = Object.fromEntries(modules.flatMap((m) => m.scopes ?? []).map((scope) => [scope.name, english(scope.descriptionKey)]));
  await registerOpenApi(app, config.publicUrl, { ...scopes, 'tambo:admin': 'Administer the platform (platform administrators only)' });
  registerHealth(app, pool, migrations);
  registerAuditRoutes(app, db);
  registerCheckpointRoutes(app, db);
  registerKeyRoutes(app, deps.keyring);
  registerOpenDataRoutes(app, deps.openData);
  registerOpenApiRoute(app);
  registerApiDocs(app);
  registerComponentGallery(app);
  for (const module of modules) await module.routes?.(app, deps);

  if (config.demo && !(await isDemoSeeded(db))) {
    app.log.info(`loading demo data for country ${config.country}`);
    await seed();
  }

  if (config.metricsPort !== undefined) {
    let server: MetricsServer | undefined;
    const port = config.metricsPort;
    app.addHook('onReady', async () => {
      server = await startMetricsServer(metrics, { port, host: config.metricsHost, onError: (error) => app.log.error({ err: error }, 'metrics collection failed') });
    });
    app.addHook('onClose', async () => server?.close());
  }

  if (options.background !== false) {
    let queue: JobQueue | undefined;
    let stopping = false;
    const loops: NodeJS.Timeout[] = [];
    const every = (ms: number, work: () => Promise<unknown>, what: string) => {
      let running = false;
      loops.push(
        setInterval(() => {
          if (running || stopping) return;
          running = true;
          work()
            .catch((error: unknown) => app.log.error({ err: error }, `${what} failed`))
            .finally(() => {
              running = false;
            });
        }, ms),
      );
    };
    app.addHook('onReady', async () => {
      queue = await startJobQueue(pool, jobHandlers, { schedule, logger: workerLogger(app.log, () => new Set(jobHandlers.keys())) });
      every(1000, () => sealAuditLog(db), 'audit sealing');
      every(500, () => dispatchEvents(db, subscribers), 'event dispatch');
    });
    app.addHook('preClose', async () => {
      stopping = true;
      for (const loop of loops) clearInterval(loop);
      await queue?.stop();
    });
  }

  return app;
}
