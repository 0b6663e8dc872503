// Supplier subscriptions over real HTTP: a representative acting for a unit subscribes it to a CPV
// code in a territory (a burst of 20 stores one; bad input is shown on its fields; someone not
// acting for a unit, or a form without its CSRF token, is refused); a new need of that code in that
// territory, or one inside it, reaches the subscriber's mailbox once through the outbox job (a
// retried job sends nothing twice), and nobody else's; an unsubscribed unit hears of nothing more.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { formsIn } from '../../../test/helpers/http-client.ts';
import { procurementTestApp } from './procurement.test-helpers.ts';
import { notifySubscribers } from './subscriptions.service.ts';

const { app, db, person, supplier, publish, postDirect } = procurementTestApp();
const QUINOA = '03211900-2';
const RICE = '03211300-6';

const noticesOf = async (accountId: string) =>
  (
    await sql<{
      subject: string;
      body: string;
    }>`SELECT subject, body FROM mailbox.message WHERE recipient_account_id = ${accountId} AND client_id = 'tambo:procurement' ORDER BY made_available_at`.execute(db())
  ).rows;

it('subscribes a unit to a CPV code in a territory, and tells its representative of each new matching need once', async () => {
  const officer = await person('Oficial', { agency: 'AGETIC' });
  const coop = await supplier('Quinuera', 'cooperativa');
  const rice = await supplier('Arrocera', 'srl');
  const nobody = await person('Suelto');
  const url = `${app().baseUrl}/compras/suscripciones`;

  // Bad input: shown on its fields, what was typed kept.
  const page = await (await coop.browser.request(url)).text();
  const index = formsIn(page).findIndex((f) => f.action.split('#')[0] === '/compras/suscripciones');
  const bad = await coop.browser.submit(url, page, { cpvCode: '99999999-9', territoryCode: 'La Paz' }, index);
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, /href="#campo-cpvCode"/);
  assert.match(badHtml, /href="#campo-territoryCode"/);
  assert.match(badHtml, /value="La Paz"/);

  // A burst of 20 identical subscriptions stores one (the whole country: BO contains BO-L).
  const burst = await Promise.all(Array.from({ length: 20 }, () => coop.browser.submit(url, page, { cpvCode: QUINOA, territoryCode: 'bo' }, index)));
  assert.deepEqual([...new Set(burst.map((r) => r.status))], [303]);
  const rows = (
    await sql<{ id: string; territory_code: string; supplier_key: string }>`SELECT id, territory_code, supplier_key FROM procurement.subscription WHERE account_id = ${coop.id}`.execute(db())
  ).rows;
  assert.deepEqual(
    rows.map((r) => [r.supplier_key, r.territory_code]),
    [[coop.nit, 'BO']],
  );
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'procurement.subscribed' AND actor_id = ${coop.id}`.execute(db())).rows[0]!.n, 1);
  assert.match(await (await coop.browser.request(url)).text(), /03211900-2 Cereales en grano/);
  assert.equal((await rice.browser.submit(url, await (await rice.browser.request(url)).text(), { cpvCode: RICE, territoryCode: 'BO-L' }, index)).status, 303);

  // Refused: not acting for a unit; a form without its CSRF token.
  assert.equal((await postDirect(nobody.browser, '/compras/suscripciones', { cpvCode: QUINOA, territoryCode: 'BO' })).status, 403);
  const forged = await coop.browser.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ cpvCode: RICE, territoryCode: 'BO' }).toString(),
  });
  assert.equal(forged.status, 403);
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.subscription WHERE cpv_code = ${RICE} AND account_id = ${coop.id}`.execute(db())).rows[0]!.n, 0);

  // A need of quinoa delivered in BO-L: the quinoa cooperative is told, once; the rice firm is not.
  const { id } = await publish(officer.browser, { cpvCode: QUINOA, territoryCode: 'BO-L' });
  await app().drain();
  const notices = await noticesOf(coop.id);
  assert.equal(notices.length, 1);
  assert.match(notices[0]!.subject, /Quinua en grano para el desayuno escolar/);
  assert.ok(notices[0]!.body.includes(`/compras/${id}`), 'the notice links to the process');
  assert.equal((await noticesOf(rice.id)).length, 0);
  // A retried job (the same event again) sends nothing twice.
  const [event] = (
    await sql<{
      id: string;
      payload: Record<string, unknown>;
      created_at: Date;
    }>`SELECT id, payload, created_at FROM platform.outbox WHERE topic = 'procurement.tender_published' AND payload->>'tenderId' = ${id}`.execute(db())
  ).rows;
  assert.ok(event, 'the publication wrote its event');
  await notifySubscribers({ id: Number(event.id), topic: 'procurement.tender_published', payload: event.payload, createdAt: event.created_at }, app().app.tambo.deps);
  assert.equal((await noticesOf(coop.id)).length, 1);

  // Unsubscribed (only by its owner): the next need reaches nobody.
  assert.equal((await postDirect(rice.browser, `/compras/suscripciones/${rows[0]!.id}/baja`, {})).status, 404);
  assert.equal((await postDirect(coop.browser, `/compras/suscripciones/${rows[0]!.id}/baja`, {})).status, 303);
  await publish(officer.browser, { cpvCode: QUINOA, territoryCode: 'BO-L' });
  await app().drain();
  assert.equal((await noticesOf(coop.id)).length, 1);
});
