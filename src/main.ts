// Reads the configuration, opens the database (embedded when DATABASE_URL is unset), builds
// the app and listens. SIGTERM/SIGINT: stop accepting, finish in-flight requests, stop the
// background work, close the pool, then stop the embedded PostgreSQL.
//
// WORKERS=N (N > 1): this process is the primary of a Node cluster. It opens the database
// (and starts/stops the embedded PostgreSQL), then starts one worker, which applies the
// migrations and the demo data, and when that one is ready the others. Every worker builds
// the app and listens on PORT (the primary hands out connections); it learns the database
// address from the primary by message. On a signal the primary stops every worker, waits for
// them, then stops PostgreSQL. A worker that dies unexpectedly is replaced.
import cluster, { type Worker } from 'node:cluster';
import type { buildApp as BuildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './platform/config.ts';
import { MigrationError } from './platform/db/migrate.ts';
import { openDatabaseServer } from './platform/db/server.ts';

/** Demo mode: the sandbox payment gateway on PORT + 1 (docs/payments.md); it stops with the process. */
async function startDemoGateway(config: Config): Promise<void> {
  if (!config.demo) return;
  const { startDemoGateway: start } = await import('./modules/payments/index.ts');
  try {
    const gateway = await start(config);
    gateway.server.unref();
    say(`sandbox payment gateway at ${gateway.url}`);
  } catch (error) {
    // Tambo works without it: only online payments of the demo wait for it.
    say(`sandbox payment gateway not started (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Demo mode: the demo external producer of the exchange on PORT + 2 (docs/interoperability.md). */
async function startDemoProducer(config: Config): Promise<void> {
  if (!config.demo) return;
  const { startDemoInteropProducer } = await import('./modules/interop/index.ts');
  try {
    const producer = await startDemoInteropProducer(config);
    producer.server.unref();
    say(`demo external producer (exchange) at ${producer.url}`);
  } catch (error) {
    say(`demo external producer not started (${error instanceof Error ? error.message : String(error)})`);
  }
}

const say = (line: string) => process.stdout.write(`[tambo] ${line}\n`);
const fail = (message: string): never => {
  process.stderr.write(`[tambo] cannot start: ${message}\n`);
  process.exit(1);
};
const STOP_LIMIT_MS = 20_000;

type ToPrimary = { type: 'waiting' } | { type: 'ready' } | { type: 'failed'; message: string };
type ToWorker = { type: 'start'; databaseUrl: string };

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee docs/config.md.\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** What a worker of WORKERS processes uses: its share of connections and of the rate limit. */
function workerConfig(config: Config): { config: Config; poolSize: number | undefined } {
  if (config.workers <= 1) return { config, poolSize: undefined };
  return {
    config: { ...config, rateLimitPerMinute: Math.max(1, Math.floor(config.rateLimitPerMinute / config.workers)) },
    poolSize: Math.max(4, Math.floor(80 / config.workers)),
  };
}

/**
 * Builds and serves the app on `databaseUrl`; `onStop` runs after the app closed (stops
 * PostgreSQL in one process) and answers false when the database had already gone.
 */
async function serve(config: Config, databaseUrl: string, onStop: () => Promise<boolean>): Promise<void> {
  const { buildApp } = (await import('./app.ts')) as { buildApp: typeof BuildApp };
  const share = workerConfig(config);
  let app: Awaited<ReturnType<typeof BuildApp>>;
  try {
    app = await buildApp({ ...share.config, databaseUrl }, { poolSize: share.poolSize });
  } catch (error) {
    await onStop();
    if (error instanceof MigrationError) fail(error.message);
    throw error;
  }

  let stopping = false;
  // A keep-alive connection whose request was in flight at the signal would otherwise stay
  // open after its answer and hold the stop until the keep-alive timeout: close it.
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
  // Exits 1 when the stop follows a failure, or finds the database gone (killed, crashed).
  const stop = async (why: string, failed = false) => {
    if (stopping) return;
    stopping = true;
    if (cluster.isPrimary) say(`${why}: finishing requests and stopping`);
    const timer = setTimeout(() => {
      process.stderr.write('[tambo] did not stop within 20 s; exiting\n');
      process.exit(1);
    }, STOP_LIMIT_MS);
    timer.unref();
    let databaseGone = false;
    try {
      await app.close();
    } catch (error) {
      failed = true;
      process.stderr.write(`[tambo] closing the app failed: ${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      databaseGone = !(await onStop().catch(() => false));
    }
    if (databaseGone) {
      process.stderr.write('[tambo] stopped, but the database had gone before the stop: exit code 1\n');
      process.exit(1);
    }
    if (cluster.isPrimary) say('stopped');
    process.exit(failed ? 1 : 0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM received'));
  process.on('SIGINT', () => void stop('SIGINT received'));
  // A rejection nobody handled (the job queue's, when the database dies under it) stops the
  // process the same way, with one clear line, rather than with Node's bare stack trace.
  process.on('unhandledRejection', (reason) => {
    if (stopping) return;
    process.stderr.write(`[tambo] unexpected error: ${reason instanceof Error ? reason.message : String(reason)}\n`);
    void stop('after an unexpected error', true);
  });
  // A worker whose primary is gone (killed) stops too.
  if (cluster.isWorker) process.on('disconnect', () => void stop('primary gone'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await onStop();
    throw error;
  }
}

/**
 * Starts loading the application's modules (a second or more of CPU) while PostgreSQL starts
 * in its own process; `serve` awaits the same import. A failure is reported there.
 */
function preloadApp(): void {
  import('./app.ts').catch(() => undefined);
}

async function single(config: Config): Promise<void> {
  preloadApp();
  const server = await openDatabaseServer(config, say);
  await startDemoGateway(config);
  await startDemoProducer(config);
  await serve(config, server.url, () => server.stop());
  say(`Tambo (${config.country}${config.demo ? ', demo data' : ''}) is ready at ${config.publicUrl}`);
}

async function worker(config: Config): Promise<void> {
  preloadApp();
  // Ask for the database only once listening for the answer (a message sent earlier would be lost).
  const answer = new Promise<ToWorker>((resolve) => process.once('message', (m: ToWorker) => resolve(m)));
  process.send?.({ type: 'waiting' } satisfies ToPrimary);
  const message = await answer;
  try {
    await serve(config, message.databaseUrl, async () => true);
    process.send?.({ type: 'ready' } satisfies ToPrimary);
  } catch (error) {
    process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ToPrimary);
    process.exit(1);
  }
}

async function primary(config: Config): Promise<void> {
  // The first worker loads its modules while PostgreSQL starts; it gets the address when ready.
  const opening = openDatabaseServer(config, say);
  opening.catch(() => undefined);
  await startDemoGateway(config);
  await startDemoProducer(config);
  let stopping = false;
  let ready = false;

  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const child = cluster.fork();
      child.on('message', (message: ToPrimary) => {
        if (message.type === 'waiting') void opening.then((server) => child.send({ type: 'start', databaseUrl: server.url } satisfies ToWorker)).catch(() => undefined);
        else if (message.type === 'ready') resolve(child);
        else reject(new Error(message.message));
      });
      child.once('exit', (code, signal) => {
        reject(new Error(`a worker exited before it was ready (${signal ?? `code ${code}`})`));
        if (stopping || !ready) return;
        say(`worker ${child.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
        void fork().catch((error: Error) => say(`a replacement worker failed: ${error.message}`));
      });
    });

  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    say(`${why}: stopping the workers`);
    const server = await opening.catch(() => undefined);
    const timer = setTimeout(() => {
      process.stderr.write('[tambo] the workers did not stop within 25 s; exiting\n');
      for (const child of Object.values(cluster.workers ?? {})) child?.process.kill('SIGKILL');
      void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
    }, STOP_LIMIT_MS + 5_000);
    timer.unref();
    const running = Object.values(cluster.workers ?? {}).filter((child): child is Worker => child !== undefined && !child.isDead());
    await Promise.all(
      running.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            // Ctrl-C in a terminal already reached the workers (same process group); SIGTERM is harmless then.
            child.process.kill('SIGTERM');
          }),
      ),
    );
    if ((await server?.stop()) === false) {
      process.stderr.write('[tambo] stopped, but the database had gone before the stop: exit code 1\n');
      process.exit(1);
    }
    say('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM received'));
  process.on('SIGINT', () => void stop('SIGINT received'));

  try {
    // The first worker migrates and loads the demo data alone; then the others start together.
    const first = fork();
    await opening;
    await first;
    await Promise.all(Array.from({ length: config.workers - 1 }, () => fork()));
  } catch (error) {
    stopping = true;
    for (const child of Object.values(cluster.workers ?? {})) child?.process.kill('SIGTERM');
    await opening.then((server) => server.stop()).catch(() => undefined);
    fail(error instanceof Error ? error.message : String(error));
  }
  ready = true;
  say(`Tambo (${config.country}${config.demo ? ', demo data' : ''}) is ready at ${config.publicUrl} with ${config.workers} processes`);
}

async function main(): Promise<void> {
  const config = readConfig();
  if (config.workers <= 1) await single(config);
  else if (cluster.isPrimary) await primary(config);
  else await worker(config);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
