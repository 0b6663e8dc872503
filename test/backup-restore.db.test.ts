// Backups that restore: a backup taken while writes go on holds exactly the snapshot it
// names (rows of every schema, files, a table made at run time, the audit chain), restores
// into a new empty database, and the restored instance serves the same person's cases.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { recordAudit, sealAuditLog, verifyAuditLog } from '../src/platform/audit/audit.ts';
import { takeBackup } from '../src/platform/backup/backup.ts';
import { BackupError, type BackupManifest } from '../src/platform/backup/manifest.ts';
import { restoreBackup } from '../src/platform/backup/restore.ts';
import { createDb, withDatabase, type Db } from '../src/platform/db/index.ts';
import { emitEvent } from '../src/platform/events/outbox.ts';
import { storeFile } from '../src/platform/files/files.ts';
import { CasesHarness } from '../src/modules/cases/cases.test-helpers.ts';
import { testConfig } from './helpers/app.ts';

/** Every row of every table outside PostgreSQL's own schemas, as text, sorted (one reading, in the caller's snapshot). */
async function everyRow(client: pg.ClientBase): Promise<Record<string, string[]>> {
  await client.query("SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET bytea_output = 'hex'");
  const tables = await client.query<{ name: string }>(`
    SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1`);
  const all: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ONLY ${name} t ORDER BY 1`);
    all[name] = rows.rows.map((r) => r.row);
  }
  return all;
}

async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TAMBO_TEST_ADMIN_URL!;
  const name = `tambo_restore_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE template0`);
  return { url: withDatabase(adminUrl, name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

describe('backup and restore', () => {
  const h = new CasesHarness();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tambo-backup-test-'));
  let trackingCode = '';
  let atSnapshot: Record<string, string[]> = {};
  let manifest: BackupManifest;
  let restored: { url: string; drop(): Promise<void> };
  let target: Db;

  before(async () => {
    await h.start();
    trackingCode = await h.applyOnline();
    const { db } = h.t.app.tambo.deps;
    // A table a module makes at run time (open data's tabular resources will): no migration knows it.
    await sql`CREATE SCHEMA runtime_data`.execute(db);
    await sql`CREATE TABLE runtime_data.resource (id bigserial PRIMARY KEY, label text NOT NULL, amount numeric(12, 2), seen timestamptz DEFAULT now())`.execute(db);
    await sql`INSERT INTO runtime_data.resource (label, amount) VALUES ('uno', 1.50), ('dos', NULL), ('tres "con" comillas', 3)`.execute(db);

    // Writers go on during the backup: audited changes with a file and an event, sealed as they come.
    let writes = 0;
    let stop = false;
    const write = async () => {
      await db.transaction().execute(async (trx) => {
        const file = await storeFile(trx, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]), 'application/pdf');
        await recordAudit(trx, { actor: { type: 'system' }, action: 'platform.backup_test_write', subject: { type: 'file', id: file.sha256 }, data: { n: writes } });
        await emitEvent(trx, 'platform.backup_test_write', { sha256: file.sha256 });
      });
      await sealAuditLog(db);
      writes += 1;
    };
    const writer = (async () => {
      while (!stop) await write();
    })();
    while (writes < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    try {
      manifest = await takeBackup(h.t.app.tambo.deps.pool, dir, {
        onSnapshot: async (client) => {
          atSnapshot = await everyRow(client);
          // Let the writers commit more after the snapshot began, before any table is read.
          const seen = writes;
          while (writes < seen + 3) await new Promise((resolve) => setTimeout(resolve, 5));
        },
      });
    } finally {
      stop = true;
      await writer;
    }

    restored = await emptyDatabase();
    target = createDb(restored.url, { max: 3 });
    await restoreBackup(target, dir, { migrations: h.t.app.tambo.migrations });
  });

  after(async () => {
    await target?.close();
    await h.t.app.close().catch(() => undefined);
    await h.t.database.drop();
    await restored?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the point it represents: the audit head of its snapshot, while later writes are not in it', async () => {
    const { db } = h.t.app.tambo.deps;
    const entries = atSnapshot['audit.entry']!;
    assert.equal(manifest.audit.position + manifest.audit.unsealed, entries.length);
    const head = (await sql<{ position: number }>`SELECT position FROM audit.head`.execute(db)).rows[0]!;
    assert.ok(head.position > manifest.audit.position, `writes went on after the snapshot (head ${head.position}, backup ${manifest.audit.position})`);
    assert.ok(atSnapshot['audit.head']![0]!.includes(manifest.audit.hash));
    assert.ok(manifest.tables.some((t) => t.schema === 'runtime_data' && t.name === 'resource' && t.rows === 3));
  });

  it('restores every row of every schema, files and the run-time table, exactly as the snapshot saw them', async () => {
    const client = await target.pool.connect();
    try {
      const now = await everyRow(client);
      assert.deepEqual(Object.keys(now).sort(), Object.keys(atSnapshot).sort());
      for (const table of Object.keys(atSnapshot)) assert.deepEqual(now[table], atSnapshot[table], table);
      assert.ok(now['platform.file']!.length >= 3, 'files are in the backup');
      // Sequences go on from where they were: a new row does not collide with a restored one.
      await client.query("INSERT INTO runtime_data.resource (label) VALUES ('cuatro')");
    } finally {
      client.release();
    }
  });

  it('the restored audit chain verifies up to the recorded head', async () => {
    const result = await verifyAuditLog(target.db);
    assert.equal(result.ok, true);
    assert.equal(result.head.position, manifest.audit.position);
    assert.equal(result.head.hash, manifest.audit.hash);
  });

  it('refuses a damaged backup, a database that is not empty, and code older than the backup', async () => {
    const copy = `${dir}-damaged`;
    const empty = await emptyDatabase();
    const older = createDb(empty.url, { max: 2 });
    try {
      const withoutLast = h.t.app.tambo.migrations.slice(0, -1);
      await assert.rejects(restoreBackup(older, dir, { migrations: withoutLast }), (error: unknown) => error instanceof BackupError && /does not have/.test(error.message));
      cpSync(dir, copy, { recursive: true });
      const file = path.join(copy, manifest.tables.find((t) => t.name === 'case')!.file);
      const bytes = readFileSync(file);
      bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
      writeFileSync(file, bytes);
      await assert.rejects(restoreBackup(target, copy, { migrations: h.t.app.tambo.migrations }), (error: unknown) => error instanceof BackupError && /checksum/.test(error.message));
      await assert.rejects(restoreBackup(target, dir, { migrations: h.t.app.tambo.migrations }), (error: unknown) => error instanceof BackupError && /not empty/.test(error.message));
    } finally {
      rmSync(copy, { recursive: true, force: true });
      await older.close();
      await empty.drop();
    }
  });

  it("the restored instance serves the same person's cases over HTTP", async () => {
    // The restored instance takes the original's address (the provider's issuer and clients are bound to it).
    const port = Number(new URL(h.t.baseUrl).port);
    await h.t.app.close();
    const config = testConfig({ databaseUrl: restored.url }, { PUBLIC_URL: h.t.baseUrl });
    const app = await buildApp(config, { background: false, poolSize: 3 });
    try {
      await app.listen({ port, host: '127.0.0.1' });
      const original = h.t;
      h.t = { ...original, app, config };
      const citizen = await h.signIn('ciudadana@demo.tambo', 'Demo-2026-ciudadana');
      const list = await h.page(citizen, '/mis-tramites');
      assert.equal(list.status, 200);
      assert.match(list.html, new RegExp(trackingCode));
      const one = await h.page(citizen, `/mis-tramites/${trackingCode}`);
      assert.equal(one.status, 200);
      h.t = original;
    } finally {
      await app.close();
    }
  });
});
