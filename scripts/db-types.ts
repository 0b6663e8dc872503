// `npm run db:types`: migrates a throw-away database (a database of its own on the server of
// TEST_DATABASE_URL or DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary
// folder), generates the table types of every schema (scripts/table-types.ts) and writes them.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrationSources } from '../src/app.ts';
import { modules } from '../src/modules.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { createDb, withDatabase } from '../src/platform/db/index.ts';
import { loadMigrations, migrate } from '../src/platform/db/migrate.ts';
import { fail } from './cli.ts';
import { renderTableTypes } from './table-types.ts';

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  let embedded: EmbeddedPostgres | undefined;
  let embeddedDir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    embeddedDir = await mkdtemp(path.join(os.tmpdir(), 'tambo-db-types-'));
    embedded = await startEmbeddedPostgres(embeddedDir);
    serverUrl = embedded.url;
  }
  const database = `tambo_db_types_${randomBytes(4).toString('hex')}`;
  try {
    await admin(serverUrl, `CREATE DATABASE ${database}`);
    const { db, pool, close } = createDb(withDatabase(serverUrl, database), { max: 2 });
    try {
      await migrate(pool, loadMigrations(migrationSources(modules)));
      const files = await renderTableTypes(db);
      for (const [file, content] of files) await writeFile(file, content);
      process.stdout.write(`wrote ${[...files.keys()].join(', ')}\n`);
    } finally {
      await close();
    }
  } finally {
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    if (embedded) await embedded.stop();
    if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  }
}

main().catch(fail);
