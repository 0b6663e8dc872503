// Round trips per request on the two hot paths the bench measures (docs/scaling.md): every
// statement sent while one request is answered is counted (test/helpers/statements.ts,
// BEGIN/COMMIT included), over real HTTP, after a warm-up request (token, payee caches filled).
// A change that adds a round trip to a creation or a payment fails here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { countStatements } from '../../../test/helpers/statements.ts';
import { addPaymentsClient, clientToken, type PaymentsTestApp, postNotification, signedNotification, startPaymentsApp } from './payments.test-helpers.ts';

let t: PaymentsTestApp;
before(async () => {
  t = await startPaymentsApp(['SEGIP']);
});
after(async () => t.close());

const ORDER = JSON.stringify({ payer: { documentType: 'CI', documentNumber: '4567891 LP' }, concept: 'Medición', amountMinor: 5000 });

describe('statements per request', () => {
  it('an order created through the API and a notification paying it take few round trips', async () => {
    const client = await addPaymentsClient(t, 'SEGIP');
    const token = await clientToken(t, client, 'payments:write');
    const create = async () => {
      const response = await fetch(`${t.baseUrl}/api/v1/payment-orders`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: ORDER });
      assert.equal(response.status, 201, await response.clone().text());
      return ((await response.json()) as { code: string }).code;
    };
    const pay = async (code: string) => {
      const response = await postNotification(t, 'SEGIP', signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: code, amountMinor: 5000 }));
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(((await response.json()) as { result: string }).result, 'applied');
    };
    await pay(await create()); // warm-up: token, payer and payee caches
    const creating = await countStatements(create);
    // The payer's account by identity document (identity's read), then the order with its ledger entry, audit entry and event.
    assert.equal(creating.count, 2, creating.statements.join('\n'));
    assert.match(creating.statements[1]!, /^\/\* prepared \*\/ WITH main AS \(INSERT INTO "payments"\."payment_order"/);
    // An order this process created: no read, one statement (ledger, order, notification log, audit, figure, event).
    const paying = await countStatements(() => pay(creating.result));
    assert.equal(paying.count, 1, paying.statements.join('\n'));
    assert.match(paying.statements[0]!, /^\/\* prepared \*\/ WITH main AS \(INSERT INTO "payments"\."payment_event"/);
    // An order another process made (here: written directly): the read that decides, then the same statement.
    const code = '990000000017';
    await sql`INSERT INTO payments.payment_order (id, code, payee_agency, concept, amount_minor, currency, expires_at)
      VALUES (gen_random_uuid(), ${code}, 'SEGIP', 'Medición', 5000, 'BOB', now() + interval '1 day')`.execute(t.app.tambo.deps.db);
    const cold = await countStatements(() => pay(code));
    assert.equal(cold.count, 2, cold.statements.join('\n'));
    assert.match(cold.statements[0]!, /^select "id", "code", "payee_agency"/);
    // Known or not, the database decides the state: the same payment again pays nothing twice.
    const again = await postNotification(t, 'SEGIP', signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: creating.result, amountMinor: 5000 }));
    assert.equal(((await again.json()) as { result: string }).result, 'duplicate');
  });
});
