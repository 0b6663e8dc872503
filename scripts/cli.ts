// Shared start-up for command-line scripts: configuration and the database (embedded or
// DATABASE_URL), and a clean stop.
import { ConfigError, loadConfig, type Config } from '../src/platform/config.ts';
import { openDatabaseServer } from '../src/platform/db/server.ts';

export async function withDatabase<T>(work: (config: Config & { databaseUrl: string }) => Promise<T>): Promise<T> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee docs/config.md.\n`);
      process.exit(1);
    }
    throw error;
  }
  const server = await openDatabaseServer(config, () => undefined);
  try {
    return await work({ ...config, databaseUrl: server.url });
  } finally {
    await server.stop();
  }
}

export function fail(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
