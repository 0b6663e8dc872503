// Reads the configuration, opens the database (embedded when DATABASE_URL is unset), builds
// the app and listens. SIGTERM/SIGINT: stop accepting, finish in-flight requests, stop the
// background work, close the pool, then stop the embedded PostgreSQL.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { openDatabaseServer } from './platform/db/server.ts';
import { MigrationError } from './platform/db/migrate.ts';

const say = (line: string) => process.stdout.write(`[tambo] ${line}\n`);

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee docs/config.md.\n`);
      process.exit(1);
    }
    throw error;
  }

  const server = await openDatabaseServer(config, say);
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({ ...config, databaseUrl: server.url });
  } catch (error) {
    await server.stop();
    if (error instanceof MigrationError) {
      process.stderr.write(`[tambo] cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let stopping = false;
  // A keep-alive connection whose request was in flight at the signal would otherwise stay
  // open after its answer and hold the stop until the keep-alive timeout: close it.
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing requests and stopping`);
    const timer = setTimeout(() => {
      process.stderr.write('[tambo] did not stop within 20 s; exiting\n');
      process.exit(1);
    }, 20_000);
    timer.unref();
    try {
      await app.close();
    } finally {
      await server.stop();
    }
    say('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await server.stop();
    throw error;
  }
  say(`Tambo (${config.country}${config.demo ? ', demo data' : ''}) is ready at ${config.publicUrl}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[tambo] cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
