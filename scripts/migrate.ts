// `npm run migrate`: applies every pending migration (the app also does it at start).
import { migrationSources } from '../src/app.ts';
import { modules } from '../src/modules.ts';
import { createDb } from '../src/platform/db/index.ts';
import { loadMigrations, migrate } from '../src/platform/db/migrate.ts';
import { migrateJobQueue } from '../src/platform/jobs/queue.ts';
import { fail, withDatabase } from './cli.ts';

await withDatabase(async (config) => {
  const { pool, close } = createDb(config.databaseUrl, { max: 2 });
  try {
    const applied = await migrate(pool, loadMigrations(migrationSources(modules)), (line) => process.stdout.write(`${line}\n`));
    await migrateJobQueue(pool);
    process.stdout.write(applied.length === 0 ? 'the database is up to date\n' : `applied ${applied.length} migration(s)\n`);
  } finally {
    await close();
  }
}).catch(fail);
