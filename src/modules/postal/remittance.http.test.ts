// Settlement of cash on delivery over real HTTP (docs/postal.md, "Settlement"; docs/marketplace.md,
// "Cash on delivery"): cash-on-delivery orders collected by the post are owed to the seller's
// payee (her orders page, the post's CSV, the observatory's figure); the post's system reports a
// remittance (every refusal with its problem, 20 identical posts record one) and the orders become
// settled; a withdrawn order whose parcel came back is excluded and refunded to the buyer at the
// post's office (20 identical posts record one), the order refunded; it can no longer be disputed.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { findAccount } from '../identity/index.ts';
import { buy } from '../marketplace/marketplace.service.ts';
import { BASKET, COOPERATIVE, signedInPerson, startMarketplaceApp } from '../marketplace/marketplace.test-helpers.ts';
import { withdraw } from '../marketplace/withdrawal.service.ts';
import { addPaymentsClient, clientToken, type PaymentsTestApp } from '../payments/payments.test-helpers.ts';
import { postalStats } from './postal.stats.ts';
import { makeS10 } from './s10.ts';

let t: PaymentsTestApp;
let postToken = '';
const db = () => t.app.tambo.deps.db;
const PAYEE = `UE-${COOPERATIVE}`;
const SHOP = '01900000-0000-7000-8000-00000000a001';

before(async () => {
  ({ t, postToken } = await startMarketplaceApp({ skipSeedEvents: true }));
});
after(async () => {
  await t?.close();
});

const api = (path: string, body: Record<string, unknown>, token = postToken) =>
  fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const remit = (body: Record<string, unknown>, token?: string) => api('/api/v1/postal/remittances', body, token);
const refund = (body: Record<string, unknown>, token?: string) => api('/api/v1/postal/refunds', body, token);
const event = (number: string, body: Record<string, unknown>) => api(`/api/v1/postal/shipments/${number}/events`, { officeCode: 'AGBC-CBA', occurredAt: new Date().toISOString(), ...body });
async function problem(response: Response, status: number, code: string, pointer?: string): Promise<{ title: string; errors?: Array<{ pointer?: string; detail: string }> }> {
  const body = (await response.json()) as { code: string; title: string; errors?: Array<{ pointer?: string; detail: string }> };
  assert.equal(response.status, status, JSON.stringify(body));
  assert.equal(body.code, code);
  if (pointer)
    assert.ok(
      body.errors?.some((e) => e.pointer === pointer),
      JSON.stringify(body.errors),
    );
  return body;
}
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/La_Paz' }).format(new Date());
const outstanding = async () => (await readStat(db(), postalStats.cod_outstanding, { where: { office: 'AGBC-CBA' } }))[0]?.sum ?? 0;
const purchase = async (id: string) =>
  (
    await sql<{ status: string; settled: boolean; reference: string | null; number: string; total: string }>`SELECT status, settled_at IS NOT NULL AS settled, settlement_reference AS reference,
      shipment_number AS number, total_minor AS total FROM marketplace.purchase WHERE id = ${id}`.execute(db())
  ).rows[0]!;
const audits = async (action: string, subject: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = ${action} AND subject_id = ${subject}`.execute(db())).rows[0]!.n;

it('settles what the post collected: owed per seller, remitted once with every refusal explained; a returned order refunded to the buyer once', async () => {
  const deps = t.app.tambo.deps;
  const documentNumber = newDocument();
  const email = `liquida-${documentNumber}@prueba.bo`;
  const buyerId = await testAccount(deps, { documentNumber, givenName: 'Liquida', familyName: 'Prueba', email });
  const buyer = new HttpSession();
  await signInPortal(t, buyer, email, TEST_ACCOUNT_PASSWORD);
  const account = (await findAccount(deps, buyerId))!;
  const cod = { quantity: '1', delivery: 'post', office: 'AGBC-CBA', address: 'Calle Sucre 123, Cochabamba', payment: 'cash_on_delivery' };
  const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(async () => (await buy(deps, account, BASKET, cod))!.id));
  await t.drain();
  const [A, B, C, D] = await Promise.all([a!, b!, c!, d!].map(purchase));
  const payees = await sql<{ collect_payee: string }>`SELECT collect_payee FROM postal.shipment WHERE number IN (${A!.number}, ${D!.number})`.execute(db());
  assert.deepEqual(
    payees.rows.map((r) => r.collect_payee),
    [PAYEE, PAYEE],
    'the parcel says whom the post owes: the cooperative’s payee',
  );
  const before = await outstanding();
  for (const o of [A!, C!]) assert.equal((await event(o.number, { kind: 'delivered_collected', amountMinor: Number(o.total) })).status, 201);
  const total = (o: { total: string }) => Number(o.total);
  // B is reported by an office without a system: the CSV import with the amount column (in bolivianos).
  const clerk = await signedInPerson(t, 'Oficina', { isPlatformAdmin: true });
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/La_Paz', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date());
  const bolivianos = (total(B!) / 100).toFixed(2);
  const importUrl = `${t.baseUrl}/envios/oficina/importar`;
  const importForm = await (await clerk.browser.request(importUrl)).text();
  const imported = await clerk.browser.submit(
    importUrl,
    importForm,
    {
      csv: [
        'numero,evento,fecha,oficina,nota,monto',
        `${B!.number},delivered_collected,${local},AGBC-CBA,cobrado en ventanilla, sin cambio,${(total(B!) / 100 - 1).toFixed(2)}`,
        `${B!.number},delivered_collected,${local},AGBC-CBA,cobrado,noventa`,
        `${B!.number},delivered_collected,${local},AGBC-CBA,cobrado en ventanilla, sin cambio,${bolivianos}`,
        `${B!.number},delivered_collected,${local},AGBC-CBA,,${bolivianos}`,
      ].join('\n'),
    },
    formIndex(importForm, (f) => f.action.startsWith('/envios/oficina/importar')),
  );
  const importedHtml = await imported.text();
  assert.match(importedHtml, /1 evento registrado; 1 ya estaba; 2 líneas con errores/);
  assert.match(importedHtml, /Línea 2: El monto cobrado debe ser el que lleva el envío/);
  assert.match(importedHtml, /Línea 3: El monto debe ser un número con punto decimal/);
  const noted = await sql<{ collected_minor: number; note: string }>`SELECT e.collected_minor, e.note FROM postal.tracking_event e JOIN postal.shipment s ON s.id = e.shipment_id
    WHERE s.number = ${B!.number} AND e.kind = 'delivered_collected'`.execute(db());
  assert.deepEqual(noted.rows, [{ collected_minor: total(B!), note: 'cobrado en ventanilla, sin cambio' }]);
  await t.drain();
  assert.equal((await outstanding()) - before, total(A!) + total(B!) + total(C!), 'the observatory’s figure: collected and not remitted, by office');

  // The seller sees what the post owes her; the post's back office, per payee.
  const seller = new HttpSession();
  await signInPortal(t, seller, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
  const owedPage = await (await seller.request(`${t.baseUrl}/mercado/vender/${SHOP}/pedidos`)).text();
  assert.match(owedPage, /El correo le debe BOB\s270,00 por 3 pedidos contra entrega cobrados/);
  const csvResponse = await clerk.browser.request(`${t.baseUrl}/envios/oficina/liquidaciones.csv`);
  assert.equal(csvResponse.status, 200);
  assert.match(csvResponse.headers.get('content-type') ?? '', /text\/csv/);
  const csv = await csvResponse.text();
  assert.match(csv, /^payee,shipments,amount_minor,numbers\n/);
  assert.match(csv, new RegExp(`^${PAYEE},3,${total(A!) + total(B!) + total(C!)},${[A!.number, B!.number, C!.number].sort().join(' ')}$`, 'm'));
  assert.equal((await buyer.request(`${t.baseUrl}/envios/oficina/liquidaciones.csv`)).status, 403, 'only the post’s clerks');

  // C is withdrawn; its return parcel, delivered back to the seller, takes it out of what is owed.
  const returnNumber = await withdraw(deps, account, c!, { reason: '' });
  assert.equal((await purchase(c!)).status, 'withdrawn');
  const day = today();
  const refundC = { reference: 'DEV-0001', paidOn: day, shipment: C!.number, amountMinor: total(C!) };
  await problem(await refund(refundC), 409, 'POSTAL_NOT_RETURNED', '/shipment');
  assert.equal((await event(returnNumber, { kind: 'delivered', officeCode: 'AGBC-LPZ' })).status, 201);
  await t.drain();
  assert.equal((await purchase(c!)).status, 'withdrawn', 'cash on delivery: refunded when the post pays the buyer back');

  // Every refusal of a remittance, with its problem.
  const ab = { reference: 'REM-2026-001', paidOn: day, payee: PAYEE, shipments: [A!.number, B!.number], amountMinor: total(A!) + total(B!) };
  const other = await clientToken(t, await addPaymentsClient(t, 'AGBC', ['payments:read']), 'payments:read');
  await problem(await remit(ab, other), 403, 'POSTAL_CLIENT_NOT_ALLOWED');
  assert.equal((await remit(ab, 'no-es-un-token')).status, 401);
  await problem(await remit({ ...ab, shipments: [A!.number, 'CP123'] }), 400, 'VALIDATION_FAILED', '/shipments/1');
  await problem(await remit({ ...ab, shipments: [A!.number, A!.number.toLowerCase()] }), 400, 'VALIDATION_FAILED', '/shipments/1');
  await problem(await remit({ ...ab, paidOn: '2999-01-01' }), 400, 'VALIDATION_FAILED', '/paidOn');
  await problem(await remit({ ...ab, shipments: [A!.number, makeS10('CP', 99_999_998, 'BO')] }), 404, 'POSTAL_SHIPMENT_NOT_FOUND', '/shipments/1');
  await problem(await remit({ ...ab, shipments: [A!.number, D!.number] }), 409, 'POSTAL_NOT_COLLECTED', '/shipments/1');
  await problem(await remit({ ...ab, payee: `PE-${buyerId}` }), 422, 'POSTAL_PAYEE_MISMATCH', '/shipments/0');
  await problem(await remit({ ...ab, shipments: [A!.number, C!.number], amountMinor: total(A!) + total(C!) }), 409, 'POSTAL_SHIPMENT_RETURNED', '/shipments/1');
  const wrong = await problem(await remit({ ...ab, amountMinor: ab.amountMinor - 1 }), 422, 'POSTAL_AMOUNT_MISMATCH', '/amountMinor');
  assert.ok(
    wrong.errors?.some((e) => e.detail.includes(String(ab.amountMinor))),
    'the problem says the sum expected',
  );
  assert.equal(await audits('postal.remittance_recorded', ab.reference), 0, 'nothing recorded by a refusal');

  // Twenty identical reports at once: one remittance, one audit entry; the orders settled once.
  const burst = await Promise.all(Array.from({ length: 20 }, () => remit(ab)));
  assert.deepEqual(burst.map((r) => r.status).sort(), [...Array(19).fill(200), 201]);
  const recorded = (await burst.find((r) => r.status === 201)!.json()) as { reference: string; kind: string; payee: string; amountMinor: number; shipments: string[] };
  assert.deepEqual(recorded, { reference: ab.reference, kind: 'remittance', payee: PAYEE, paidOn: day, amountMinor: ab.amountMinor, shipments: [A!.number, B!.number].sort() });
  assert.equal(await audits('postal.remittance_recorded', ab.reference), 1);
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM postal.remittance WHERE reference = ${ab.reference}`.execute(db())).rows[0]!.n, 1);
  await problem(await remit({ ...ab, amountMinor: total(A!), shipments: [A!.number] }), 409, 'POSTAL_REFERENCE_REUSED', '/reference');
  await problem(await remit({ ...ab, reference: 'REM-2026-002', shipments: [B!.number], amountMinor: total(B!) }), 409, 'POSTAL_ALREADY_REMITTED', '/shipments/0');
  await Promise.all([t.drain(), t.drain()]);
  for (const id of [a!, b!]) {
    assert.deepEqual(await purchase(id).then((p) => [p.settled, p.reference]), [true, ab.reference]);
    assert.equal(await audits('marketplace.order_settled', id), 1, 'settled once');
  }
  assert.equal(await purchase(c!).then((p) => p.settled), false);

  // The refund of C, paid to the buyer at her office: every refusal, then twenty identical reports record one.
  await problem(await refund(refundC, other), 403, 'POSTAL_CLIENT_NOT_ALLOWED');
  await problem(await refund({ ...refundC, paidOn: '2026-02-30' }), 400, 'VALIDATION_FAILED', '/paidOn');
  await problem(await refund({ ...refundC, shipment: makeS10('CP', 99_999_998, 'BO') }), 404, 'POSTAL_SHIPMENT_NOT_FOUND', '/shipment');
  await problem(await refund({ ...refundC, shipment: D!.number }), 409, 'POSTAL_NOT_COLLECTED', '/shipment');
  await problem(await refund({ ...refundC, shipment: A!.number, amountMinor: total(A!) }), 409, 'POSTAL_ALREADY_REMITTED', '/shipment');
  await problem(await refund({ ...refundC, amountMinor: total(C!) + 1 }), 422, 'POSTAL_AMOUNT_MISMATCH', '/amountMinor');
  await problem(await refund({ ...refundC, reference: ab.reference }), 409, 'POSTAL_REFERENCE_REUSED', '/reference');
  const refunds = await Promise.all(Array.from({ length: 20 }, () => refund(refundC)));
  assert.deepEqual(refunds.map((r) => r.status).sort(), [...Array(19).fill(200), 201]);
  assert.equal(await audits('postal.cod_refund_recorded', refundC.reference), 1);
  await problem(await refund({ ...refundC, reference: 'DEV-0002' }), 409, 'POSTAL_ALREADY_REFUNDED', '/shipment');
  await problem(await remit({ ...ab, reference: 'REM-2026-003', shipments: [C!.number], amountMinor: total(C!) }), 409, 'POSTAL_ALREADY_REFUNDED', '/shipments/0');
  await Promise.all([t.drain(), t.drain()]);
  assert.equal((await purchase(c!)).status, 'refunded');
  assert.equal(await audits('marketplace.order_refunded', c!), 1, 'refunded once');
  const told = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE recipient_account_id = ${buyerId} AND subject LIKE 'Le devolvieron el pago%'`.execute(db());
  assert.equal(told.rows[0]!.n, 1, 'the buyer is told once');
  assert.equal((await outstanding()) - before, 0, 'nothing outstanding: two remitted, one refunded');

  // What the seller and the buyer see.
  const settledPage = await (await seller.request(`${t.baseUrl}/mercado/vender/${SHOP}/pedidos`)).text();
  assert.match(settledPage, /El correo le debe BOB\s0,00 por 0 pedidos/);
  assert.match(settledPage, /Liquidado al vendedor/);
  assert.match(await (await seller.request(`${t.baseUrl}/mercado/vender/${SHOP}/pedidos/${a}`)).text(), /Liquidado el/);
  assert.match(await (await seller.request(`${t.baseUrl}/mercado/vender/${SHOP}/pedidos/${d}`)).text(), /Aún no liquidado/);
  assert.match(await (await buyer.request(`${t.baseUrl}/mercado/pedidos`)).text(), /Liquidado al vendedor/);

  // A refunded order is not disputed any more: the error on the field.
  const html = await (await buyer.request(`${t.baseUrl}/mercado/pedidos/${c}/reclamo`)).text();
  const form = formsIn(html)[formIndex(html, (f) => f.action.endsWith('/reclamo'))]!;
  const disputed = await buyer.request(`${t.baseUrl}${form.action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.hidden, motivo_reclamo: 'not_received', detalle: 'El paquete volvió y quiero reclamar igual.' }).toString(),
  });
  assert.equal(disputed.status, 422, 'MARKETPLACE_ALREADY_REFUNDED, shown on the field');
  const disputedHtml = await disputed.text();
  assert.match(disputedHtml, /href="#campo-motivo_reclamo"/);
  assert.match(disputedHtml, /Este pedido ya fue reembolsado/);
  assert.match(disputedHtml, /El paquete volvió y quiero reclamar igual\./, 'what was typed is kept');
});
