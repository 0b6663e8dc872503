// Migration 003 moves agencies' webhooks from reports.agency_webhook to the platform's
// subscriptions; the next start encrypts the moved secrets, which keep signing with the same key.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { sql } from 'kysely';
import { fileDatabase } from '../../../test/helpers/database.ts';
import { decryptSecret, webhookSecretsKey } from '../../platform/webhooks/secrets.ts';
import { legacySignature } from '../../platform/webhooks/signature.ts';
import { sealLegacyWebhookSecrets } from '../../platform/webhooks/webhooks.ts';

const SESSION_SECRET = 'migration-test-session-secret-of-enough-length';
const handle = fileDatabase({ max: 2 });

it('moves every agency webhook to a platform subscription to all reports topics, and seals its secret at start', async () => {
  // The tables as migration 001 made them (the template database is already past 004).
  await sql`CREATE TABLE reports.agency_webhook (agency_code text PRIMARY KEY, url text NOT NULL, secret text NOT NULL, is_active boolean NOT NULL DEFAULT true, updated_at timestamptz NOT NULL DEFAULT now())`.execute(
    handle().db,
  );
  await sql`CREATE TABLE reports.delivery (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, agency_code text NOT NULL)`.execute(handle().db);
  await sql`INSERT INTO reports.agency_webhook (agency_code, url, secret, is_active) VALUES
    ('EPSAS', 'https://epsas.example/hook', 'epsas-old-secret-0123456789', true), ('SEGIP', 'https://segip.example/hook', 'segip-old-secret-0123456789', false)`.execute(handle().db);
  const migration = readFileSync(new URL('./migrations/004_platform_webhooks.sql', import.meta.url), 'utf8');
  await sql.raw(migration).execute(handle().db);

  const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'reports' AND tablename IN ('agency_webhook', 'delivery')`.execute(handle().db);
  assert.equal(tables.rows[0]!.n, 0, 'the old tables are gone');
  const moved = await sql<{ owner_id: string; url: string; topics: string[]; is_active: boolean; secret_legacy: string | null }>`
    SELECT owner_id, url, topics, is_active, secret_legacy FROM platform.webhook_subscription WHERE module = 'reports' AND owner_kind = 'agency' ORDER BY owner_id`.execute(handle().db);
  assert.deepEqual(
    moved.rows.map((r) => [r.owner_id, r.url, r.topics, r.is_active]),
    [
      ['EPSAS', 'https://epsas.example/hook', ['reports.routed', 'reports.reassigned', 'reports.contested'], true],
      ['SEGIP', 'https://segip.example/hook', ['reports.routed', 'reports.reassigned', 'reports.contested'], false],
    ],
  );

  assert.equal(await sealLegacyWebhookSecrets(handle().db, { sessionSecret: SESSION_SECRET }), 2);
  const sealed = await sql<{ secret_encrypted: string; secret_legacy: string | null }>`
    SELECT secret_encrypted, secret_legacy FROM platform.webhook_subscription WHERE owner_id = 'EPSAS' AND module = 'reports'`.execute(handle().db);
  const row = sealed.rows[0]!;
  assert.equal(row.secret_legacy, null);
  assert.ok(!row.secret_encrypted.includes('epsas-old-secret'));
  const key = decryptSecret(webhookSecretsKey(SESSION_SECRET), row.secret_encrypted);
  // Receivers that verify the old header with the secret they typed keep working.
  const body = '{"deliveryId":1}';
  assert.equal(legacySignature(key, body), `sha256=${createHmac('sha256', 'epsas-old-secret-0123456789').update(body).digest('hex')}`);
  assert.equal(await sealLegacyWebhookSecrets(handle().db, { sessionSecret: SESSION_SECRET }), 0, 'sealing twice changes nothing');
});
