// The withdrawal period over real HTTP with the payments sandbox (docs/marketplace.md,
// "Withdrawal"): orders are placed through the use case and paid at the sandbox; the post
// delivers through its API; the buyer sees the deadline on her orders and withdraws (a burst of
// twenty posts withdraws once and registers one return parcel); the return delivered back
// refunds once under twenty parallel events; past the deadline the form refuses with a message
// on the field, the input kept.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { getAgency, saveAgency } from '../agencies/index.ts';
import { findAccount } from '../identity/index.ts';
import { payAtSandbox, type PaymentsTestApp } from '../payments/payments.test-helpers.ts';
import { BASKET, startMarketplaceApp } from './marketplace.test-helpers.ts';
import { buy, onCaseDecided, onTrackingEvent } from './marketplace.service.ts';

let t: PaymentsTestApp;
let postToken = '';
const db = () => t.app.tambo.deps.db;

before(async () => {
  ({ t, postToken } = await startMarketplaceApp({ skipSeedEvents: true }));
});
after(async () => {
  await t?.close();
});

const report = (number: string, kind: string, at = new Date()) =>
  fetch(`${t.baseUrl}/api/v1/postal/shipments/${number}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${postToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind, occurredAt: at.toISOString(), officeCode: 'AGBC-CBA' }),
  });

const purchase = async (id: string) =>
  (
    await sql<{
      status: string;
      return_number: string | null;
      payment_code: string;
      quantity: number;
    }>`SELECT status, return_number, payment_code, (SELECT sum(quantity)::int FROM marketplace.purchase_line WHERE purchase_id = o.id) AS quantity FROM marketplace.purchase o WHERE id = ${id}`.execute(
      db(),
    )
  ).rows[0]!;
const stock = async () => (await sql<{ stock: number }>`SELECT stock FROM marketplace.product WHERE id = ${BASKET}`.execute(db())).rows[0]!.stock;

/** A signed-in buyer with a delivered order of the cooperative's basket (placed by the use case, paid at the sandbox, delivered by the post's API). */
async function deliveredOrder(name: string): Promise<{ browser: HttpSession; buyerId: string; id: string; code: string }> {
  const documentNumber = newDocument();
  const email = `${name}-${documentNumber}@prueba.bo`.toLowerCase();
  const buyerId = await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Prueba', email });
  const browser = new HttpSession();
  await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  const account = (await findAccount(t.app.tambo.deps, buyerId))!;
  const placed = (await buy(t.app.tambo.deps, account, BASKET, { quantity: '1', delivery: 'post', office: 'AGBC-CBA', address: 'Calle Sucre 123, Cochabamba' }))!;
  await payAtSandbox(t, browser, placed.paymentCode!);
  await t.drain();
  const shipped = await sql<{ shipment_number: string }>`SELECT shipment_number FROM marketplace.purchase WHERE id = ${placed.id}`.execute(db());
  assert.equal((await report(shipped.rows[0]!.shipment_number, 'delivered')).status, 201);
  await t.drain();
  assert.equal((await purchase(placed.id)).status, 'delivered');
  return { browser, buyerId, id: placed.id, code: placed.paymentCode! };
}

function withdrawalForm(html: string, id: string) {
  return formsIn(html)[formIndex(html, (f) => f.action === `/mercado/pedidos/${id}/desistimiento`)]!;
}

it('withdraws within the period once, sends the parcel back by post, and refunds once when it arrives', async () => {
  const { browser, buyerId, id, code } = await deliveredOrder('Desiste');
  const stockBefore = await stock();
  const page = await (await browser.request(`${t.baseUrl}/mercado/pedidos`)).text();
  assert.match(page, /Puede desistir de esta compra hasta el \d+ de \w+ de \d{4}/, 'the deadline is shown');
  const form = withdrawalForm(page, id);
  const send = () =>
    browser.request(`${t.baseUrl}${form.action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, motivo: 'No era la talla' }).toString(),
    });
  const burst = await Promise.all(Array.from({ length: 20 }, send));
  assert.deepEqual(burst.map((r) => r.status).sort(), [303, ...Array(19).fill(422)]);
  const refused = await burst.find((r) => r.status === 422)!.text();
  assert.match(refused, /Ya desistió de esta compra/);
  const withdrawn = await purchase(id);
  assert.equal(withdrawn.status, 'withdrawn');
  assert.match(withdrawn.return_number ?? '', /^CP\d{9}BO$/);
  const returns = await sql<{ n: number; origin: string; destination: string }>`SELECT count(*)::int AS n, min(origin_office) AS origin, min(destination_office) AS destination
    FROM postal.shipment WHERE source_key = ${`marketplace-return:${id}`}`.execute(db());
  assert.deepEqual(returns.rows[0], { n: 1, origin: 'AGBC-CBA', destination: 'AGBC-LPZ' }, 'one return parcel, from the buyer’s office to the seller’s');
  assert.match(await (await browser.request(`${t.baseUrl}/mercado/pedidos`)).text(), new RegExp(`href="/envios/${withdrawn.return_number}"`));
  assert.equal((await purchase(id)).status, 'withdrawn', 'not refunded before the parcel is back');

  // The post delivers the return back to the seller; the event reaches the marketplace twenty times at once.
  const returnNumber = withdrawn.return_number!;
  const at = new Date();
  assert.equal((await report(returnNumber, 'delivered', at)).status, 201);
  await Promise.all([t.drain(), ...Array.from({ length: 20 }, () => onTrackingEvent(t.app.tambo.deps, { number: returnNumber, kind: 'delivered', occurredAt: at.toISOString() }))]);
  await t.drain();
  assert.equal((await purchase(id)).status, 'refunded');
  assert.equal(t.sandbox.settlement.filter((s) => s.orderCode === code && s.kind === 'refund').length, 1, 'one refund at the gateway');
  const ledger = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM payments.payment_event e JOIN payments.payment_order o ON o.id = e.order_id WHERE o.code = ${code} AND e.kind = 'refunded'`.execute(db());
  assert.equal(ledger.rows[0]!.n, 1);
  const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'marketplace.order_refunded' AND subject_id = ${id}`.execute(db());
  assert.equal(audited.rows[0]!.n, 1);
  assert.equal(await stock(), stockBefore + 1, 'the unit is back in stock once');
  const told = await sql<{ subject: string }>`SELECT subject FROM mailbox.message WHERE recipient_account_id = ${buyerId} ORDER BY created_at`.execute(db());
  const subjects = told.rows.map((r) => r.subject);
  assert.equal(subjects.filter((s) => s.includes(`devolución ${returnNumber}`)).length, 1, subjects.join(' | '));
  assert.equal(subjects.filter((s) => s.includes('Le reembolsamos')).length, 1, subjects.join(' | '));
});

it('refuses a withdrawal past the period at the form, with the message on the field and the input kept', async () => {
  const { browser, id } = await deliveredOrder('Tardia');
  const form = withdrawalForm(await (await browser.request(`${t.baseUrl}/mercado/pedidos`)).text(), id);
  // Delivered eight days ago: the Bolivian profile gives seven.
  await sql`UPDATE marketplace.purchase SET delivered_at = now() - interval '8 days' WHERE id = ${id}`.execute(db());
  const page = await (await browser.request(`${t.baseUrl}/mercado/pedidos`)).text();
  assert.match(page, /El plazo para desistir de esta compra terminó el/);
  assert.equal(
    formsIn(page).some((f) => f.action.endsWith('/desistimiento')),
    false,
    'no form once the period is over',
  );
  const late = await browser.request(`${t.baseUrl}${form.action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.hidden, motivo: 'Cambié de idea' }).toString(),
  });
  assert.equal(late.status, 422);
  const html = await late.text();
  assert.match(html, /href="#campo-motivo"/);
  assert.match(html, /ya no puede desistir/);
  assert.match(html, /Cambié de idea/, 'what was typed is kept');
  assert.equal((await purchase(id)).status, 'delivered');
  const returns = await sql<{ n: number }>`SELECT count(*)::int AS n FROM postal.shipment WHERE source_key = ${`marketplace-return:${id}`}`.execute(db());
  assert.equal(returns.rows[0]!.n, 0, 'no return parcel');
});

it('shows the seller her orders and records the hand-over of a paid pickup order once', async () => {
  const COOPERATIVE_SHOP = '01900000-0000-7000-8000-00000000a001';
  const documentNumber = newDocument();
  const email = `recoge-${documentNumber}@prueba.bo`;
  const buyerId = await testAccount(t.app.tambo.deps, { documentNumber, givenName: 'Recoge', familyName: 'Prueba', email });
  const buyer = new HttpSession();
  await signInPortal(t, buyer, email, TEST_ACCOUNT_PASSWORD);
  const account = (await findAccount(t.app.tambo.deps, buyerId))!;
  const pickup = { quantity: '1', delivery: 'pickup', office: '', address: '' };
  const paid = (await buy(t.app.tambo.deps, account, BASKET, pickup))!;
  const unpaid = (await buy(t.app.tambo.deps, account, BASKET, pickup))!;
  const byPost = (await buy(t.app.tambo.deps, account, BASKET, { quantity: '1', delivery: 'post', office: 'AGBC-CBA', address: 'Calle Sucre 123, Cochabamba' }))!;
  await payAtSandbox(t, buyer, paid.paymentCode!);
  await t.drain();
  assert.equal((await purchase(paid.id)).status, 'paid');

  const seller = new HttpSession();
  await signInPortal(t, seller, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
  const base = `${t.baseUrl}/mercado/vender/${COOPERATIVE_SHOP}/pedidos`;
  const list = await (await seller.request(base)).text();
  assert.match(list, new RegExp(`href="/mercado/vender/${COOPERATIVE_SHOP}/pedidos/${paid.id}"`));
  assert.match(list, /Pagado: por entregar al comprador/);
  assert.match(list, /Esperando el pago/);
  assert.equal((await buyer.request(base)).status, 403, 'only the seller sees her orders');
  const html = await (await seller.request(`${base}/${paid.id}`)).text();
  assert.match(html, /Recoge Prueba/, 'the buyer’s name, to hand it over');
  const form = formsIn(html)[formIndex(html, (f) => f.action.endsWith('/entrega'))]!;
  const handOver = (id: string, fields: Record<string, string>) =>
    seller.request(`${base}/${id}/entrega`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, ...fields }).toString(),
    });
  const unconfirmed = await handOver(paid.id, {});
  assert.equal(unconfirmed.status, 422);
  assert.match(await unconfirmed.text(), /href="#campo-entregado"/);
  assert.match(await (await handOver(unpaid.id, { entregado: '1' })).text(), /todavía no está pagado/);
  assert.match(await (await handOver(byPost.id, { entregado: '1' })).text(), /se entrega en la oficina de correos/);

  const burst = await Promise.all(Array.from({ length: 20 }, () => handOver(paid.id, { entregado: '1' })));
  assert.deepEqual(burst.map((r) => r.status).sort(), [303, ...Array(19).fill(422)]);
  assert.match(await burst.find((r) => r.status === 422)!.text(), /ya fue entregado/);
  assert.equal((await purchase(paid.id)).status, 'delivered');
  const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'marketplace.order_handed_over' AND subject_id = ${paid.id}`.execute(db());
  assert.equal(audited.rows[0]!.n, 1);
  const orders = await (await buyer.request(`${t.baseUrl}/mercado/pedidos`)).text();
  assert.match(orders, /Puede desistir de esta compra hasta el/, 'collected: the withdrawal period starts');
  assert.ok(
    formsIn(orders).some((f) => f.action === `/mercado/pedidos/${paid.id}/valoracion`),
    'and the rating',
  );
});

it('turns a dispute into one case of the platform’s operator; its approval refunds once', async () => {
  const deps = t.app.tambo.deps;
  const operator = deps.country.platformAgency;
  if (!(await getAgency(deps, operator).catch(() => undefined))) {
    await saveAgency(deps, { code: operator, name: operator, acronym: operator, kind: 'national', territoryCode: null, mission: 'Prueba' }, { type: 'system', id: 'test' });
  }
  const documentNumber = newDocument();
  const email = `reclama-${documentNumber}@prueba.bo`;
  const buyerId = await testAccount(deps, { documentNumber, givenName: 'Reclama', familyName: 'Prueba', email });
  const buyer = new HttpSession();
  await signInPortal(t, buyer, email, TEST_ACCOUNT_PASSWORD);
  const placed = (await buy(deps, (await findAccount(deps, buyerId))!, BASKET, { quantity: '1', delivery: 'post', office: 'AGBC-CBA', address: 'Calle Sucre 123, Cochabamba' }))!;
  await payAtSandbox(t, buyer, placed.paymentCode!);
  await t.drain();
  assert.equal((await purchase(placed.id)).status, 'shipped');
  assert.match(await (await buyer.request(`${t.baseUrl}/mercado/pedidos`)).text(), new RegExp(`href="/mercado/pedidos/${placed.id}/reclamo"`));

  const html = await (await buyer.request(`${t.baseUrl}/mercado/pedidos/${placed.id}/reclamo`)).text();
  const form = formsIn(html)[formIndex(html, (f) => f.action.endsWith('/reclamo'))]!;
  const send = (fields: Record<string, string>) =>
    buyer.request(`${t.baseUrl}${form.action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, ...fields }).toString(),
    });
  const empty = await send({ detalle: 'corto' });
  assert.equal(empty.status, 422);
  const emptyHtml = await empty.text();
  assert.match(emptyHtml, /href="#campo-motivo_reclamo"/);
  assert.match(emptyHtml, /href="#campo-detalle"/);
  assert.match(emptyHtml, />corto</, 'what was typed is kept');
  const burst = await Promise.all(Array.from({ length: 20 }, () => send({ motivo_reclamo: 'not_received', detalle: 'Pasaron tres semanas y el paquete no llegó.' })));
  assert.deepEqual(burst.map((r) => r.status).sort(), [303, ...Array(19).fill(422)]);
  assert.match(await burst.find((r) => r.status === 422)!.text(), /Ya reclamó por este pedido/);
  const cases = await sql<{
    n: number;
    code: string;
    agency: string;
    due: boolean;
  }>`SELECT count(*)::int AS n, min(c.tracking_code) AS code, min(c.agency_code) AS agency, bool_and(c.due_date IS NOT NULL) AS due
    FROM cases.case c WHERE c.account_id = ${buyerId}`.execute(db());
  assert.deepEqual({ ...cases.rows[0], code: undefined }, { n: 1, code: undefined, agency: operator, due: true }, 'one case, with its legal time');
  const code = cases.rows[0]!.code;
  assert.match(await (await buyer.request(`${t.baseUrl}/mercado/pedidos`)).text(), new RegExp(`href="/mis-tramites/${code}"`));

  // The operator's official takes the case and approves it; the decision's event arrives twenty times at once.
  const officialEmail = `resuelve-${newDocument()}@prueba.bo`;
  await testAccount(deps, { documentNumber: newDocument(), givenName: 'Resuelve', familyName: 'Prueba', email: officialEmail, roles: [{ role: 'case_handler', agencyCode: operator }] });
  const official = new HttpSession();
  await signInPortal(t, official, officialEmail, TEST_ACCOUNT_PASSWORD);
  const act = async (transition: string, extra: Record<string, string> = {}) => {
    const page = await (await official.request(`${t.baseUrl}/gestion/expedientes/${code}`)).text();
    const response = await official.submit(
      `${t.baseUrl}/gestion/expedientes/${code}`,
      page,
      extra,
      formIndex(page, (f) => f.action.endsWith('/accion') && f.hidden.transition === transition),
    );
    assert.equal(response.status, 303, transition);
  };
  await act('take');
  await act('approve', { 'reason-approve': 'El correo confirma que el paquete se perdió.' });
  const decided = await sql<{ id: string; topic: string; payload: Record<string, unknown>; created_at: Date }>`SELECT id, topic, payload, created_at FROM platform.outbox
    WHERE topic = 'cases.decided' AND payload->>'trackingCode' = ${code}`.execute(db());
  const event = { id: Number(decided.rows[0]!.id), topic: 'cases.decided', payload: decided.rows[0]!.payload, createdAt: decided.rows[0]!.created_at };
  await Promise.all([t.drain(), ...Array.from({ length: 20 }, () => onCaseDecided(event, deps))]);
  await t.drain();
  assert.equal((await purchase(placed.id)).status, 'refunded');
  assert.equal(t.sandbox.settlement.filter((s) => s.orderCode === placed.paymentCode && s.kind === 'refund').length, 1, 'one refund at the gateway');
  const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'marketplace.dispute_refunded' AND subject_id = ${placed.id}`.execute(db());
  assert.equal(audited.rows[0]!.n, 1);
  const told = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM mailbox.message WHERE recipient_account_id = ${buyerId} AND subject LIKE 'Le reembolsamos%' AND body LIKE ${`%${code}%`}`.execute(db());
  assert.equal(told.rows[0]!.n, 1);
});
