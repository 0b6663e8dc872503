// Economic units as payees, over real HTTP with the sandbox gateway on its own port: the unit's
// representative registers its settlement account (naming SEGIP as collecting for it); SEGIP's
// system creates an order the unit is paid (SIN's may not; 40 identical creations with one
// Idempotency-Key give one order); the payer pays it at the sandbox and gets a receipt signed by
// the platform's operator for the unit; the unit's reconciliation lists it, SEGIP's does not, and
// another unit's representative is refused. Pages name the unit, never its payee key.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { isAppError } from '../../platform/errors.ts';
import { readFile } from '../../platform/files/index.ts';
import { signingService } from '../../platform/signing/index.ts';
import { findAccountByIdentityDocument } from '../identity/index.ts';
import { configureUnitPayee, createUnitOrder } from './index.ts';
import { addPaymentsClient, clientToken, createFeeProcedure, MERCHANT_SECRET, payAtSandbox, type PaymentsTestApp, startPaymentsApp } from './payments.test-helpers.ts';

// The demo's units (registries' seed): Tejidos Andinos, represented by the citizen; the
// cooperative of Achocalla, represented by the official (who also holds roles in SEGIP).
const UNIT = '1028547023';
const UNIT_PAYEE = `UE-${UNIT}`;
const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana', documentNumber: '4567891 LP' };
const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario', documentNumber: '3456789 LP' };

let t: PaymentsTestApp;
const deps = () => t.app.tambo.deps;
let segip: { id: string; secret: string };
let sin: { id: string; secret: string };

const account = async (documentNumber: string) => (await findAccountByIdentityDocument(deps(), 'CI', documentNumber))!;
const unitPayee = () => ({
  unitKey: UNIT,
  treasuryAccount: 'BUN-10000123',
  gatewayUrl: t.sandbox.url,
  merchantId: `m-${UNIT_PAYEE}`,
  secret: MERCHANT_SECRET(UNIT_PAYEE),
  collectingAgencies: ['SEGIP'],
});

before(async () => {
  t = await startPaymentsApp(['SEGIP', 'SIN'], {}, { otherMerchants: [UNIT_PAYEE] });
  segip = await addPaymentsClient(t, 'SEGIP');
  sin = await addPaymentsClient(t, 'SIN');
  const citizen = await account(CITIZEN.documentNumber);
  await configureUnitPayee(deps(), { id: citizen.id, documentNumber: CITIZEN.documentNumber }, unitPayee());
});
after(async () => {
  await t.close();
});

interface OrderBody {
  code: string;
  payee: string;
  status: string;
}

function postOrder(token: string, body: Record<string, unknown>, key?: string): Promise<Response> {
  return fetch(`${t.baseUrl}/api/v1/payment-orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ payer: { documentType: 'CI', documentNumber: OFFICIAL.documentNumber }, concept: 'Tejido de alpaca', amountMinor: 25000, payeeUnit: UNIT, ...body }),
  });
}

describe('an economic unit as payee', () => {
  it('is registered by its representative only, audited with the person as actor', async () => {
    const official = await account(OFFICIAL.documentNumber);
    await assert.rejects(configureUnitPayee(deps(), { id: official.id, documentNumber: OFFICIAL.documentNumber }, unitPayee()), (e) => isAppError(e) && e.code === 'PAYMENTS_NOT_REPRESENTATIVE');
    const citizen = await account(CITIZEN.documentNumber);
    const audit = await sql<{ actor_type: string; actor_id: string }>`
      SELECT actor_type, actor_id FROM audit.entry WHERE action = 'payments.payee_configured' AND subject_id = ${UNIT_PAYEE}`.execute(deps().db);
    assert.deepEqual(audit.rows, [{ actor_type: 'person', actor_id: citizen.id }]);
    const row = await sql<{ kind: string; collecting_agencies: string[] }>`SELECT kind, collecting_agencies FROM payments.payee WHERE agency_code = ${UNIT_PAYEE}`.execute(deps().db);
    assert.deepEqual(row.rows, [{ kind: 'unit', collecting_agencies: ['SEGIP'] }]);
  });

  it('gets orders from later modules through the exported service; a unit without an account gets none', async () => {
    const payer = await account(OFFICIAL.documentNumber);
    const { order, created } = await createUnitOrder(deps(), UNIT, { payerAccountId: payer.id, concept: 'Venta en el mercado', amountMinor: 1500 }, { actor: { type: 'system', id: 'marketplace' } });
    assert.equal(created, true);
    assert.equal(order.payeeAgency, UNIT_PAYEE);
    await assert.rejects(
      createUnitOrder(deps(), '4021587019', { payerAccountId: payer.id, concept: 'Venta', amountMinor: 1500 }, { actor: { type: 'system', id: 'marketplace' } }),
      (e) => isAppError(e) && e.code === 'PAYMENTS_PAYEE_NOT_CONFIGURED',
    );
  });

  it('gets orders through the API from an agency it names, once for 40 identical requests; another agency is refused', async () => {
    const token = await clientToken(t, segip);
    const burst = await Promise.all(Array.from({ length: 40 }, () => postOrder(token, {}, 'venta-unidad-1')));
    const statuses = burst.map((r) => r.status).sort();
    assert.deepEqual([...new Set(statuses)], [200, 201]);
    assert.equal(statuses.filter((s) => s === 201).length, 1, 'one creation, 39 replays');
    const bodies = (await Promise.all(burst.map((r) => r.json()))) as OrderBody[];
    assert.equal(new Set(bodies.map((b) => b.code)).size, 1);
    assert.equal(bodies[0]!.payee, UNIT_PAYEE);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM payments.payment_order WHERE idempotency_key = 'venta-unidad-1'`.execute(deps().db);
    assert.equal(rows.rows[0]!.n, 1);

    const read = await fetch(`${t.baseUrl}/api/v1/payment-orders/${bodies[0]!.code}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(read.status, 200, 'the collecting agency reads the order back');
    const sinToken = await clientToken(t, sin);
    const refused = await postOrder(sinToken, {});
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { code: string }).code, 'PAYMENTS_PAYEE_NOT_ALLOWED');
    const foreign = await fetch(`${t.baseUrl}/api/v1/payment-orders/${bodies[0]!.code}`, { headers: { authorization: `Bearer ${sinToken}` } });
    assert.equal(foreign.status, 404, 'an agency that does not collect for the unit does not see its orders');
    const unknown = await postOrder(token, { payeeUnit: '4021587019' });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code: string }).code, 'PAYMENTS_PAYEE_NOT_CONFIGURED');
  });

  it('is paid at the sandbox; its reconciliation (page and CSV) lists the payment, the agency’s does not, another unit’s representative is refused', async () => {
    const created = (await (await postOrder(await clientToken(t, segip), { concept: 'Poncho' })).json()) as OrderBody;
    const payer = new HttpSession();
    await signInPortal(t, payer, OFFICIAL.login, OFFICIAL.password);
    const back = await payAtSandbox(t, payer, created.code);
    assert.match(back.html, /Pago recibido/);
    const paid = await sql<{ status: string; reference: string }>`
      SELECT o.status, e.gateway_reference AS reference FROM payments.payment_order o JOIN payments.payment_event e ON e.order_id = o.id AND e.kind = 'paid'
      WHERE o.code = ${created.code}`.execute(deps().db);
    assert.equal(paid.rows[0]?.status, 'paid');
    // The payer's order page names the unit, not its payee key.
    const orderPage = await (await payer.request(`${t.baseUrl}/pagos/${created.code}`)).text();
    assert.match(orderPage, /Tejidos Andinos S\.R\.L\./);
    assert.doesNotMatch(orderPage, new RegExp(UNIT_PAYEE));
    // The payer gets a signed receipt: the platform's operator (the profile's AGETIC) signs for the unit it collected for.
    await t.drain();
    const receipt = await sql<{ agency_code: string; title: string; account_id: string; sha256: string }>`
      SELECT d.agency_code, d.title, d.account_id, d.sha256 FROM documents.document d JOIN payments.payment_order o ON d.source_key = 'payments:' || o.id::text
      WHERE o.code = ${created.code}`.execute(deps().db);
    assert.deepEqual(
      receipt.rows.map((r) => [r.agency_code, r.account_id]),
      [['AGETIC', (await account(OFFICIAL.documentNumber)).id]],
    );
    assert.match(receipt.rows[0]!.title, new RegExp(`Recibo de pago ${created.code}`));
    const pdf = (await readFile(deps().db, receipt.rows[0]!.sha256))!.content;
    assert.equal((await signingService(deps()).verifyPdf(pdf)).status, 'valid');
    if (spawnSync('which', ['pdftotext']).status === 0) {
      const text = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      assert.match(text, /recibió, por cuenta de Tejidos Andinos S\.R\.L\., el pago de BOB\s250,00 por «Poncho»/);
    }
    // The gateway settled another amount for this payment: the unit's reconciliation must list it.
    await fetch(`${t.sandbox.url}/control/settlement`, { method: 'POST', body: JSON.stringify({ reference: paid.rows[0]!.reference, amountMinor: 24000 }) });

    const day = new Date().toISOString().slice(0, 10);
    const representative = new HttpSession();
    await signInPortal(t, representative, CITIZEN.login, CITIZEN.password);
    const unitPage = `${t.baseUrl}/gestion/pagos/conciliacion?institucion=${UNIT_PAYEE}&dia=${day}`;
    const form = await representative.request(unitPage);
    assert.equal(form.status, 200);
    assert.equal((await representative.submit(unitPage, await form.text(), {}, 1)).status, 303);
    const html = await (await representative.request(unitPage)).text();
    assert.match(html, new RegExp(created.code), 'the unit’s reconciliation lists the payment');
    assert.match(html, /Montos distintos/);
    assert.match(html, new RegExp(`<option value="${UNIT_PAYEE}"[^>]*>Tejidos Andinos S\\.R\\.L\\.</option>`), 'the selector names the unit');
    const csv = await (await representative.request(`${t.baseUrl}/gestion/pagos/conciliacion.csv?institucion=${UNIT_PAYEE}&dia=${day}`)).text();
    assert.match(csv, new RegExp(`^payee,day,ledger_count[^\\n]*\\n${UNIT_PAYEE},${day},[1-9]\\d*,`));
    assert.match(csv, new RegExp(`amount_mismatch,${paid.rows[0]!.reference},${created.code},25000,24000`));
    const runAudit = await sql<{ actor_type: string }>`SELECT actor_type FROM audit.entry WHERE action = 'payments.reconciliation_run' AND data->>'payee' = ${UNIT_PAYEE}`.execute(deps().db);
    assert.deepEqual(
      runAudit.rows.map((r) => r.actor_type),
      ['person'],
    );
    assert.equal((await representative.request(`${t.baseUrl}/gestion/pagos/conciliacion?institucion=SEGIP&dia=${day}`)).status, 403, 'the unit’s representative does not see the agency’s');

    const official = new HttpSession();
    await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password);
    const agencyPage = `${t.baseUrl}/gestion/pagos/conciliacion?institucion=SEGIP&dia=${day}`;
    const agencyForm = await official.request(agencyPage);
    assert.equal(agencyForm.status, 200);
    assert.equal((await official.submit(agencyPage, await agencyForm.text(), {}, 1)).status, 303);
    assert.doesNotMatch(await (await official.request(agencyPage)).text(), new RegExp(created.code), 'the agency’s reconciliation does not list the unit’s payment');
    assert.match(await (await official.request(`${t.baseUrl}/gestion/pagos/conciliacion.csv?institucion=SEGIP&dia=${day}`)).text(), /\nSEGIP,\d{4}-\d{2}-\d{2},0,0,0,0\n/);
    const refused = await official.request(unitPage);
    assert.equal(refused.status, 403, 'another unit’s representative (and the agency’s official) is refused');
    assert.equal((await official.request(`${t.baseUrl}/gestion/pagos/conciliacion.csv?institucion=${UNIT_PAYEE}&dia=${day}`)).status, 403);
    const difference = (await sql<{ id: string }>`SELECT id FROM payments.difference WHERE order_code = ${created.code}`.execute(deps().db)).rows[0]!.id;
    assert.equal((await official.request(`${t.baseUrl}/gestion/pagos/diferencias/${difference}`)).status, 404, 'nor its differences');
  });

  it('its representative lists the unit’s orders and refunds a payment (audited as a person); the agency’s official sees neither', async () => {
    const payer = await account(OFFICIAL.documentNumber);
    const { order } = await createUnitOrder(deps(), UNIT, { payerAccountId: payer.id, concept: 'Chompa', amountMinor: 9000 }, { actor: { type: 'system', id: 'marketplace' } });
    const paid = (await sql<{ code: string }>`SELECT code FROM payments.payment_order WHERE payee_agency = ${UNIT_PAYEE} AND status = 'paid' LIMIT 1`.execute(deps().db)).rows[0]!.code;
    const representative = new HttpSession();
    await signInPortal(t, representative, CITIZEN.login, CITIZEN.password);
    const list = await representative.request(`${t.baseUrl}/gestion/pagos`);
    assert.equal(list.status, 200);
    const listed = await list.text();
    assert.ok(listed.includes(order.code) && listed.includes(paid), 'the unit’s orders are listed for its representative');
    const pageUrl = `${t.baseUrl}/gestion/pagos/ordenes/${paid}`;
    const page = await representative.request(pageUrl);
    assert.equal(page.status, 200);
    const refunded = await representative.submit(pageUrl, await page.text(), { motivo: 'Prenda devuelta por el comprador.' });
    assert.equal(refunded.status, 303);
    const after = await sql<{ status: string; actor_type: string }>`
      SELECT o.status, a.actor_type FROM payments.payment_order o JOIN audit.entry a ON a.subject_id = o.id::text AND a.action = 'payments.refund_requested' WHERE o.code = ${paid}`.execute(deps().db);
    assert.deepEqual(after.rows, [{ status: 'refunded', actor_type: 'person' }]);

    const official = new HttpSession();
    await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password);
    assert.ok(!(await (await official.request(`${t.baseUrl}/gestion/pagos?institucion=SEGIP`)).text()).includes(order.code), 'not on the agency’s list');
    assert.equal((await official.request(`${t.baseUrl}/gestion/pagos?institucion=${UNIT_PAYEE}`)).status, 403);
    assert.equal((await official.request(`${t.baseUrl}/gestion/pagos/ordenes/${order.code}`)).status, 404);
  });

  it('has a page where its representative registers the settlement account (errors summarised and linked, input kept but the secret); anyone else 403', async () => {
    const representative = new HttpSession();
    await signInPortal(t, representative, CITIZEN.login, CITIZEN.password);
    // Registries' /empresa links each represented unit to it.
    assert.match(await (await representative.request(`${t.baseUrl}/empresa`)).text(), new RegExp(`href="/gestion/pagos/unidades/${UNIT}/cuenta"`));
    const pageUrl = `${t.baseUrl}/gestion/pagos/unidades/${UNIT}/cuenta`;
    const page = await representative.request(pageUrl);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Tejidos Andinos/);
    assert.match(html, /Cuenta registrada/);
    assert.doesNotMatch(html, new RegExp(MERCHANT_SECRET(UNIT_PAYEE).replace(/[+/=]/g, '.')), 'the secret is never shown');
    const bad = await representative.submit(pageUrl, html, { treasuryAccount: 'BUN-999', gatewayUrl: 'ftp://pasarela', merchantId: ' ', secret: 'otro-secreto', collectingAgencies: 'SEGIP' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /<title>Error:/);
    assert.match(badHtml, /resumen-errores[\s\S]*href="#campo-gatewayUrl"[\s\S]*href="#campo-merchantId"/);
    assert.match(badHtml, /value="BUN-999"/, 'the input is kept');
    assert.doesNotMatch(badHtml, /otro-secreto/, 'but not the secret');
    const unknownGateway = await representative.submit(pageUrl, html, { treasuryAccount: 'BUN-999', gatewayUrl: 'http://127.0.0.1:5432/', merchantId: 'm', secret: 's', collectingAgencies: '' });
    assert.equal(unknownGateway.status, 400, 'a gateway no agency uses is refused (Tambo would call it from the server)');
    assert.match(await unknownGateway.text(), /Esta pasarela no trabaja con la plataforma/);
    const saved = await representative.submit(pageUrl, html, {
      treasuryAccount: 'BUN-999',
      gatewayUrl: t.sandbox.url,
      merchantId: `m-${UNIT_PAYEE}`,
      secret: MERCHANT_SECRET(UNIT_PAYEE),
      collectingAgencies: 'segip, SIN',
    });
    assert.equal(saved.status, 303);
    const row = await sql<{ treasury_account: string; collecting_agencies: string[] }>`SELECT treasury_account, collecting_agencies FROM payments.payee WHERE agency_code = ${UNIT_PAYEE}`.execute(
      deps().db,
    );
    assert.deepEqual(row.rows, [{ treasury_account: 'BUN-999', collecting_agencies: ['SEGIP', 'SIN'] }]);
    const sinToken = await clientToken(t, sin);
    assert.equal((await postOrder(sinToken, { concept: 'Ahora cobra SIN' })).status, 201, 'an agency named later may collect');

    const official = new HttpSession();
    await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password);
    const refused = await official.request(pageUrl);
    assert.equal(refused.status, 403);
    assert.doesNotMatch(await refused.text(), /BUN-999/);
  });
});

describe('an economic unit as payer', () => {
  it('pays the fee of a case filed for it: its current representatives see and pay the order, nobody else; a removed one loses it at once', async () => {
    await createFeeProcedure(t, 'tasa-unidad', 'SEGIP', '25.00');
    const citizen = new HttpSession();
    await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password);
    const step = async (browser: HttpSession, path: string, fields: Record<string, string>, pick?: (f: { action: string; hidden: Record<string, string> }) => boolean) => {
      const url = `${t.baseUrl}${path}`;
      const html = await (await browser.request(url)).text();
      return browser.submit(url, html, fields, pick ? formsIn(html).findIndex(pick) : 0);
    };
    // The citizen acts for the unit she represents and files the procedure.
    assert.equal((await step(citizen, '/empresa', { unidad: UNIT }, (f) => f.action === '/empresa/actuar' && f.hidden.unidad === UNIT)).status, 303);
    assert.equal((await step(citizen, '/solicitar/tasa-unidad/datos', { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' })).status, 303);
    assert.equal((await step(citizen, '/solicitar/tasa-unidad/motivo', { purpose: 'work' })).status, 303);
    const sent = await step(citizen, '/solicitar/tasa-unidad/revisar', {});
    const trackingCode = /TR-[A-Z0-9-]+/.exec(sent.headers.get('location') ?? '')?.[0];
    assert.ok(trackingCode, `submitted: ${sent.status}`);
    await t.drain();
    const order = (await sql<{ code: string; payer_unit_key: string | null }>`SELECT code, payer_unit_key FROM payments.payment_order WHERE case_tracking_code = ${trackingCode}`.execute(deps().db))
      .rows[0];
    assert.equal(order?.payer_unit_key, UNIT, "the order is paid on the unit's behalf");
    const mine = await (await citizen.request(`${t.baseUrl}/pagos`)).text();
    assert.ok(mine.includes(order.code), "in the representative's list");

    // The official represents another unit, not this one: the order is not found.
    const official = new HttpSession();
    await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password);
    assert.equal((await official.request(`${t.baseUrl}/pagos/${order.code}`)).status, 404);
    assert.ok(!(await (await official.request(`${t.baseUrl}/pagos`)).text()).includes(order.code));

    // Made a representative of the unit (the registry's representatives, as the owner agency's correction writes them), they pay it.
    await sql`INSERT INTO registries.representative (unit_key, document_number) VALUES (${UNIT}, ${OFFICIAL.documentNumber})`.execute(deps().db);
    try {
      const page = await official.request(`${t.baseUrl}/pagos/${order.code}`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /unidad económica 1028547023/);
      await payAtSandbox(t, official, order.code);
      const paid = await sql<{ status: string }>`SELECT status FROM payments.payment_order WHERE code = ${order.code}`.execute(deps().db);
      assert.equal(paid.rows[0]?.status, 'paid');
      const checkout = await sql<{ data: { forUnit?: string } }>`SELECT data FROM audit.entry WHERE action = 'payments.checkout_started' AND data ->> 'code' = ${order.code}`.execute(deps().db);
      assert.equal(checkout.rows[0]?.data.forUnit, UNIT, 'the checkout is audited for the unit');
    } finally {
      await sql`DELETE FROM registries.representative WHERE unit_key = ${UNIT} AND document_number = ${OFFICIAL.documentNumber}`.execute(deps().db);
    }
    assert.equal((await official.request(`${t.baseUrl}/pagos/${order.code}`)).status, 404, 'a removed representative loses the order at once');
    assert.equal((await citizen.request(`${t.baseUrl}/pagos/${order.code}`)).status, 200);
  });
});
