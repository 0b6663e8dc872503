// Forward-only, frozen SQL migrations. Each owner (the platform, then every module in
// order) keeps plain `NNN_description.sql` files in its own folder. Each file runs in its
// own transaction with its record, so a failure leaves the database as it was before
// that file; a file changed after it was applied stops the start (checksums).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export interface MigrationSource {
  owner: string;
  dir: URL | string;
}

export interface Migration {
  owner: string;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const LOCK_KEY = 74_174_601; // any constant shared by every Tambo process

export function loadMigrations(sources: MigrationSource[]): Migration[] {
  const migrations: Migration[] = [];
  for (const source of sources) {
    const dir = source.dir instanceof URL ? fileURLToPath(source.dir) : source.dir;
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    for (const file of files) {
      if (!/^\d{3}_[a-z0-9_]+\.sql$/.test(file)) {
        throw new MigrationError(`migration file name must look like 001_create_things.sql: ${path.join(dir, file)}`);
      }
      const sql = readFileSync(path.join(dir, file), 'utf8');
      migrations.push({ owner: source.owner, name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
    }
  }
  return migrations;
}

const bootstrap = `
  CREATE SCHEMA IF NOT EXISTS platform;
  CREATE TABLE IF NOT EXISTS platform.schema_migration (
    owner text NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, name)
  );`;

async function applied(client: pg.PoolClient): Promise<Map<string, string>> {
  const { rows } = await client.query<{ owner: string; name: string; checksum: string }>('SELECT owner, name, checksum FROM platform.schema_migration');
  return new Map(rows.map((r) => [`${r.owner}/${r.name}`, r.checksum]));
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(pool: pg.Pool, migrations: Migration[], log: (line: string) => void = () => {}): Promise<string[]> {
  const client = await pool.connect();
  const done: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(bootstrap);
    const already = await applied(client);
    for (const migration of migrations) {
      const key = `${migration.owner}/${migration.name}`;
      const checksum = already.get(key);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(`migration ${key} was changed after it was applied; migrations are frozen: add a new one instead`);
        }
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO platform.schema_migration (owner, name, checksum) VALUES ($1, $2, $3)', [migration.owner, migration.name, migration.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        const pgError = error as { message?: string; position?: string };
        const where = pgError.position ? ` (at character ${pgError.position})` : '';
        throw new MigrationError(`migration ${key} failed and was rolled back: ${pgError.message ?? String(error)}${where}`);
      }
      done.push(key);
      log(`applied migration ${key}`);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** How many of the given migrations are not applied yet (for readiness). */
/** One round trip that proves the database answers (readiness, once every migration is applied). */
export async function databaseAnswers(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}

export async function countPending(pool: pg.Pool, migrations: Migration[]): Promise<number> {
  // One round trip (readiness probes call this often): a missing table means nothing applied.
  let rows: Array<{ owner: string; name: string }>;
  try {
    rows = (await pool.query<{ owner: string; name: string }>('SELECT owner, name FROM platform.schema_migration')).rows;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42P01' || code === '3F000') return migrations.length; // undefined table or schema
    throw error;
  }
  const done = new Set(rows.map((r) => `${r.owner}/${r.name}`));
  return migrations.filter((m) => !done.has(`${m.owner}/${m.name}`)).length;
}
