// The cart over real HTTP with the payments sandbox (docs/marketplace.md, "Buying"): a person not
// signed in is sent to sign in and back; lines added, changed and removed with errors on the
// fields and the input kept; the checkout of two sellers shows the final prices (nothing written),
// then places two orders with two payment orders, once for twenty parallel posts of the form;
// both paid at the sandbox, two parcels go to the post. A line out of stock places nothing.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { configurePersonPayee } from '../payments/index.ts';
import { MERCHANT_SECRET, type PaymentsTestApp, payAtSandbox } from '../payments/payments.test-helpers.ts';
import { isAppError } from '../../platform/errors.ts';
import { reviewCart } from './cart.service.ts';
import { placeOrders } from './marketplace.service.ts';
import { personShopWithScarf, signedInPerson, startMarketplaceApp } from './marketplace.test-helpers.ts';

const QUINOA = '01900000-0000-7000-8000-00000000b001';
const BASKET = '01900000-0000-7000-8000-00000000b002';
let t: PaymentsTestApp;
const deps = () => t.app.tambo.deps;
const db = () => deps().db;
/** A person selling as herself in La Paz, payable, with a scarf served in La Paz and Cochabamba. */
let scarf = '';
let weaver = '';

before(async () => {
  ({ t } = await startMarketplaceApp({ skipSeedEvents: true, otherMerchants: ['TEJEDORA'] }));
  const { seller, shop, product } = await personShopWithScarf(t, 'Tejedora', '10');
  weaver = shop.id;
  scarf = product.id;
  await configurePersonPayee(deps(), seller.account, { treasuryAccount: 'BUN-7788', gatewayUrl: t.sandbox.url, merchantId: 'm-TEJEDORA', secret: MERCHANT_SECRET('TEJEDORA') });
});
after(async () => {
  await t?.close();
});

/** Posts the form whose action is `action` on `page`, its hidden fields (CSRF, form key) and these. */
async function post(browser: HttpSession, page: string, action: string, fields: Record<string, string>): Promise<Response> {
  const html = await (await browser.request(`${t.baseUrl}${page}`)).text();
  return browser.submit(
    `${t.baseUrl}${page}`,
    html,
    fields,
    formIndex(html, (f) => f.action === action),
  );
}
const cartLines = async (accountId: string) =>
  (await sql<{ product_id: string; quantity: number }>`SELECT product_id, quantity FROM marketplace.cart_line WHERE account_id = ${accountId} ORDER BY product_id`.execute(db())).rows;
const ordersOf = async (accountId: string) =>
  (
    await sql<{
      id: string;
      seller_id: string;
      total_minor: string;
      payment_code: string;
      status: string;
      shipment_number: string | null;
    }>`SELECT id, seller_id, total_minor, payment_code, status, shipment_number
      FROM marketplace.purchase WHERE buyer_account_id = ${accountId} ORDER BY total_minor`.execute(db())
  ).rows;

it('keeps a cart, and checks out two sellers as two orders, each paid at the sandbox and sent as its own parcel', async () => {
  // Not signed in: to sign in, and back.
  const anonymous = new HttpSession();
  const away = await anonymous.request(`${t.baseUrl}/mercado/carrito`);
  assert.equal(away.status, 303);
  assert.equal(away.headers.get('location'), `/ingresar?volver=${encodeURIComponent('/mercado/carrito')}`);
  const addAnonymous = await post(anonymous, `/mercado/productos/${QUINOA}`, `/mercado/productos/${QUINOA}/carrito`, { unidades: '1' });
  assert.equal(addAnonymous.status, 303);
  assert.equal(addAnonymous.headers.get('location'), `/ingresar?volver=${encodeURIComponent(`/mercado/productos/${QUINOA}`)}`);

  const buyer = await signedInPerson(t, 'Carrito');
  const add = (product: string, unidades: string) => post(buyer.browser, `/mercado/productos/${product}`, `/mercado/productos/${product}/carrito`, { unidades });
  const added = await add(QUINOA, '2');
  assert.equal(added.status, 303);
  assert.equal(added.headers.get('location'), '/mercado/carrito?hecho=added');
  // A quantity out of range, and more than the stock: on the field, what was typed kept.
  const wrong = await add(scarf, '999');
  assert.equal(wrong.status, 422);
  const wrongHtml = await wrong.text();
  assert.match(wrongHtml, /href="#campo-unidades"/);
  assert.match(wrongHtml, /value="999"/);
  const tooMany = await (await add(scarf, '11')).text();
  assert.match(tooMany, /No quedan suficientes unidades/);
  assert.equal((await add(scarf, '1')).status, 303);
  assert.equal((await add(BASKET, '1')).status, 303);
  // Twenty parallel posts of one "Añadir al carrito" form add once.
  const html = await (await buyer.browser.request(`${t.baseUrl}/mercado/productos/${BASKET}`)).text();
  const form = formsIn(html)[formIndex(html, (f) => f.action.endsWith('/carrito'))]!;
  const burst = await Promise.all(
    Array.from({ length: 20 }, () =>
      buyer.browser.request(`${t.baseUrl}${form.action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form.hidden, unidades: '2' }).toString(),
      }),
    ),
  );
  assert.ok(burst.every((r) => r.status === 303));
  const lines = new Map((await cartLines(buyer.id)).map((l) => [l.product_id, l.quantity]));
  assert.deepEqual([lines.get(QUINOA), lines.get(scarf), lines.get(BASKET)], [2, 1, 3], 'the burst added 2 once');

  // The cart, by seller: a quantity changed (a wrong one refused on the line, kept), a line removed.
  const cart = await (await buyer.browser.request(`${t.baseUrl}/mercado/carrito`)).text();
  assert.match(cart, /Vende: Cooperativa Agrícola Achocalla/);
  assert.match(cart, /Vende: Tejedora Prueba/);
  const badChange = await post(buyer.browser, '/mercado/carrito', `/mercado/carrito/${QUINOA}`, { [`cantidad-${QUINOA}`]: '0' });
  assert.equal(badChange.status, 422);
  const badHtml = await badChange.text();
  assert.match(badHtml, new RegExp(`href="#campo-cantidad-${QUINOA}"`));
  assert.match(badHtml, new RegExp(`id="campo-cantidad-${QUINOA}"[^>]*value="0"|value="0"[^>]*id="campo-cantidad-${QUINOA}"`));
  assert.equal((await post(buyer.browser, '/mercado/carrito', `/mercado/carrito/${QUINOA}`, { [`cantidad-${QUINOA}`]: '3' })).status, 303);
  assert.equal((await post(buyer.browser, '/mercado/carrito', `/mercado/carrito/${BASKET}/quitar`, {})).status, 303);
  assert.deepEqual(
    (await cartLines(buyer.id)).map((l) => [l.product_id, l.quantity]).sort(),
    [
      [QUINOA, 3],
      [scarf, 1],
    ].sort(),
  );
  // A line not in the cart: 404 MARKETPLACE_NOT_IN_CART.
  const csrf = { _csrf: formsIn(cart)[formIndex(cart, (f) => f.action === '/mercado/carrito/pedido')]!.hidden._csrf ?? '' };
  const missing = await buyer.browser.request(`${t.baseUrl}/mercado/carrito/${BASKET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...csrf, [`cantidad-${BASKET}`]: '1' }).toString(),
  });
  assert.equal(missing.status, 404);

  // A checkout with no lines: 409 MARKETPLACE_CART_EMPTY.
  const empty = await buyer.browser.request(`${t.baseUrl}/mercado/carrito/pedido`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...csrf, oficina: 'AGBC-CBA' }).toString(),
  });
  assert.equal(empty.status, 409);

  // Checkout: a destination the scarf's seller does not serve is refused on its line, the input kept.
  const delivery = { [`entrega-01900000-0000-7000-8000-00000000a001`]: 'post', [`entrega-${weaver}`]: 'post', direccion: 'Calle Sucre 123, Cochabamba' };
  const notServed = await post(buyer.browser, '/mercado/carrito', '/mercado/carrito/pedido', { ...delivery, oficina: 'AGBC-SCZ' });
  assert.equal(notServed.status, 422);
  const notServedHtml = await notServed.text();
  assert.match(notServedHtml, new RegExp(`href="#campo-cantidad-${scarf}"`));
  assert.match(notServedHtml, /no entrega en el departamento/);
  assert.match(notServedHtml, /value="Calle Sucre 123, Cochabamba"/);

  // The final prices first (nothing written): 3 × 35,00 + 30,00 and 120,00 + 30,00, one tariff per parcel.
  const review = await post(buyer.browser, '/mercado/carrito', '/mercado/carrito/pedido', { ...delivery, oficina: 'AGBC-CBA' });
  assert.equal(review.status, 200);
  const reviewHtml = await review.text();
  assert.match(reviewHtml, /id="total-01900000-0000-7000-8000-00000000a001">BOB\s135,00/);
  assert.match(reviewHtml, new RegExp(`id="total-${weaver}">BOB\\s150,00`));
  assert.match(reviewHtml, /id="total">BOB\s285,00/);
  assert.deepEqual(await ordersOf(buyer.id), [], 'nothing is written before the confirmation');

  // Twenty parallel confirmations of the one form place the two orders once.
  const confirm = formsIn(reviewHtml)[formIndex(reviewHtml, (f) => f.hidden.confirmar === '1')]!;
  const placed = await Promise.all(
    Array.from({ length: 20 }, () =>
      buyer.browser.request(`${t.baseUrl}${confirm.action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(confirm.hidden).toString(),
      }),
    ),
  );
  assert.ok(placed.every((r) => r.status === 303));
  assert.ok(placed.some((r) => r.headers.get('location') === '/mercado/pedidos?hecho=placed'));
  const orders = await ordersOf(buyer.id);
  assert.deepEqual(
    orders.map((o) => [o.seller_id, Number(o.total_minor)]),
    [
      ['01900000-0000-7000-8000-00000000a001', 13500],
      [weaver, 15000],
    ],
  );
  const payments = await sql<{ code: string; payee_agency: string; amount_minor: string }>`SELECT code, payee_agency, amount_minor FROM payments.payment_order
    WHERE code = ANY(${orders.map((o) => o.payment_code)}::text[]) ORDER BY amount_minor`.execute(db());
  assert.deepEqual(
    payments.rows.map((p) => [p.payee_agency, Number(p.amount_minor)]),
    [
      ['UE-4021587019', 13500],
      [`PE-${(await sql<{ account_id: string }>`SELECT account_id FROM marketplace.seller WHERE id = ${weaver}`.execute(db())).rows[0]!.account_id}`, 15000],
    ],
  );
  const lineRows = await sql<{ product_id: string; quantity: number; unit_price_minor: string }>`SELECT product_id, quantity, unit_price_minor FROM marketplace.purchase_line
    WHERE purchase_id = ANY(${orders.map((o) => o.id)}::uuid[]) ORDER BY unit_price_minor`.execute(db());
  assert.deepEqual(
    lineRows.rows.map((l) => [l.product_id, l.quantity, Number(l.unit_price_minor)]),
    [
      [QUINOA, 3, 3500],
      [scarf, 1, 12000],
    ],
  );
  assert.deepEqual(await cartLines(buyer.id), [], 'the cart is emptied');
  const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'marketplace.order_placed' AND subject_id = ANY(${orders.map((o) => o.id)}::text[])`.execute(db());
  assert.equal(audited.rows[0]!.n, 2);

  // Her orders list each payment to make, linked to its page; both paid, two parcels go to the post.
  const list = await (await buyer.browser.request(`${t.baseUrl}/mercado/pedidos?hecho=placed`)).text();
  for (const o of orders) assert.match(list, new RegExp(`href="/pagos/${o.payment_code}"`));
  assert.match(list, /Quinua real orgánica \(1 kg\) × 3/);
  for (const o of orders) await payAtSandbox(t, buyer.browser, o.payment_code);
  await t.drain();
  const shipped = await ordersOf(buyer.id);
  assert.deepEqual(
    shipped.map((o) => o.status),
    ['shipped', 'shipped'],
  );
  assert.equal(new Set(shipped.map((o) => o.shipment_number)).size, 2, 'one parcel per seller');
  const parcels = await sql<{ n: number }>`SELECT count(*)::int AS n FROM postal.shipment WHERE number = ANY(${shipped.map((o) => o.shipment_number)}::text[])`.execute(db());
  assert.equal(parcels.rows[0]!.n, 2);

  // "Mis datos" lists the order's products.
  const exported = await (await buyer.browser.request(`${t.baseUrl}/cuenta/mis-datos/descargar`)).text();
  assert.match(exported, /Chalina de alpaca × 1/);
});

it('places nothing when one line is out of stock at the confirmation (the error on that line), nor for a product no longer listed', async () => {
  const buyer = await signedInPerson(t, 'Sinstock');
  await post(buyer.browser, `/mercado/productos/${QUINOA}`, `/mercado/productos/${QUINOA}/carrito`, { unidades: '1' });
  await post(buyer.browser, `/mercado/productos/${scarf}`, `/mercado/productos/${scarf}/carrito`, { unidades: '2' });
  const review = await post(buyer.browser, '/mercado/carrito', '/mercado/carrito/pedido', {
    'entrega-01900000-0000-7000-8000-00000000a001': 'pickup',
    [`entrega-${weaver}`]: 'pickup',
  });
  assert.equal(review.status, 200);
  const reviewHtml = await review.text();
  assert.match(reviewHtml, /id="total">BOB\s275,00/, 'pickup: no delivery price');
  const stock = async (id: string) => (await sql<{ stock: number }>`SELECT stock FROM marketplace.product WHERE id = ${id}`.execute(db())).rows[0]!.stock;
  const quinoaBefore = await stock(QUINOA);
  // Someone else takes the scarves meanwhile: one is left.
  const scarvesBefore = await stock(scarf);
  await sql`UPDATE marketplace.product SET stock = 1 WHERE id = ${scarf}`.execute(db());
  const refused = await buyer.browser.submit(
    `${t.baseUrl}/mercado/carrito`,
    reviewHtml,
    {},
    formIndex(reviewHtml, (f) => f.hidden.confirmar === '1'),
  );
  assert.equal(refused.status, 422);
  const refusedHtml = await refused.text();
  assert.match(refusedHtml, new RegExp(`href="#campo-cantidad-${scarf}"`));
  assert.match(refusedHtml, /No quedan suficientes unidades/);
  assert.deepEqual(await ordersOf(buyer.id), [], 'no order placed');
  assert.equal(await stock(QUINOA), quinoaBefore, 'the other line’s stock is untouched');
  assert.equal((await cartLines(buyer.id)).length, 2, 'the cart is kept');

  await sql`UPDATE marketplace.product SET stock = ${scarvesBefore} WHERE id = ${scarf}`.execute(db());

  // Stock taken between the check and the transaction: the quinoa's line is taken, the scarves'
  // \`UPDATE … WHERE stock >= quantity\` fails, and the whole transaction places nothing.
  const form = { [`cantidad-${QUINOA}`]: '1', [`cantidad-${scarf}`]: '2', 'entrega-01900000-0000-7000-8000-00000000a001': 'pickup', [`entrega-${weaver}`]: 'pickup' };
  const parcels = await reviewCart(deps(), buyer.account, form);
  await sql`UPDATE marketplace.product SET stock = 1 WHERE id = ${scarf}`.execute(db());
  await assert.rejects(placeOrders(deps(), buyer.account, parcels), (e) => isAppError(e) && e.code === 'MARKETPLACE_OUT_OF_STOCK' && e.fields[0]?.field === `cantidad-${scarf}`);
  assert.deepEqual(await ordersOf(buyer.id), []);
  assert.equal(await stock(QUINOA), quinoaBefore, 'the quinoa taken first is given back with the rollback');
  await sql`UPDATE marketplace.product SET stock = ${scarvesBefore} WHERE id = ${scarf}`.execute(db());

  // A product no longer listed (its shop no longer approved): the error on its line; the cart still shows it, to remove.
  await sql`UPDATE marketplace.seller SET status = 'pending' WHERE id = ${weaver}`.execute(db());
  try {
    const unlisted = await post(buyer.browser, '/mercado/carrito', '/mercado/carrito/pedido', { 'entrega-01900000-0000-7000-8000-00000000a001': 'pickup', [`entrega-${weaver}`]: 'pickup' });
    assert.equal(unlisted.status, 422);
    const unlistedHtml = await unlisted.text();
    assert.match(unlistedHtml, new RegExp(`href="#campo-cantidad-${scarf}"`));
    assert.match(unlistedHtml, /ya no está a la venta/);
    assert.match(unlistedHtml, new RegExp(`action="/mercado/carrito/${scarf}/quitar"`));
  } finally {
    await sql`UPDATE marketplace.seller SET status = 'approved' WHERE id = ${weaver}`.execute(db());
  }
});
