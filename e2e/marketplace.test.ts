// The marketplace in Chromium with JavaScript off, on a 360 px screen (docs/marketplace.md): the
// community producer of the demo (the cooperative of Achocalla) lists a product; a person finds it
// among community sellers, sees the final price with delivery, pays at the sandbox; the post accepts
// the parcel; its system reports events through the API (one twice, one out of order); the public
// tracking page and the buyer's mailbox show the history; the buyer rates the seller. axe on each page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { findAccountByIdentityDocument } from '../src/modules/identity/index.ts';
import { configureUnitPayee } from '../src/modules/payments/index.ts';
import { addPaymentsClient, clientToken, MERCHANT_SECRET, type PaymentsTestApp, startPaymentsApp } from '../src/modules/payments/payments.test-helpers.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

const UNIT = '4021587019';
let server: PaymentsTestApp;
let token = '';

before(async () => {
  server = await startPaymentsApp(['SEGIP'], { RATE_LIMIT_PER_MINUTE: '100000' }, { otherMerchants: [`UE-${UNIT}`] });
  const official = (await findAccountByIdentityDocument(server.app.tambo.deps, 'CI', '3456789 LP'))!;
  await configureUnitPayee(
    server.app.tambo.deps,
    { id: official.id, documentNumber: '3456789 LP' },
    { unitKey: UNIT, treasuryAccount: 'BUN-2000', gatewayUrl: server.sandbox.url, merchantId: `m-UE-${UNIT}`, secret: MERCHANT_SECRET(`UE-${UNIT}`), collectingAgencies: [] },
  );
  token = await clientToken(server, await addPaymentsClient(server, 'AGBC', ['postal:track']), 'postal:track');
  await server.drain();
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

async function report(number: string, kind: string, occurredAt: string): Promise<number> {
  const response = await fetch(`${server.baseUrl}/api/v1/postal/shipments/${number}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind, occurredAt, officeCode: 'AGBC-CBA' }),
  });
  return response.status;
}

it('a community producer lists, a person buys, pays, follows the parcel and rates the seller', async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const seller = await openPage(browser, `${server.baseUrl}/mercado/vender`, { javaScriptEnabled: false });
  const buyer = await openPage(browser, `${server.baseUrl}/ingresar?volver=/mercado`, { javaScriptEnabled: false });
  try {
    // The cooperative's representative lists a product.
    const desk = seller.page;
    await signInOnPage(desk, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
    if (!desk.url().endsWith('/mercado/vender')) await desk.goto(`${server.baseUrl}/mercado/vender`);
    await desk.getByRole('link', { name: 'Cooperativa Agrícola Achocalla' }).click();
    await desk.waitForLoadState('load');
    await desk.getByLabel('Nombre del producto').fill('Chuño de Achocalla (2 kg)');
    await desk.getByLabel('Descripción').fill('Chuño seco de papa nativa, de la última helada.');
    await desk.getByLabel('Categoría').selectOption('food');
    await desk.getByLabel('Precio').fill('40');
    await desk.getByLabel('Existencias').fill('10');
    await press(desk, 'Publicar');
    assert.match(await desk.title(), /^Error:/, 'no delivery option nor territory chosen');
    assert.equal(await desk.getByLabel('Nombre del producto').inputValue(), 'Chuño de Achocalla (2 kg)', 'the input is kept');
    await expectAccessibleAt360(desk, 'listing form with errors');
    await desk.locator('input[name="entrega"][value="post"]').check();
    await desk.locator('input[name="territorios"][value="BO-C"]').check();
    await press(desk, 'Publicar');
    assert.match(await desk.locator('main').innerText(), /Producto publicado/);

    // A person finds it among community sellers and orders it to Cochabamba.
    const person = buyer.page;
    await signInOnPage(person, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    await person.goto(`${server.baseUrl}/mercado`);
    await person.getByLabel('Quién vende').selectOption('community');
    await person.getByLabel('Entrega en').selectOption('BO-C');
    await press(person, 'Filtrar');
    await expectAccessibleAt360(person, 'marketplace search');
    await person.getByRole('link', { name: 'Chuño de Achocalla (2 kg)' }).click();
    await person.waitForLoadState('load');
    assert.match(await person.locator('main').innerText(), /Achocalla/);
    await expectAccessibleAt360(person, 'product page');
    await person.getByLabel('Cantidad').fill('2');
    await person.getByLabel('Oficina de correos de destino').selectOption('AGBC-CBA');
    await person.getByLabel('Dirección de entrega').fill('Calle Sucre 123, Cochabamba');
    await press(person, 'Ver el precio final');
    assert.match(await person.locator('#total').innerText(), /BOB\s110,00/, 'two at 40,00 and 30,00 to another department');
    await expectAccessibleAt360(person, 'order confirmation');
    await press(person, 'Confirmar y pagar');
    assert.match(person.url(), /\/pagos\/\d{12}$/);
    await press(person, 'Pagar');
    assert.ok(person.url().startsWith(server.sandbox.url), `at the gateway: ${person.url()}`);
    await person.getByLabel('QR interbancario').check();
    await press(person, 'Pagar');
    assert.match(await person.locator('main').innerText(), /Pago recibido/);

    // Paid: the post accepts the parcel; its system reports events, one twice, one out of order.
    await server.drain();
    const { rows } = await sql<{ shipment_number: string }>`SELECT shipment_number FROM marketplace.purchase WHERE address = 'Calle Sucre 123, Cochabamba'`.execute(server.app.tambo.deps.db);
    const number = rows[0]?.shipment_number ?? '';
    assert.match(number, /^CP\d{9}BO$/);
    const base = Date.now();
    const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();
    assert.equal(await report(number, 'at_delivery_office', at(20)), 201);
    assert.equal(await report(number, 'at_delivery_office', at(20)), 200);
    assert.equal(await report(number, 'in_transit', at(10)), 201);
    assert.equal(await report(number, 'delivered', at(30)), 201);
    await server.drain();

    await person.goto(`${server.baseUrl}/envios/${number}`);
    const history = await person.locator('#historial li').allInnerTexts();
    assert.deepEqual(
      history.map((line) => line.split(' · ')[0]),
      ['Admitido', 'En tránsito', 'En la oficina de entrega', 'Entregado'],
    );
    await person.goto(`${server.baseUrl}/buzon`);
    const mailbox = await person.locator('main').innerText();
    assert.match(mailbox, new RegExp(`está en camino: ${number}`));
    assert.match(mailbox, /fue entregado/);
    assert.match(mailbox, new RegExp(`Su envío ${number}: Entregado`));

    // The buyer rates the seller, once.
    await person.goto(`${server.baseUrl}/mercado/pedidos`);
    assert.match(await person.locator('main').innerText(), /Entregado/);
    await expectAccessibleAt360(person, 'my orders with the rating form');
    await person.getByLabel('5', { exact: true }).check();
    await press(person, 'Enviar valoración');
    assert.match(await person.locator('main').innerText(), /Gracias por su valoración/);
    assert.match(await person.locator('main').innerText(), /valorado con 5 estrellas/);
    await person.goto(`${server.baseUrl}/mercado/tiendas/01900000-0000-7000-8000-00000000a001`);
    assert.match(await person.locator('#valoracion').innerText(), /5 de 5/);
    await expectAccessibleAt360(person, 'shop page');

    // The cart: a product added from its page, the cart by seller, the final price before confirming.
    await person.getByRole('link', { name: 'Quinua real orgánica (1 kg)' }).click();
    await person.waitForLoadState('load');
    await person.getByLabel('Unidades para el carrito').fill('2');
    await press(person, 'Añadir al carrito');
    assert.match(await person.locator('main').innerText(), /Producto añadido al carrito/);
    await expectAccessibleAt360(person, 'cart');
    await person.getByLabel('Oficina de correos de destino').selectOption('AGBC-CBA');
    await person.getByLabel('Dirección de entrega').fill('Calle Sucre 123, Cochabamba');
    await press(person, 'Ver el precio final');
    assert.match(await person.locator('#total').innerText(), /BOB\s100,00/, 'two at 35,00 and 30,00 to another department');
    await expectAccessibleAt360(person, 'cart confirmation');
  } finally {
    await seller.close();
    await buyer.close();
  }
});
