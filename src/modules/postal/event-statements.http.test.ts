// The write pattern's regression test for postal tracking: a tracking event reported through
// the API makes at most 3 statements (the shipment, the event with its audit entry and outbox
// event in one statement, the history read back for the answer; the token check is cached),
// where it made 5: the answer read the shipment again and looked up offices it never showed.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { addPaymentsClient, clientToken, type PaymentsTestApp } from '../payments/payments.test-helpers.ts';
import { seedTerritories } from '../territories/territory.service.ts';
import { registerShipment } from './postal.service.ts';
import { ensurePost } from './postal.seed.ts';

let t: TestApp & { baseUrl: string };
let token = '';
before(async () => {
  t = await listenTestApp();
  await seedTerritories(t.app.tambo.deps);
  await ensurePost(t.app.tambo.deps);
  token = await clientToken(t as PaymentsTestApp, await addPaymentsClient(t, 'AGBC', ['postal:track']), 'postal:track');
});
after(async () => t?.close());

it('a tracking event through the API makes at most 3 statements (5 before) and answers the whole history', async () => {
  const { shipment } = await registerShipment(
    t.app.tambo.deps,
    { type: 'system', id: 'test' },
    { kind: 'parcel', originOffice: 'AGBC-LPZ', destinationOffice: 'AGBC-CBA', addresseeName: 'Destinataria', address: 'Calle 1' },
    { source: 'test' },
  );
  const report = (minutes: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/postal/shipments/${shipment.number}/events`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: { kind: 'in_transit', occurredAt: new Date(shipment.acceptedAt.getTime() + minutes * 60_000).toISOString(), officeCode: 'AGBC-LPZ' },
    });
  assert.equal((await report(1)).statusCode, 201); // warm what a running server has warm
  const { result, count, statements } = await countStatements(() => report(2));
  assert.equal(result.statusCode, 201);
  assert.ok(count <= 3, `at most 3 statements, got ${count}:\n${statements.join('\n')}`);
  const body = result.json() as { number: string; state: string; origin: { office: string; territory: string }; events: Array<{ kind: string }> };
  assert.equal(body.number, shipment.number);
  assert.deepEqual(
    body.events.map((e) => e.kind),
    ['accepted', 'in_transit', 'in_transit'],
  );
  assert.equal(body.state, 'in_transit');
  assert.deepEqual(body.origin, { office: 'AGBC-LPZ', territory: shipment.originPath.at(-1) });
});
