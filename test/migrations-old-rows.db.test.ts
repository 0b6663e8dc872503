// Migrations that change the meaning of stored rows, run over rows written before them: an
// installation upgraded from an older release keeps what it had. Each case migrates an empty
// database up to the migration, writes the old shape, then applies the rest.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { migrationSources } from '../src/app.ts';
import { modules } from '../src/modules.ts';
import { createDb, withDatabase } from '../src/platform/db/index.ts';
import { loadMigrations, type Migration, migrate } from '../src/platform/db/migrate.ts';

const admin = process.env.TAMBO_TEST_ADMIN_URL!;
const name = `tambo_old_rows_${randomBytes(5).toString('hex')}`;
let db: ReturnType<typeof createDb>;
const all = loadMigrations(migrationSources(modules));

async function onAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

before(async () => {
  await onAdmin(`CREATE DATABASE ${name}`);
  db = createDb(withDatabase(admin, name), { max: 2 });
});
after(async () => {
  await db?.close();
  await onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

/** The migrations before `owner/file` (it excluded), and from it on. */
function splitAt(owner: string, file: string): [Migration[], Migration[]] {
  const at = all.findIndex((m) => m.owner === owner && m.name === file);
  assert.ok(at > 0, `${owner}/${file} exists`);
  return [all.slice(0, at), all.slice(at)];
}

it('identity 014: a client that could deliver mail gets the mailbox:send right, the others none', async () => {
  const [before014] = splitAt('identity', '014_client_rights.sql');
  await migrate(db.pool, before014);
  for (const [id, canDeliver] of [
    ['sistema-buzon', true],
    ['sistema-lector', false],
  ] as const) {
    await db.pool.query(
      `INSERT INTO identity.client (client_id, client_secret, name, redirect_uris, post_logout_redirect_uris, scopes, minimum_level, subject_type, require_par, is_first_party, can_deliver_mail)
       VALUES ($1, 'secreto', $1, '{}', '{}', '{}', 'bajo', 'public', false, false, $2)`,
      [id, canDeliver],
    );
  }
  await migrate(
    db.pool,
    splitAt('identity', '014_client_rights.sql')[1].filter((m) => m.owner === 'identity' && m.name === '014_client_rights.sql'),
  );
  const { rows } = await db.pool.query<{ client_id: string; rights: string[] }>(`SELECT client_id, rights FROM identity.client ORDER BY client_id`);
  assert.deepEqual(
    rows.map((r) => [r.client_id, r.rights]),
    [
      ['sistema-buzon', ['mailbox:send']],
      ['sistema-lector', []],
    ],
  );
});

it('documents 004: a document issued before retention is kept ten years from its issue day', async () => {
  const [before004, rest] = splitAt('documents', '004_retention.sql');
  // Everything up to documents 004 that was not applied yet (the identity case applied a prefix).
  await migrate(db.pool, before004);
  await db.pool.query(
    `INSERT INTO documents.document (id, number, verification_code, account_id, agency_code, agency_name, kind, title, holder_name, holder_document, sha256, issued_at)
     VALUES (gen_random_uuid(), 'SEGIP-2025-000001', 'ABCDEFGHJK0123456789', gen_random_uuid(), 'SEGIP', 'SEGIP', 'certificate', 'Certificado', 'Ana Quispe', 'CI 1234567', repeat('a', 64), '2025-03-14 15:00:00+00')`,
  );
  await migrate(db.pool, rest);
  const { rows } = await db.pool.query<{ retain_until: string }>(`SELECT to_char(retain_until, 'YYYY-MM-DD') AS retain_until FROM documents.document`);
  assert.deepEqual(
    rows.map((r) => r.retain_until),
    ['2035-03-14'],
  );
});
