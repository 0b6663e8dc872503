// The marketplace over real HTTP with the payments sandbox: a person applies to sell and a
// marketplace administrator of her territory approves (one of another territory may not); she
// lists a product (errors on the fields, input kept); a buyer sees the final price with delivery,
// orders the demo cooperative's quinoa, pays at the sandbox; the order goes to the post, follows
// the parcel's events (one twice, one out of order), the buyer is told and rates once; twenty
// parallel buys of the last unit sell one; a burst of one form places one order.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { payAtSandbox, type PaymentsTestApp } from '../payments/payments.test-helpers.ts';
import { startMarketplaceApp } from './marketplace.test-helpers.ts';
import { marketplaceStats } from './marketplace.stats.ts';

const QUINOA = '01900000-0000-7000-8000-00000000b001';
let t: PaymentsTestApp;
let postToken = '';
const db = () => t.app.tambo.deps.db;

before(async () => {
  ({ t, postToken } = await startMarketplaceApp());
});
after(async () => {
  await t?.close();
});

async function person(name: string, extra: Parameters<typeof testAccount>[1] extends infer P ? Partial<P> : never = {}): Promise<{ browser: HttpSession; id: string }> {
  const documentNumber = newDocument();
  const email = `${name}-${documentNumber}@prueba.bo`.toLowerCase();
  const id = await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Prueba', email, ...extra });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return { browser, id };
}

/** Posts the form whose action starts with `action` on `page`, with these fields (repeated names allowed). */
async function post(browser: HttpSession, page: string, action: string, fields: Array<[string, string]>): Promise<Response> {
  const html = await (await browser.request(`${t.baseUrl}${page}`)).text();
  const form = formsIn(html)[formIndex(html, (f) => f.action.startsWith(action))]!;
  const body = new URLSearchParams(Object.entries(form.hidden));
  for (const [k, v] of fields) body.append(k, v);
  return browser.request(`${t.baseUrl}${form.action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

async function approvedSeller(): Promise<{ browser: HttpSession; sellerId: string }> {
  const seller = await person('Vendedora', { territoryCode: 'BO-L-01-01' });
  const wrong = await post(seller.browser, '/mercado/vender', '/mercado/vender', [
    ['como', 'self'],
    ['oficina', ''],
    ['direccion', 'Calle Illampu 5, La Paz'],
  ]);
  assert.equal(wrong.status, 422);
  const wrongHtml = await wrong.text();
  assert.match(wrongHtml, /href="#campo-oficina"/);
  assert.match(wrongHtml, /value="Calle Illampu 5, La Paz"/, 'what was typed is kept');
  assert.equal(
    (
      await post(seller.browser, '/mercado/vender', '/mercado/vender', [
        ['como', 'self'],
        ['oficina', 'AGBC-LPZ'],
        ['direccion', 'Calle Illampu 5, La Paz'],
      ])
    ).status,
    303,
  );
  const { rows } = await sql<{ id: string }>`SELECT id FROM marketplace.seller WHERE account_id = ${seller.id}`.execute(db());
  const sellerId = rows[0]!.id;

  // An administrator of Santa Cruz may not decide a La Paz seller; one of La Paz sees and approves her.
  const other = await person('AdminSantaCruz', { roles: [{ role: 'marketplace_admin', territoryCode: 'BO-S' }] });
  assert.doesNotMatch(await (await other.browser.request(`${t.baseUrl}/mercado/admin`)).text(), /Vendedora Prueba/);
  const refused = await other.browser.request(`${t.baseUrl}/mercado/admin/${sellerId}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=approve' });
  assert.ok([403, 400].includes(refused.status), `refused: ${refused.status}`);
  const admin = await person('AdminLaPaz', { roles: [{ role: 'marketplace_admin', territoryCode: 'BO-L' }] });
  assert.match(await (await admin.browser.request(`${t.baseUrl}/mercado/admin`)).text(), /Vendedora Prueba/);
  const html = await (await admin.browser.request(`${t.baseUrl}/mercado/admin`)).text();
  const approved = await admin.browser.submit(
    `${t.baseUrl}/mercado/admin`,
    html,
    { decision: 'approve' },
    formIndex(html, (f) => f.action === `/mercado/admin/${sellerId}`),
  );
  assert.equal(approved.status, 303);
  return { browser: seller.browser, sellerId };
}

it('approves a person as seller by an administrator of her territory, who then lists a product on her shop page', async () => {
  const { browser, sellerId } = await approvedSeller();
  const page = `/mercado/vender/${sellerId}`;
  const bad = await post(browser, page, `${page}/productos`, [
    ['nombre', 'Chompa de alpaca'],
    ['descripcion', 'corta'],
    ['categoria', 'textiles'],
    ['precio', '1.500'],
    ['existencias', '3'],
  ]);
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  for (const field of ['descripcion', 'precio', 'entrega', 'territorios']) assert.match(badHtml, new RegExp(`href="#campo-${field}"`));
  assert.match(badHtml, /value="Chompa de alpaca"/);
  const fields: Array<[string, string]> = [
    ['nombre', 'Chompa de alpaca'],
    ['descripcion', 'Chompa tejida a mano con lana de alpaca.'],
    ['categoria', 'textiles'],
    ['precio', '250,50'],
    ['existencias', '3'],
    ['entrega', 'post'],
    ['territorios', 'BO-L'],
    ['territorios', 'BO-C'],
  ];
  assert.equal((await post(browser, page, `${page}/productos`, fields)).status, 303);
  const shop = await (await fetch(`${t.baseUrl}/mercado/tiendas/${sellerId}`)).text();
  assert.match(shop, /Chompa de alpaca/);
  assert.match(shop, /Calle Illampu 5, La Paz/, 'the seller’s address is public');
  const found = await (await fetch(`${t.baseUrl}/mercado?categoria=textiles&territorio=BO-C&vendedor=person`)).text();
  assert.match(found, /Chompa de alpaca/);
  assert.doesNotMatch(await (await fetch(`${t.baseUrl}/mercado?territorio=BO-S&vendedor=person`)).text(), /Chompa de alpaca/, 'not served in Santa Cruz');
  // A stranger manages nobody's shop.
  const stranger = await person('Extrana');
  assert.equal((await stranger.browser.request(`${t.baseUrl}${page}`)).status, 403);
});

it('sells the cooperative’s quinoa: final price with delivery, paid at the sandbox, shipped, followed, delivered, rated once', async () => {
  const buyer = await person('Compradora');
  const productPage = `/mercado/productos/${QUINOA}`;
  const community = await (await fetch(`${t.baseUrl}/mercado?vendedor=community`)).text();
  assert.match(community, /Quinua real/);
  const review = await post(buyer.browser, productPage, `${productPage}/comprar`, [
    ['cantidad', '2'],
    ['entrega', 'post'],
    ['oficina', 'AGBC-CBA'],
    ['direccion', 'Calle Sucre 123, Cochabamba'],
  ]);
  assert.equal(review.status, 200);
  const reviewHtml = await review.text();
  assert.match(reviewHtml, /id="total">BOB\s100,00/, 'two at 35,00 and 30,00 to another department');
  const placed = await buyer.browser.submit(
    `${t.baseUrl}${productPage}`,
    reviewHtml,
    {},
    formIndex(reviewHtml, (f) => f.hidden.confirmar === '1'),
  );
  assert.equal(placed.status, 303);
  const code = /\/pagos\/(\d+)/.exec(placed.headers.get('location') ?? '')?.[1] ?? '';
  assert.ok(code, placed.headers.get('location') ?? '');
  await payAtSandbox(t, buyer.browser, code);
  await t.drain();
  const order = async () =>
    (await sql<{ status: string; shipment_number: string | null; id: string }>`SELECT id, status, shipment_number FROM marketplace.purchase WHERE payment_code = ${code}`.execute(db())).rows[0]!;
  const shipped = await order();
  assert.equal(shipped.status, 'shipped');
  assert.match(shipped.shipment_number ?? '', /^CP\d{9}BO$/);
  const number = shipped.shipment_number!;

  // Seconds after the post accepted the parcel (when it was paid).
  const base = Date.now();
  const report = (kind: string, seconds: number) =>
    fetch(`${t.baseUrl}/api/v1/postal/shipments/${number}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${postToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind, occurredAt: new Date(base + seconds * 1000).toISOString(), officeCode: 'AGBC-CBA' }),
    });
  assert.equal((await report('at_delivery_office', 30)).status, 201);
  assert.equal((await report('at_delivery_office', 30)).status, 200, 'the same event twice is one');
  assert.equal((await report('in_transit', 10)).status, 201, 'out of order');
  await t.drain();
  assert.equal(
    (await sql<{ parcel_state: string }>`SELECT parcel_state FROM marketplace.purchase WHERE id = ${shipped.id}`.execute(db())).rows[0]!.parcel_state,
    'at_delivery_office',
    'a late event of the past does not move the order back',
  );
  assert.equal((await buyer.browser.request(`${t.baseUrl}/mercado/pedidos/${shipped.id}/valoracion`, { method: 'POST' })).status >= 400, true, 'not rated before delivery');
  assert.equal((await report('delivered', 50)).status, 201);
  await t.drain();
  assert.equal((await order()).status, 'delivered');
  const told = await sql<{ subject: string }>`SELECT subject FROM mailbox.message WHERE recipient_account_id = ${buyer.id} ORDER BY created_at`.execute(db());
  const subjects = told.rows.map((r) => r.subject);
  assert.ok(
    subjects.some((s) => s.includes(`está en camino: ${number}`)),
    subjects.join(' | '),
  );
  assert.ok(
    subjects.some((s) => s.includes('fue entregado')),
    subjects.join(' | '),
  );

  const rate = () =>
    post(buyer.browser, '/mercado/pedidos', `/mercado/pedidos/${shipped.id}/valoracion`, [
      ['estrellas', '5'],
      ['comentario', 'Muy buena quinua'],
    ]);
  assert.equal((await rate()).status, 303);
  const again = await buyer.browser.request(`${t.baseUrl}/mercado/pedidos/${shipped.id}/valoracion`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...formsIn(await (await buyer.browser.request(`${t.baseUrl}/mercado/pedidos`)).text())[0]?.hidden, estrellas: '1' }).toString(),
  });
  assert.ok(again.status >= 400, 'once per order');
  const shop = await (await fetch(`${t.baseUrl}/mercado/tiendas/01900000-0000-7000-8000-00000000a001`)).text();
  assert.match(shop, /5 de 5 \(1 opinión\)/);
  const [sales] = await readStat(db(), marketplaceStats.sales, { territory: 'BO-C', where: { seller_kind: 'community' } });
  assert.equal(sales?.count, 1);
});

it('sells the last unit once to twenty parallel buys, and places one order for a burst of one form', async () => {
  // The cooperative's second product with one unit left (its seller is payable).
  await sql`UPDATE marketplace.product SET stock = 1 WHERE id = '01900000-0000-7000-8000-00000000b002'`.execute(db());
  const buyer = await person('Apurada');
  const productPage = `/mercado/productos/01900000-0000-7000-8000-00000000b002`;
  const html = await (await buyer.browser.request(`${t.baseUrl}${productPage}`)).text();
  const form = formsIn(html)[formIndex(html, (f) => f.action.endsWith('/comprar'))]!;
  const buy = (key: string) =>
    buyer.browser.request(`${t.baseUrl}${productPage}/comprar`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, clave: key, cantidad: '1', entrega: 'pickup', confirmar: '1' }).toString(),
    });
  const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => buy(`clave-${i}-${Date.now()}`)));
  assert.deepEqual(burst.map((r) => r.status).sort(), [303, ...Array(19).fill(422)]);
  const stock = await sql<{ stock: number }>`SELECT stock FROM marketplace.product WHERE id = '01900000-0000-7000-8000-00000000b002'`.execute(db());
  assert.equal(stock.rows[0]!.stock, 0);

  await sql`UPDATE marketplace.product SET stock = 5 WHERE id = '01900000-0000-7000-8000-00000000b002'`.execute(db());
  const key = `misma-${Date.now()}`;
  const same = await Promise.all(Array.from({ length: 20 }, () => buy(key)));
  assert.ok(same.every((r) => r.status === 303));
  const orders = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM marketplace.purchase WHERE buyer_account_id = (SELECT buyer_account_id FROM marketplace.purchase o JOIN marketplace.purchase_line l ON l.purchase_id = o.id WHERE l.product_id = '01900000-0000-7000-8000-00000000b002' ORDER BY o.created_at DESC LIMIT 1)`.execute(
    db(),
  );
  assert.equal(orders.rows[0]!.n, 2, 'one from the race, one from the burst of one form');
});
