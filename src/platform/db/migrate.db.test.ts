import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { migrationSources } from '../../app.ts';
import { modules } from '../../modules.ts';
import { createDb, withDatabase, type Db } from './index.ts';
import { countPending, loadMigrations, migrate, MigrationError, type Migration } from './migrate.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'tambo-migrate-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

let folderCount = 0;
/** A migrations folder with the given files. */
function folder(files: Record<string, string>): string {
  folderCount += 1;
  const dir = path.join(root, `m${folderCount}`);
  mkdirSync(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

function load(dir: string, owner = 'mtest'): Migration[] {
  return loadMigrations([{ owner, dir }]);
}

let database: TestDatabase;
let handle: Db;
beforeEach(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 4 });
});
afterEach(async () => {
  await handle.close();
  await database.drop();
});

async function recorded(owner = 'mtest'): Promise<string[]> {
  const { rows } = await handle.pool.query<{ name: string }>('SELECT name FROM platform.schema_migration WHERE owner = $1 ORDER BY applied_at, name', [owner]);
  return rows.map((r) => r.name);
}

async function tables(schema: string): Promise<string[]> {
  const { rows } = await handle.pool.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
  return rows.map((r) => r.name);
}

const ok = {
  '001_create_schema.sql': 'CREATE SCHEMA mtest; CREATE TABLE mtest.thing (id int PRIMARY KEY, label text NOT NULL);',
  '002_add_things.sql': "INSERT INTO mtest.thing VALUES (1, 'one'), (2, 'two');",
  '003_add_column.sql': "ALTER TABLE mtest.thing ADD COLUMN note text NOT NULL DEFAULT 'n';",
};

describe('migrate', () => {
  it('applies every migration from an empty database, in order, and readiness then sees none pending', async () => {
    const admin = new pg.Client({ connectionString: process.env.TAMBO_TEST_ADMIN_URL });
    const name = `${database.name}_empty`;
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const empty = createDb(withDatabase(process.env.TAMBO_TEST_ADMIN_URL!, name), { max: 2 });
    try {
      const all = loadMigrations(migrationSources(modules));
      assert.ok(all.length > 0);
      assert.equal(await countPending(empty.pool, all), all.length, 'everything pending before the schema table exists');
      const applied = await migrate(empty.pool, all);
      assert.deepEqual(
        applied,
        all.map((m) => `${m.owner}/${m.name}`),
      );
      assert.equal(all[0]!.owner, 'platform', 'the platform comes first');
      assert.equal(await countPending(empty.pool, all), 0);
      const { rows } = await empty.pool.query<{ key: string; checksum: string }>("SELECT owner || '/' || name AS key, checksum FROM platform.schema_migration ORDER BY applied_at, owner, name");
      assert.deepEqual(rows.map((r) => r.key).sort(), applied.slice().sort());
      assert.deepEqual(new Map(rows.map((r) => [r.key, r.checksum])), new Map(all.map((m) => [`${m.owner}/${m.name}`, m.checksum])));
    } finally {
      await empty.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('applies files in name order, records each, and re-running applies nothing', async () => {
    const dir = folder({ '002_add_things.sql': ok['002_add_things.sql'], '001_create_schema.sql': ok['001_create_schema.sql'], '003_add_column.sql': ok['003_add_column.sql'] });
    const lines: string[] = [];
    const applied = await migrate(handle.pool, load(dir), (line) => lines.push(line));
    assert.deepEqual(applied, ['mtest/001_create_schema.sql', 'mtest/002_add_things.sql', 'mtest/003_add_column.sql']);
    assert.deepEqual(
      lines,
      applied.map((key) => `applied migration ${key}`),
    );
    assert.deepEqual(await recorded(), ['001_create_schema.sql', '002_add_things.sql', '003_add_column.sql']);
    const { rows } = await handle.pool.query('SELECT id, label, note FROM mtest.thing ORDER BY id');
    assert.deepEqual(rows, [
      { id: 1, label: 'one', note: 'n' },
      { id: 2, label: 'two', note: 'n' },
    ]);

    assert.deepEqual(await migrate(handle.pool, load(dir)), []);
    const again = await handle.pool.query('SELECT count(*)::int AS n FROM mtest.thing');
    assert.equal(again.rows[0].n, 2, 'data migrations did not run twice');
    assert.equal(await countPending(handle.pool, load(dir)), 0);
  });

  it('refuses badly named files', () => {
    const dir = folder({ '1_bad name.sql': 'SELECT 1' });
    assert.throws(
      () => load(dir),
      (error: unknown) => error instanceof MigrationError && /1_bad name\.sql/.test(error.message),
    );
  });

  it('a failing file throws MigrationError naming it; earlier files stay applied and its own statements are rolled back', async () => {
    const dir = folder({
      ...ok,
      '004_half_done.sql': [
        'CREATE TABLE mtest.partial (id int);',
        "INSERT INTO mtest.thing VALUES (3, 'three');",
        "UPDATE mtest.thing SET label = 'changed';",
        'SELECT * FROM mtest.no_such_table;',
      ].join('\n'),
      '005_after.sql': 'CREATE TABLE mtest.after (id int);',
    });
    await assert.rejects(migrate(handle.pool, load(dir)), (error: unknown) => {
      assert.ok(error instanceof MigrationError, String(error));
      assert.match(error.message, /^migration mtest\/004_half_done\.sql failed and was rolled back: relation "mtest\.no_such_table" does not exist \(at character \d+\)$/);
      return true;
    });
    assert.deepEqual(await recorded(), ['001_create_schema.sql', '002_add_things.sql', '003_add_column.sql']);
    assert.deepEqual(await tables('mtest'), ['thing'], 'neither the partial table nor a later file');
    const { rows } = await handle.pool.query('SELECT id, label FROM mtest.thing ORDER BY id');
    assert.deepEqual(rows, [
      { id: 1, label: 'one' },
      { id: 2, label: 'two' },
    ]);

    // Fixing the file (not yet applied, so not frozen) lets the next start go on.
    writeFileSync(path.join(dir, '004_half_done.sql'), 'CREATE TABLE mtest.partial (id int);');
    assert.deepEqual(await migrate(handle.pool, load(dir)), ['mtest/004_half_done.sql', 'mtest/005_after.sql']);
    assert.deepEqual(await tables('mtest'), ['after', 'partial', 'thing']);
  });

  it('the connection is usable after a failure: the advisory lock is released', async () => {
    const dir = folder({ '001_broken.sql': 'CREATE TABLE;' });
    await assert.rejects(migrate(handle.pool, load(dir)), MigrationError);
    const { rows } = await handle.pool.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    assert.equal(rows[0]!.n, 0);
    const other = folder({ '001_fine.sql': 'CREATE TABLE public.fine (id int);' });
    assert.deepEqual(await migrate(handle.pool, load(other, 'mtest2')), ['mtest2/001_fine.sql']);
  });

  it('a file changed after it was applied stops the migration ("frozen") before anything else runs', async () => {
    const dir = folder({ '001_create_schema.sql': ok['001_create_schema.sql'] });
    await migrate(handle.pool, load(dir));
    writeFileSync(path.join(dir, '001_create_schema.sql'), `${ok['001_create_schema.sql']}\nCREATE TABLE mtest.sneaky (id int);`);
    writeFileSync(path.join(dir, '002_next.sql'), 'CREATE TABLE mtest.next (id int);');
    await assert.rejects(migrate(handle.pool, load(dir)), (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.match(error.message, /mtest\/001_create_schema\.sql was changed after it was applied; migrations are frozen/);
      return true;
    });
    assert.deepEqual(await tables('mtest'), ['thing']);
    assert.deepEqual(await recorded(), ['001_create_schema.sql']);
  });

  it('two migrators at once apply each file exactly once (advisory lock)', async () => {
    const dir = folder({
      '001_create.sql': 'CREATE TABLE public.counter (n int NOT NULL); SELECT pg_sleep(0.2);',
      '002_insert.sql': 'INSERT INTO public.counter VALUES (1); SELECT pg_sleep(0.1);',
      '003_insert.sql': 'INSERT INTO public.counter VALUES (2);',
    });
    const other = createDb(database.url, { max: 2 });
    try {
      const [a, b] = await Promise.all([migrate(handle.pool, load(dir)), migrate(other.pool, load(dir))]);
      assert.deepEqual([...a, ...b].sort(), ['mtest/001_create.sql', 'mtest/002_insert.sql', 'mtest/003_insert.sql']);
      assert.ok(a.length === 0 || b.length === 0, 'one migrator did everything while the other waited');
    } finally {
      await other.close();
    }
    const { rows } = await handle.pool.query<{ n: number }>('SELECT n FROM public.counter ORDER BY n');
    assert.deepEqual(
      rows.map((r) => r.n),
      [1, 2],
    );
    assert.deepEqual(await recorded(), ['001_create.sql', '002_insert.sql', '003_insert.sql']);
  });
});
