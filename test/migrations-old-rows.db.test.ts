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
  // Up to the marketplace's order lines (the next case writes the old shape of an order).
  await migrate(
    db.pool,
    rest.slice(
      0,
      rest.findIndex((m) => m.owner === 'marketplace' && m.name === '005_cart.sql'),
    ),
  );
  const { rows } = await db.pool.query<{ retain_until: string }>(`SELECT to_char(retain_until, 'YYYY-MM-DD') AS retain_until FROM documents.document`);
  assert.deepEqual(
    rows.map((r) => r.retain_until),
    ['2035-03-14'],
  );
});

it('marketplace 005: an order of one product becomes an order with one line (its product, quantity and unit price)', async () => {
  const [before005, rest] = splitAt('marketplace', '005_cart.sql');
  await migrate(db.pool, before005);
  const seller = '0190c3a0-0000-7000-8000-0000000000a1';
  const product = '0190c3a0-0000-7000-8000-0000000000a2';
  const order = '0190c3a0-0000-7000-8000-0000000000a3';
  await db.pool.query(
    `INSERT INTO marketplace.seller (id, kind, account_id, unit_key, name, address, territory_code, territory_path, origin_office, status)
     VALUES ($1, 'person', gen_random_uuid(), NULL, 'Doña Juana', 'Calle 1', 'BO-L', '{BO-L}', 'AGBC-LPZ', 'approved')`,
    [seller],
  );
  await db.pool.query(
    `INSERT INTO marketplace.product (id, seller_id, name, description, category, price_minor, currency, stock, delivery, territories)
     VALUES ($1, $2, 'Quinua', 'Real', 'alimentos', 2500, 'BOB', 10, '{post}', '{BO-L}')`,
    [product, seller],
  );
  await db.pool.query(
    `INSERT INTO marketplace.purchase (id, buyer_account_id, seller_id, product_id, quantity, unit_price_minor, delivery_minor, total_minor, currency,
       destination_office, destination_path, address, payment_method, status)
     VALUES ($1, gen_random_uuid(), $2, $3, 3, 2500, 1500, 9000, 'BOB', 'AGBC-LPZ', '{BO-L}', 'Calle 2', 'cash_on_delivery', 'shipped')`,
    [order, seller, product],
  );
  await migrate(db.pool, rest);
  const lines = await db.pool.query(`SELECT purchase_id, product_id, quantity, unit_price_minor::int AS unit_price_minor FROM marketplace.purchase_line`);
  assert.deepEqual(lines.rows, [{ purchase_id: order, product_id: product, quantity: 3, unit_price_minor: 2500 }]);
  const order_ = await db.pool.query(`SELECT total_minor::int AS total_minor, status FROM marketplace.purchase WHERE id = $1`, [order]);
  assert.deepEqual(order_.rows, [{ total_minor: 9000, status: 'shipped' }], 'the order itself keeps what it had');
});
