// Resolves the database the process uses: DATABASE_URL, or the embedded PostgreSQL under
// DATA_DIR (started here, with a `tambo` database created on first use).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';
import { withDatabase } from './index.ts';

export interface DatabaseServer {
  url: string;
  embedded?: EmbeddedPostgres;
  /** Stops the embedded server (nothing to stop with DATABASE_URL); false when it had already gone. */
  stop(): Promise<boolean>;
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/** True when a process with this id exists (also one of another user's, which we may not signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims DATA_DIR for this process (DATA_DIR/tambo.pid). Another live Tambo process using
 * the folder stops this start; a claim left by a process that died is taken over.
 */
function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'tambo.pid');
  if (existsSync(file)) {
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new Error(`another Tambo process (pid ${owner}) is using ${dataDir}; stop it first or set another DATA_DIR`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

export async function openDatabaseServer(config: Config, log: (line: string) => void): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => true };
  const release = claimDataDir(config.dataDir);
  let embedded: EmbeddedPostgres;
  try {
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'postgres'), { log });
  } catch (error) {
    release();
    throw error;
  }
  try {
    await ensureDatabase(embedded.url, 'tambo');
  } catch (error) {
    await embedded.stop();
    release();
    throw error;
  }
  return {
    url: withDatabase(embedded.url, 'tambo'),
    embedded,
    stop: async () => {
      const wasRunning = await embedded.stop();
      release();
      return wasRunning;
    },
  };
}
