// `takeBackup`: a logical backup of every table of every schema (the catalog is enumerated,
// so tables modules create at run time are included by construction), read in ONE
// REPEATABLE READ, READ ONLY, DEFERRABLE snapshot while writers go on. Works on the
// embedded PostgreSQL and on any external one with nothing but `pg`: no pg_dump.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { appliedMigrations, auditPoint, beginSnapshot, endSnapshot, listTables, readRows, readSequences, rollback } from './backup.queries.ts';
import { BACKUP_FORMAT, BackupError, CHECKSUMS_FILE, checksumsText, dataFileName, MANIFEST_FILE, sha256File, type BackupManifest, type TableEntry } from './manifest.ts';

export interface BackupOptions {
  log?: (line: string) => void;
  /**
   * Called once the snapshot is open, before any table is read, with a client inside it
   * (tests read the same snapshot to compare; nothing else needs it).
   */
  onSnapshot?: (client: pg.PoolClient) => Promise<void>;
}

/** Writes a backup into `dir` (created; it must be empty) and returns its manifest. */
export async function takeBackup(pool: pg.Pool, dir: string, options: BackupOptions = {}): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) throw new BackupError(`${dir} exists and is not an empty folder`);
  mkdirSync(path.join(dir, 'data'), { recursive: true, mode: 0o700 });
  const client = await pool.connect();
  try {
    const point = await beginSnapshot(client);
    await options.onSnapshot?.(client);
    const audit = await auditPoint(client);
    const migrations = await appliedMigrations(client);
    const tables: TableEntry[] = [];
    for (const shape of await listTables(client)) {
      const file = dataFileName(shape.schema, shape.name);
      let rows = 0;
      let bytes = 0;
      const lines = async function* () {
        for await (const batch of readRows(client, shape)) {
          rows += batch.length;
          yield `${batch.map((row) => JSON.stringify(row)).join('\n')}\n`;
        }
      };
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(lines, createGzip(), counter, createWriteStream(path.join(dir, file), { mode: 0o600 }));
      tables.push({ ...shape, rows, file, bytes, sha256: await sha256File(path.join(dir, file)) });
      log(`${shape.schema}.${shape.name}: ${rows} row(s)`);
    }
    const sequences = await readSequences(client);
    await endSnapshot(client);
    const manifest: BackupManifest = { format: BACKUP_FORMAT, ...point, audit, migrations, tables, sequences };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    writeFileSync(path.join(dir, MANIFEST_FILE), manifestText, { mode: 0o600 });
    const manifestSha = createHash('sha256').update(manifestText).digest('hex');
    writeFileSync(path.join(dir, CHECKSUMS_FILE), checksumsText(manifest, manifestSha), { mode: 0o600 });
    log(`backup of ${tables.length} tables at audit position ${audit.position} (${audit.hash}), snapshot ${point.takenAt}`);
    return manifest;
  } catch (error) {
    await rollback(client).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
