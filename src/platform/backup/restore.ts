// `restoreBackup`: into an EMPTY database, the schema is recreated by the migrations the
// backup was taken at (tables no migration makes are recreated from the recorded
// definition), then every table's rows are loaded in dependency order in one transaction,
// sequences are set, and the result is checked: row counts against the manifest, and the
// audit chain verified up to the head the backup recorded.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import { verifyAuditLog } from '../audit/audit.ts';
import type { Database } from '../db/index.ts';
import { migrate, type Migration } from '../db/migrate.ts';
import { migrateJobQueue } from '../jobs/queue.ts';
import { addForeignKeys, beginRestore, commitRestore, countRows, createTable, emptyIfFilled, insertRows, rollback, setSequence, tableExists, unlockJobs, userTableCount } from './backup.queries.ts';
import { BackupError, readVerifiedManifest, type BackupManifest, type TableEntry } from './manifest.ts';

export interface RestoreOptions {
  /** Every migration the code knows (the platform's and each module's); the backup's are picked from them. */
  migrations: Migration[];
  log?: (line: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  rows: number;
  audit: { position: number; hash: string };
}

/** The migrations the backup was taken at, taken from the code's (same checksums), in the code's order. */
function migrationsOf(manifest: BackupManifest, known: Migration[]): Migration[] {
  const byKey = new Map(known.map((m) => [`${m.owner}/${m.name}`, m]));
  const wanted = new Set<string>();
  for (const m of manifest.migrations) {
    const key = `${m.owner}/${m.name}`;
    const found = byKey.get(key);
    if (!found) throw new BackupError(`the backup was taken after migration ${key}, which this version of Tambo does not have: restore with the version that made it (or a newer one)`);
    if (found.checksum !== m.checksum) throw new BackupError(`migration ${key} differs from the one the backup was taken at`);
    wanted.add(key);
  }
  return known.filter((m) => wanted.has(`${m.owner}/${m.name}`));
}

async function loadTable(client: pg.PoolClient, dir: string, table: TableEntry): Promise<number> {
  const batchRows = Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, table.columns.length))));
  const lines = createInterface({ input: createReadStream(path.join(dir, table.file)).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  let batch: Array<Array<string | null>> = [];
  let batchBytes = 0;
  let rows = 0;
  for await (const line of lines) {
    if (line === '') continue;
    const row = JSON.parse(line) as Array<string | null>;
    if (row.length !== table.columns.length) throw new BackupError(`${table.file}: a row has ${row.length} values for ${table.columns.length} columns`);
    batch.push(row);
    batchBytes += line.length;
    if (batch.length >= batchRows || batchBytes >= 8_000_000) {
      await insertRows(client, table, batch);
      rows += batch.length;
      batch = [];
      batchBytes = 0;
    }
  }
  await insertRows(client, table, batch);
  return rows + batch.length;
}

/** Restores the backup in `dir` into the empty database behind `target`. */
export async function restoreBackup(target: { db: Database; pool: pg.Pool }, dir: string, options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const manifest = await readVerifiedManifest(dir);
  log(`backup taken at ${manifest.takenAt}: ${manifest.tables.length} tables, audit position ${manifest.audit.position}`);
  const check = await target.pool.connect();
  try {
    if ((await userTableCount(check)) > 0) throw new BackupError('the target database is not empty: restore into a new database (or a new DATA_DIR)');
  } finally {
    check.release();
  }
  await migrate(target.pool, migrationsOf(manifest, options.migrations), log);
  await migrateJobQueue(target.pool);

  const client = await target.pool.connect();
  let rows = 0;
  try {
    await beginRestore(client);
    const created: TableEntry[] = [];
    for (const table of manifest.tables) {
      if (!(await tableExists(client, table.schema, table.name))) {
        await createTable(client, table, manifest.sequences);
        created.push(table);
        log(`created ${table.schema}.${table.name} (made at run time, not by a migration)`);
      }
      await emptyIfFilled(client, table.schema, table.name);
      const loaded = await loadTable(client, dir, table);
      if (loaded !== table.rows) throw new BackupError(`${table.file} holds ${loaded} rows, the manifest says ${table.rows}`);
      rows += loaded;
      log(`${table.schema}.${table.name}: ${loaded} row(s)`);
    }
    for (const table of created) await addForeignKeys(client, table);
    for (const sequence of manifest.sequences) await setSequence(client, sequence);
    await unlockJobs(client);
    for (const table of manifest.tables) {
      const count = await countRows(client, table.schema, table.name);
      if (count !== table.rows) throw new BackupError(`${table.schema}.${table.name} has ${count} rows after the restore, the manifest says ${table.rows}`);
    }
    await commitRestore(client);
  } catch (error) {
    await rollback(client).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }

  const verified = await verifyAuditLog(target.db);
  if (!verified.ok) throw new BackupError(`the restored audit log does not verify: ${verified.broken?.reason ?? 'unknown reason'}`);
  if (verified.head.position !== manifest.audit.position || verified.head.hash !== manifest.audit.hash) {
    throw new BackupError(`the restored audit head (position ${verified.head.position}) is not the one the backup recorded (position ${manifest.audit.position})`);
  }
  log(`restored ${rows} rows; audit log verified up to position ${verified.head.position} (${verified.head.hash})`);
  return { manifest, rows, audit: { position: verified.head.position, hash: verified.head.hash } };
}
