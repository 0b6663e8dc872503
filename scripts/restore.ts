// `npm run restore -- <folder>`: restores a backup made by `npm run backup` into an EMPTY
// database (a new DATA_DIR for the embedded PostgreSQL, or a new database at DATABASE_URL),
// then checks row counts and the audit chain. See docs/operations.md.
import path from 'node:path';
import { migrationSources } from '../src/app.ts';
import { modules } from '../src/modules.ts';
import { restoreBackup } from '../src/platform/backup/restore.ts';
import { createDb } from '../src/platform/db/index.ts';
import { loadMigrations } from '../src/platform/db/migrate.ts';
import { fail, withDatabase } from './cli.ts';

const given = process.argv[2];
if (!given) fail('usage: npm run restore -- <backup folder>');
const dir = path.resolve(given);

await withDatabase(async (config) => {
  const { db, pool, close } = createDb(config.databaseUrl, { max: 2, applicationName: 'tambo-restore' });
  try {
    const result = await restoreBackup({ db, pool }, dir, {
      migrations: loadMigrations(migrationSources(modules)),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`restored ${result.rows} rows from the backup of ${result.manifest.takenAt}; audit log verified up to position ${result.audit.position}\n`);
  } finally {
    await close();
  }
}).catch(fail);
