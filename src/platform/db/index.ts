// The database handle: Kysely over a pg pool. One per process, built in app.ts and passed
// down in `deps`; nothing holds it globally.
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
