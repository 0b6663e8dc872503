// A person who sells as herself is paid to her own settlement account (docs/payments.md, "Who is
// paid"; docs/marketplace.md, "Buying"), over real HTTP with the payments sandbox: she registers
// her account at /gestion/pagos/cuenta (errors on the fields, input kept), a buyer's order
// creates a payment order whose payee is she (`PE-<account id>`), paid at the sandbox, and her
// reconciliation lists the payment (only hers: another person is refused).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { isAppError } from '../../platform/errors.ts';
import { MERCHANT_SECRET, type PaymentsTestApp, payAtSandbox, startPaymentsApp } from '../payments/payments.test-helpers.ts';
import { personShopWithScarf, signedInPerson } from './marketplace.test-helpers.ts';
import { buy } from './marketplace.service.ts';

let t: PaymentsTestApp;
const deps = () => t.app.tambo.deps;

before(async () => {
  t = await startPaymentsApp(['SEGIP'], { RATE_LIMIT_PER_MINUTE: '100000' }, { otherMerchants: ['VENDEDORA'] });
  // The demo seed's own pending events (not this file's concern) would slow the first drain.
  await sql`UPDATE platform.outbox SET dispatched_at = now() WHERE dispatched_at IS NULL`.execute(deps().db);
});
after(async () => {
  await t?.close();
});

const person = (name: string, extra: { isPlatformAdmin?: boolean } = {}) => signedInPerson(t, name, extra);

it('pays a person seller to her own settlement account, and only she reconciles it', async () => {
  const { seller, product } = await personShopWithScarf(t, 'Vendedora', '5');
  const buyer = await person('Compradora');
  const order = { quantity: '1', delivery: 'post', office: 'AGBC-CBA', address: 'Calle Sucre 123, Cochabamba' };

  // Without a settlement account she cannot be paid yet.
  await assert.rejects(buy(deps(), buyer.account, product.id, order), (e) => isAppError(e) && e.code === 'PAYMENTS_PAYEE_NOT_CONFIGURED');

  // She registers her account: a gateway the platform does not work with is refused on the field, the input kept.
  const page = `${t.baseUrl}/gestion/pagos/cuenta`;
  const empty = await (await seller.browser.request(page)).text();
  assert.match(empty, /Mi cuenta de cobro/);
  assert.match(empty, /Sin cuenta registrada/);
  assert.doesNotMatch(empty, /name="collectingAgencies"/, 'a person names no collecting agencies');
  const typed = { treasuryAccount: 'BUN-7788', merchantId: 'm-VENDEDORA', secret: MERCHANT_SECRET('VENDEDORA') };
  const refused = await seller.browser.submit(page, empty, { ...typed, gatewayUrl: 'https://pasarela.example.org' });
  assert.equal(refused.status, 400);
  const refusedHtml = await refused.text();
  assert.match(refusedHtml, /href="#campo-gatewayUrl"/);
  assert.match(refusedHtml, /value="BUN-7788"/);
  const saved = await seller.browser.submit(page, refusedHtml, { ...typed, gatewayUrl: t.sandbox.url });
  assert.equal(saved.status, 303);
  assert.match(await (await seller.browser.request(page)).text(), /Cuenta registrada/);
  const payee = `PE-${seller.id}`;
  const audit = await sql<{ actor_type: string; actor_id: string }>`SELECT actor_type, actor_id FROM audit.entry WHERE action = 'payments.payee_configured' AND subject_id = ${payee}`.execute(
    deps().db,
  );
  assert.deepEqual(audit.rows, [{ actor_type: 'person', actor_id: seller.id }]);
  // "Mis datos" shows her settlement account, never its secret.
  const exported = await (await seller.browser.request(`${t.baseUrl}/cuenta/mis-datos/descargar`)).text();
  assert.match(exported, /BUN-7788/);
  assert.doesNotMatch(exported, /whsec_/);

  // The buyer's order is paid to her, at the sandbox.
  const placed = (await buy(deps(), buyer.account, product.id, order))!;
  const created = await sql<{ payee_agency: string; amount_minor: number }>`SELECT payee_agency, amount_minor::int FROM payments.payment_order WHERE code = ${placed.paymentCode}`.execute(deps().db);
  assert.deepEqual(created.rows, [{ payee_agency: payee, amount_minor: 12000 + 3000 }], 'the seller herself is the payee; the price is final with delivery');
  assert.match((await payAtSandbox(t, buyer.browser, placed.paymentCode!)).html, /Pago recibido/);
  await t.drain();
  const status = await sql<{ status: string; shipment_number: string | null }>`SELECT status, shipment_number FROM marketplace.purchase WHERE id = ${placed.id}`.execute(deps().db);
  assert.equal(status.rows[0]?.status, 'shipped');
  assert.match(status.rows[0]?.shipment_number ?? '', /^[A-Z]{2}\d{9}BO$/);
  const receipt = await sql<{ agency_code: string }>`SELECT d.agency_code FROM documents.document d JOIN payments.payment_order o ON d.source_key = 'payments:' || o.id::text
    WHERE o.code = ${placed.paymentCode}`.execute(deps().db);
  assert.deepEqual(receipt.rows, [{ agency_code: 'AGETIC' }], 'the platform’s operator signs the receipt for her');

  // The money reconciles: her day lists the payment; another person may not see it.
  const day = new Date().toISOString().slice(0, 10);
  const reconciliation = `${t.baseUrl}/gestion/pagos/conciliacion?institucion=${payee}&dia=${day}`;
  const form = await seller.browser.request(reconciliation);
  assert.equal(form.status, 200);
  assert.equal((await seller.browser.submit(reconciliation, await form.text(), {}, 1)).status, 303);
  const reconciled = await (await seller.browser.request(reconciliation)).text();
  assert.match(reconciled, new RegExp(`<option value="${payee}"[^>]*>Vendedora Prueba</option>`), 'the selector names her');
  const csv = await (await seller.browser.request(`${t.baseUrl}/gestion/pagos/conciliacion.csv?institucion=${payee}&dia=${day}`)).text();
  assert.match(csv, new RegExp(`\\n${payee},${day},1,15000,1,15000\\n`), 'her payment is in the ledger and settled, the same amount');
  assert.equal((await buyer.browser.request(reconciliation)).status, 403, 'another person does not see her reconciliation');
});
