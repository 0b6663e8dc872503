// The database handle: Kysely over a pg pool. One per process, built in app.ts and passed
// down in `deps`; nothing holds it globally.
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';

// Timestamps come back as Date, bigint (int8) as a JS number when it fits; NUMERIC stays a
// string (money is never a float).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

// Modules type their own tables; the shared handle is untyped and each module's
// queries file narrows it (see `typed` below).
// biome-ignore lint/suspicious/noExplicitAny: the shared handle is untyped; modules narrow it with typed()
export type Database = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
export type Queryable = Kysely<any> | Transaction<any>;

/**
 * The comment that opens a statement PostgreSQL should parse and plan once per connection: a
 * hot write's one statement (`auditedInsert`) is a long chain of CTEs whose parsing and planning
 * cost as much as its execution. Such a statement goes as a named prepared statement (its name is
 * the hash of its text, so one text is one statement); its parameters still travel apart.
 */
export const PREPARED = '/* prepared */ ';

class PreparingClient extends pg.Client {
  // Kysely calls query(text, values) and awaits the promise; every other form passes through.
  // biome-ignore lint/suspicious/noExplicitAny: the override keeps every overload of pg's query
  override query(...args: any[]): any {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && text.startsWith(PREPARED) && Array.isArray(values)) {
      const name = `tambo_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
      return super.query({ name, text, values });
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}

export interface Db {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDb(connectionString: string, options: { max?: number; applicationName?: string } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 20,
    application_name: options.applicationName ?? 'tambo',
    idleTimeoutMillis: 30_000,
    Client: PreparingClient,
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // Kysely ends the pool only if it used it; scripts may have used the pool alone.
      if (!pool.ended) await pool.end();
    },
  };
}

/** Narrows the shared handle to a module's own table types. */
export function typed<Tables>(db: Queryable): Kysely<Tables> {
  return db as unknown as Kysely<Tables>;
}

/** Replaces the database name in a connection string. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The handle for reads that tolerate lag: a pool on the replica when `replicaUrl` is set (its
 * own `close`), else the primary's handle itself (closing it is the primary's business).
 */
export function createReadDb(replicaUrl: string | undefined, primary: Db, options: { max?: number } = {}): Pick<Db, 'db' | 'close'> {
  if (!replicaUrl) return { db: primary.db, close: async () => undefined };
  return createDb(replicaUrl, { max: options.max, applicationName: 'tambo-read' });
}
