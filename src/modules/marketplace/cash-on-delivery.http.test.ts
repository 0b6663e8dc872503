// Cash on delivery over real HTTP (docs/marketplace.md, "Cash on delivery"; docs/postal.md): the
// buyer chooses it on the product's form where the country profile allows it (by post only,
// errors on the field, input kept); no payment order; the parcel goes to the post at once with
// the amount to collect; the post's API refuses a plain delivery or a wrong amount and records
// `delivered_collected` once; twenty parallel events make the order paid once.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { isAppError } from '../../platform/errors.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { findAccount } from '../identity/index.ts';
import type { PaymentsTestApp } from '../payments/payments.test-helpers.ts';
import { registerShipment } from '../postal/index.ts';
import { buy, onTrackingEvent } from './marketplace.service.ts';
import { marketplaceStats } from './marketplace.stats.ts';
import { BASKET, startMarketplaceApp } from './marketplace.test-helpers.ts';

let t: PaymentsTestApp;
let postToken = '';
const db = () => t.app.tambo.deps.db;

before(async () => {
  ({ t, postToken } = await startMarketplaceApp({ skipSeedEvents: true }));
});
after(async () => {
  await t?.close();
});

const report = (number: string, body: Record<string, unknown>) =>
  fetch(`${t.baseUrl}/api/v1/postal/shipments/${number}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${postToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ officeCode: 'AGBC-CBA', ...body }),
  });

async function postForm(browser: HttpSession, page: string, fields: Array<[string, string]>): Promise<Response> {
  const html = await (await browser.request(`${t.baseUrl}${page}`)).text();
  const form = formsIn(html)[formIndex(html, (f) => f.action.endsWith('/comprar'))]!;
  const body = new URLSearchParams(Object.entries(form.hidden));
  for (const [k, v] of fields) body.append(k, v);
  return browser.request(`${t.baseUrl}${form.action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

it('pays on delivery: no payment order, the parcel carries the amount, the post collects it once and the order is paid once', async () => {
  const documentNumber = newDocument();
  const email = `contraentrega-${documentNumber}@prueba.bo`.toLowerCase();
  const buyerId = await testAccount(t.app.tambo.deps, { documentNumber, givenName: 'Contra', familyName: 'Entrega', email });
  const browser = new HttpSession();
  await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  const page = `/mercado/productos/${BASKET}`;
  const productHtml = await (await browser.request(`${t.baseUrl}${page}`)).text();
  assert.match(productHtml, /name="pago" type="radio" value="cash_on_delivery"/, 'the Bolivian profile offers cash on delivery');

  // Only by post: a pickup with cash on delivery is refused on the field, the input kept.
  const refused = await postForm(browser, page, [
    ['cantidad', '1'],
    ['entrega', 'pickup'],
    ['oficina', ''],
    ['direccion', ''],
    ['pago', 'cash_on_delivery'],
  ]);
  assert.ok(refused.status >= 400, String(refused.status));
  const refusedHtml = await refused.text();
  assert.match(refusedHtml, /href="#campo-pago"/);
  assert.match(refusedHtml, /solo para envíos por Correos/);
  assert.match(refusedHtml, /name="pago" type="radio" value="cash_on_delivery" checked/);

  const review = await postForm(browser, page, [
    ['cantidad', '1'],
    ['entrega', 'post'],
    ['oficina', 'AGBC-CBA'],
    ['direccion', 'Calle Sucre 123, Cochabamba'],
    ['pago', 'cash_on_delivery'],
  ]);
  assert.equal(review.status, 200);
  const reviewHtml = await review.text();
  assert.match(reviewHtml, /Contra entrega/);
  assert.match(reviewHtml, /Confirmar el pedido \(pago contra entrega\)/);
  const placed = await browser.submit(
    `${t.baseUrl}${page}`,
    reviewHtml,
    {},
    formIndex(reviewHtml, (f) => f.hidden.confirmar === '1'),
  );
  assert.equal(placed.status, 303);
  assert.equal(placed.headers.get('location'), '/mercado/pedidos', 'nothing to pay online');
  const orders = await sql<{ id: string; payment_order_id: string | null; total_minor: string }>`SELECT id, payment_order_id, total_minor FROM marketplace.purchase
    WHERE buyer_account_id = ${buyerId} AND payment_method = 'cash_on_delivery'`.execute(db());
  assert.equal(orders.rows.length, 1);
  const order = orders.rows[0]!;
  assert.equal(order.payment_order_id, null);
  const paymentOrders = await sql<{ n: number }>`SELECT count(*)::int AS n FROM payments.payment_order WHERE payer_account_id = ${buyerId}`.execute(db());
  assert.equal(paymentOrders.rows[0]!.n, 0, 'no online payment');

  // Handed to the post at once, the parcel carrying the amount to collect.
  await t.drain();
  const parcel = await sql<{ number: string; collect_minor: string; status: string }>`SELECT s.number, s.collect_minor, o.status FROM marketplace.purchase o
    JOIN postal.shipment s ON s.number = o.shipment_number WHERE o.id = ${order.id}`.execute(db());
  const { number, collect_minor: collect, status } = parcel.rows[0]!;
  assert.equal(Number(collect), Number(order.total_minor));
  assert.equal(status, 'shipped');
  assert.match(await (await browser.request(`${t.baseUrl}/mercado/pedidos`)).text(), new RegExp(`href="/envios/${number}"`));

  // The post's API: a plain delivery, a wrong amount or no amount is refused; the right one is recorded once.
  const at = new Date().toISOString();
  assert.equal((await report(number, { kind: 'delivered', occurredAt: at })).status, 400);
  assert.equal((await report(number, { kind: 'delivered_collected', occurredAt: at, amountMinor: Number(collect) - 100 })).status, 400);
  assert.equal((await report(number, { kind: 'delivered_collected', occurredAt: at })).status, 400);
  const salesBefore = (await readStat(db(), marketplaceStats.sales, { territory: 'BO-C', where: { seller_kind: 'community' } }))[0]?.count ?? 0;
  const burst = await Promise.all(Array.from({ length: 20 }, () => report(number, { kind: 'delivered_collected', occurredAt: at, amountMinor: Number(collect) })));
  assert.deepEqual(burst.map((r) => r.status).sort(), [200, ...Array(19).fill(200)].map((s, i) => (i === 0 ? 201 : s)).sort());
  // The event reaches the marketplace twenty more times at once: the order is paid once.
  await Promise.all([t.drain(), ...Array.from({ length: 20 }, () => onTrackingEvent(t.app.tambo.deps, { number, kind: 'delivered_collected', occurredAt: at, collectedMinor: Number(collect) }))]);
  await t.drain();
  const done = await sql<{ status: string; paid: boolean; delivered: boolean }>`SELECT status, paid_at IS NOT NULL AS paid, delivered_at IS NOT NULL AS delivered
    FROM marketplace.purchase WHERE id = ${order.id}`.execute(db());
  assert.deepEqual(done.rows[0], { status: 'delivered', paid: true, delivered: true });
  const audited = await sql<{ data: { paymentMethod: string; collectedMinor: number } }>`SELECT data FROM audit.entry WHERE action = 'marketplace.order_paid' AND subject_id = ${order.id}`.execute(
    db(),
  );
  assert.equal(audited.rows.length, 1, 'paid once');
  assert.deepEqual(audited.rows[0]!.data, { paymentMethod: 'cash_on_delivery', collectedMinor: Number(collect), shipment: number });
  const salesAfter = (await readStat(db(), marketplaceStats.sales, { territory: 'BO-C', where: { seller_kind: 'community' } }))[0]?.count ?? 0;
  assert.equal(salesAfter, salesBefore + 1, 'the sale is counted once');
  const history = (await (await fetch(`${t.baseUrl}/api/v1/postal/shipments/${number}`)).json()) as { state: string; events: Array<{ kind: string }> };
  assert.equal(history.state, 'delivered_collected');
  assert.equal(history.events.filter((e) => e.kind === 'delivered_collected').length, 1);

  // A parcel with nothing to collect is not "delivered and collected"; a profile without cash on delivery refuses it.
  const plain = await registerShipment(
    t.app.tambo.deps,
    { type: 'system', id: 'test' },
    { kind: 'parcel', originOffice: 'AGBC-LPZ', destinationOffice: 'AGBC-CBA', addresseeName: 'Sin Cobro', address: 'Calle Sucre 1, Cochabamba' },
  );
  assert.equal((await report(plain.shipment.number, { kind: 'delivered_collected', occurredAt: at, amountMinor: 100 })).status, 400);
  const buyer = (await findAccount(t.app.tambo.deps, buyerId))!;
  const venezuelaLike = { ...t.app.tambo.deps, country: { ...t.app.tambo.deps.country, cashOnDelivery: false } };
  await assert.rejects(
    buy(venezuelaLike, buyer, BASKET, { quantity: '1', delivery: 'post', office: 'AGBC-CBA', address: 'Calle Sucre 123, Cochabamba', payment: 'cash_on_delivery' }),
    (e) => isAppError(e) && e.code === 'VALIDATION_FAILED' && e.fields.some((f) => f.field === 'pago'),
  );
});
