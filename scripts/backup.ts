// `npm run backup -- [folder]`: a consistent logical backup of the whole database into a new
// folder (default `backups/tambo-<time>`). The database: DATABASE_URL; else the embedded
// PostgreSQL of a Tambo running on DATA_DIR (backed up while it serves); else the embedded
// one started here and stopped after. See docs/operations.md.
import path from 'node:path';
import { takeBackup } from '../src/platform/backup/backup.ts';
import { runningEmbeddedUrl } from '../src/platform/backup/running.ts';
import { ConfigError, loadConfig } from '../src/platform/config.ts';
import { createDb } from '../src/platform/db/index.ts';
import { fail, withDatabase } from './cli.ts';

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const dir = path.resolve(process.argv[2] ?? path.join('backups', `tambo-${stamp}`));

async function backup(databaseUrl: string): Promise<void> {
  const { pool, close } = createDb(databaseUrl, { max: 2, applicationName: 'tambo-backup' });
  try {
    const manifest = await takeBackup(pool, dir, { log: (line) => process.stdout.write(`${line}\n`) });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    process.stdout.write(`backup written to ${dir}: ${rows} rows, audit position ${manifest.audit.position}, head ${manifest.audit.hash}\n`);
  } finally {
    await close();
  }
}

let running: string | undefined;
try {
  const config = loadConfig();
  running = config.databaseUrl ? undefined : runningEmbeddedUrl(config.dataDir);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // withDatabase reports the configuration's problems.
}
if (running) {
  process.stdout.write('backing up the embedded PostgreSQL of the Tambo running on DATA_DIR\n');
  await backup(running).catch(fail);
} else {
  await withDatabase((config) => backup(config.databaseUrl)).catch(fail);
}
