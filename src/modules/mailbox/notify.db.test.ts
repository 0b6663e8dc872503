// Notices from Tambo's own modules (case receipts, report follow-ups) reach the person's
// mailbox once per key, with the same alert and audit as an agency's delivery.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { notifyAccount } from './index.ts';

let t: TestApp;
let citizenId: string;

before(async () => {
  t = await buildTestApp({ demo: true });
  const row = await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(t.app.tambo.deps.db);
  citizenId = row.rows[0]!.id;
});
after(async () => t.close());

it('a module notice is delivered once per key, alerted, audited as the module', async () => {
  const { deps } = t.app.tambo;
  const notice = { accountId: citizenId, agencyCode: 'SEGIP', subject: 'Trámite recibido: T-ABC123', body: 'Recibimos su solicitud.', source: 'cases', key: 'cases:event-1' };
  const first = await notifyAccount(deps, notice);
  const again = await notifyAccount(deps, notice);
  assert.ok(first);
  assert.equal(again?.id, first.id, 'the retried notice is the same message');
  const messages = await sql<{ id: string; client_id: string; agency_code: string; subject: string }>`
    SELECT id, client_id, agency_code, subject FROM mailbox.message WHERE recipient_account_id = ${citizenId} AND idempotency_key = 'cases:event-1'`.execute(deps.db);
  assert.deepEqual(messages.rows, [{ id: first.id, client_id: 'tambo:cases', agency_code: 'SEGIP', subject: 'Trámite recibido: T-ABC123' }]);
  const audit = await sql<{ actor_type: string; actor_id: string }>`
    SELECT actor_type, actor_id FROM audit.entry WHERE action = 'mailbox.message_delivered' AND subject_id = ${first.id}`.execute(deps.db);
  assert.deepEqual(audit.rows, [{ actor_type: 'system', actor_id: 'cases' }]);
  const alerts = async () => (await sql<{ channel: string }>`SELECT channel FROM mailbox.alert WHERE message_id = ${first.id} ORDER BY channel`.execute(deps.db)).rows.map((r) => r.channel);
  await t.drain();
  assert.deepEqual(await alerts(), ['email', 'sms'], 'the person is alerted on each channel');
  await t.drain();
  assert.deepEqual(await alerts(), ['email', 'sms'], 'once, however often the jobs run');
});

it('a notice for an account that does not exist delivers nothing', async () => {
  const { deps } = t.app.tambo;
  const result = await notifyAccount(deps, { accountId: '00000000-0000-7000-8000-000000000000', agencyCode: 'SEGIP', subject: 'x', body: 'y', source: 'cases', key: 'cases:none' });
  assert.equal(result, undefined);
});
