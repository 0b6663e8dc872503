// A real streaming replica of the test PostgreSQL, made with `pg_basebackup -R` and started
// with Debian's `pg_ctl` on a port of its own: `deps.dbRead` reads from it (it is in
// recovery; `deps.db` is not), open data is served from it (a figure written on the primary
// shows only once the replica has replayed it), and without DATABASE_REPLICA_URL both are the
// primary. Needs the PostgreSQL service at TEST_DATABASE_URL with a `replication` line in
// pg_hba.conf (.ci/run adds it) and the server's own version of pg_basebackup; on the embedded
// leg (no matching binaries) it is skipped with a message. Serial: the backup copies the
// whole cluster, which is smallest once the parallel tests dropped their databases.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { freePort } from '../src/platform/db/embedded.ts';
import { withDatabase } from '../src/platform/db/index.ts';
import { recordStats } from '../src/platform/stats/stats.ts';
import type { StatRef } from '../src/platform/stats/stats.types.ts';
import { buildApp } from '../src/app.ts';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { testConfig } from './helpers/app.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { waitFor } from './helpers/wait-for.ts';

const exec = promisify(execFile);
const adminUrl = process.env.TAMBO_TEST_ADMIN_URL ?? '';

/** Why the replica cannot be made here, or the binaries to make it with. */
async function prerequisites(): Promise<{ skip: string } | { bin: string }> {
  if (!process.env.TEST_DATABASE_URL) return { skip: 'the replica test needs the PostgreSQL service (TEST_DATABASE_URL); the embedded PostgreSQL has no matching pg_basebackup' };
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const version = Number((await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v);
    const bin = `/usr/lib/postgresql/${Math.floor(version / 10_000)}/bin`;
    if (!existsSync(path.join(bin, 'pg_basebackup'))) return { skip: `no pg_basebackup for PostgreSQL ${Math.floor(version / 10_000)} in ${bin}` };
    const rules = await client.query("SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND error IS NULL").catch(() => ({ rowCount: 0 }));
    if (!rules.rowCount) return { skip: 'pg_hba.conf has no replication line (.ci/run adds `host replication all 127.0.0.1/32 trust`)' };
    return { bin };
  } finally {
    await client.end();
  }
}

/** Runs a PostgreSQL binary, as `postgres` when we are root (PostgreSQL refuses root). */
function asPostgres(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

let skip: string | undefined;
let bin = '';
let dir = '';
let replicaPort = 0;
let started = false;
let slotMade = false;
// A slot keeps the primary's WAL until the replica has it (a busy primary recycles it fast);
// dropped after the test, or the primary would keep WAL for ever.
const slot = `tambo_test_replica_${process.pid}`;
let database: TestDatabase | undefined;
let replicaUrl = '';
let app: TamboApp;
const user = asPostgres();

before(async () => {
  const found = await prerequisites();
  if ('skip' in found) {
    skip = found.skip;
    process.stdout.write(`skipped: ${skip}\n`);
    return;
  }
  bin = found.bin;
  dir = mkdtempSync(path.join(os.tmpdir(), 'tambo-replica-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid ?? user.uid);
  const source = new URL(adminUrl);
  slotMade = true;
  await exec(
    path.join(bin, 'pg_basebackup'),
    ['-h', source.hostname, '-p', source.port || '5432', '-U', source.username || 'postgres', '-D', path.join(dir, 'data'), '-R', '-X', 'stream', '-c', 'fast', '-C', '-S', slot],
    { ...user },
  );
  // Debian keeps the service's postgresql.conf and pg_hba.conf in /etc, outside the copied
  // folder: give the replica its own (the copy keeps postgresql.auto.conf, where -R wrote the
  // primary's address, and standby.signal).
  const data = path.join(dir, 'data');
  if (!existsSync(path.join(data, 'postgresql.conf'))) writeFileSync(path.join(data, 'postgresql.conf'), '');
  if (!existsSync(path.join(data, 'pg_hba.conf'))) writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  if (user.uid !== undefined) for (const file of ['postgresql.conf', 'pg_hba.conf']) chownSync(path.join(data, file), user.uid, user.gid ?? user.uid);
  replicaPort = await freePort();
  await exec(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${replicaPort} -k ${dir} -c hot_standby=on -c listen_addresses=127.0.0.1`, 'start'], {
    ...user,
  }).catch((error: Error) => {
    throw new Error(`${error.message}\n${existsSync(path.join(dir, 'log')) ? readFileSync(path.join(dir, 'log'), 'utf8') : ''}`);
  });
  started = true;
  // A database made on the primary after the backup reaches the replica through the stream.
  database = await createTestDatabase();
  replicaUrl = withDatabase(`postgres://${source.username || 'postgres'}@127.0.0.1:${replicaPort}/postgres`, database.name);
  await waitFor(
    async () => {
      const client = new pg.Client({ connectionString: replicaUrl });
      try {
        await client.connect();
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    { timeoutMs: 30_000, intervalMs: 100, what: 'the test database on the replica' },
  );
  app = await buildApp(testConfig({ databaseUrl: database.url, databaseReplicaUrl: replicaUrl }), { background: false, poolSize: 3 });
});

after(async () => {
  await app?.close();
  if (started) await exec(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop'], { ...user }).catch(() => undefined);
  if (slotMade) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
    await client.end();
  }
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The public figure catalog.applications of one agency, as open data serves it (procedures are published by slug, agencies by code). */
async function servedCount(agency: string): Promise<number | undefined> {
  const response = await app.inject({ method: 'GET', url: '/api/v1/open-data/catalog.applications' });
  assert.equal(response.statusCode, 200);
  const items = (response.json() as { items: Array<{ agency?: string; count?: number }> }).items;
  return items.filter((item) => item.agency === agency).reduce<number | undefined>((sum, item) => (sum ?? 0) + (item.count ?? 0), undefined);
}

describe('reads from a streaming replica', () => {
  it('deps.dbRead is the replica (in recovery), deps.db the primary', async (t) => {
    if (skip) return t.skip(skip);
    const recovery = async (db: typeof app.tambo.deps.db) => (await sql<{ r: boolean }>`SELECT pg_is_in_recovery() AS r`.execute(db)).rows[0]!.r;
    assert.equal(await recovery(app.tambo.deps.dbRead), true);
    assert.equal(await recovery(app.tambo.deps.db), false);
  });

  it('open data is read from the replica: a figure written on the primary shows once replayed there', async (t) => {
    if (skip) return t.skip(skip);
    const stat = (app.tambo.modules.find((m) => m.name === 'catalog')?.stats as Record<string, StatRef> | undefined)?.applications;
    assert.ok(stat, 'catalog.applications is declared');
    const replica = new pg.Client({ connectionString: replicaUrl });
    await replica.connect();
    try {
      // Replay paused: the replica stays behind the primary.
      await replica.query('SELECT pg_wal_replay_pause()');
      const agency = 'REPLICA-PROOF';
      await recordStats(
        app.tambo.deps.db,
        stat,
        Array.from({ length: 7 }, () => ({ dims: { agency, procedure: 'replica-proof' } })),
      );
      assert.equal(await servedCount(agency), undefined, 'not yet on the replica');
      await replica.query('SELECT pg_wal_replay_resume()');
      await waitFor(async () => (await servedCount(agency)) === 7, { timeoutMs: 10_000, intervalMs: 50, what: 'the figure on the replica' });
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
      await replica.end();
    }
  });

  it('without DATABASE_REPLICA_URL, dbRead is the primary (on every leg)', async () => {
    const own = await createTestDatabase();
    const plain = await buildApp(testConfig({ databaseUrl: own.url }), { background: false, poolSize: 2 });
    try {
      assert.equal(plain.tambo.deps.dbRead, plain.tambo.deps.db);
    } finally {
      await plain.close();
      await own.drop();
    }
  });
});
