// The write pattern's regression test for the mailbox: a delivery makes at most two
// statements (the recipient, then one statement writing the message, its
// attachments' rows, the audit entry and the event), and a retry with the same key writes nothing.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { testAccount } from '../../../test/helpers/identity.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import { sealAuditLog, verifyAuditLog } from '../../platform/audit/audit.ts';
import { deliverMessage } from './mailbox.service.ts';

let t: TestApp;
let accountId: string;
before(async () => {
  t = await buildTestApp({ demo: true });
  accountId = await testAccount(t.app.tambo.deps, { documentNumber: '7654322 LP', givenName: 'Ana', familyName: 'Rojas', email: 'ana.rojas@prueba.tambo' });
});
after(async () => t.close());

const sender = { clientId: 'segip-system', agencyCode: 'SEGIP', actor: { type: 'client' as const, id: 'segip-system' } };
const input = { recipient: { documentType: 'CI', documentNumber: '7654322 LP' }, subject: 'Su cédula está lista', body: 'Puede recogerla.' };
const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(t.app.tambo.deps.db)).rows[0]!.n;

it('a delivery makes at most 2 statements and writes the message, audit entry and event; the message comes back as stored', async () => {
  const { deps } = t.app.tambo;
  await deliverMessage(deps, sender, input); // warm what a running server has warm
  const { result, count: statements, statements: list } = await countStatements(() => deliverMessage(deps, sender, input, { requestId: 'req-9' }));
  assert.ok(statements <= 2, `at most 2 statements, got ${statements}:\n${list.join('\n')}`);
  assert.equal(result.created, true);
  assert.equal(result.message.recipientAccountId, accountId);
  assert.equal(result.message.subject, 'Su cédula está lista');
  assert.ok(result.message.madeAvailableAt instanceof Date);
  assert.ok(result.message.deemedNotifiedDueAt > result.message.madeAvailableAt);
  assert.equal(result.message.deemedNotifiedAt, null);
  const id = result.message.id;
  assert.equal(await count(sql`SELECT count(*)::int AS n FROM audit.entry WHERE subject_id = ${id} AND action = 'mailbox.message_delivered' AND request_id = 'req-9'`), 1);
  assert.equal(await count(sql`SELECT count(*)::int AS n FROM platform.outbox WHERE topic = 'mailbox.message_delivered' AND payload->>'messageId' = ${id}`), 1);
  await sealAuditLog(deps.db);
  assert.ok((await verifyAuditLog(deps.db)).ok);
});

it('a retry with the same idempotency key returns the first message and writes nothing', async () => {
  const { deps } = t.app.tambo;
  const first = await deliverMessage(deps, sender, input, { idempotencyKey: 'k-1' });
  const audits = await count(sql`SELECT count(*)::int AS n FROM audit.entry`);
  const again = await deliverMessage(deps, sender, input, { idempotencyKey: 'k-1' });
  assert.equal(again.created, false);
  assert.equal(again.message.id, first.message.id);
  assert.equal(await count(sql`SELECT count(*)::int AS n FROM audit.entry`), audits);
});
