// `npm run backup -- [folder]`: a consistent logical backup of the whole database (embedded
// or DATABASE_URL) into a new folder (default `backups/tambo-<time>`). See docs/operations.md.
import path from 'node:path';
import { takeBackup } from '../src/platform/backup/backup.ts';
import { createDb } from '../src/platform/db/index.ts';
import { fail, withDatabase } from './cli.ts';

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const dir = path.resolve(process.argv[2] ?? path.join('backups', `tambo-${stamp}`));

await withDatabase(async (config) => {
  const { pool, close } = createDb(config.databaseUrl, { max: 2, applicationName: 'tambo-backup' });
  try {
    const manifest = await takeBackup(pool, dir, { log: (line) => process.stdout.write(`${line}\n`) });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    process.stdout.write(`backup written to ${dir}: ${rows} rows, audit position ${manifest.audit.position}, head ${manifest.audit.hash}\n`);
  } finally {
    await close();
  }
}).catch(fail);
