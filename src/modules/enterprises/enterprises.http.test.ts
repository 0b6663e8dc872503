// Emprendedores over real HTTP on the Bolivian demo data: the citizen represents Tejidos Andinos
// (registries' seed) and keeps its cash book; the official, who represents another unit, is
// refused on every route; anonymous people are sent to sign in. Bad input comes back with the
// errors linked to the fields and the input kept; a form without its CSRF token is refused; 20
// parallel sales with receipts get the numbers 1…20 without gaps and 20 identical posts record
// one entry; the book is append-only in the database; the CSV's balance is the sum of its
// amounts; invoices are authorised (a code the sandbox verifies) or refused with the reason, once
// per sale; a payment order is created for the unit and its payer sees it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { findAccountByIdentityDocument } from '../identity/index.ts';
import { configureUnitPayee } from '../payments/index.ts';
import { sandboxAuthority, sandboxKey } from './fiscal.ts';

const UNIT = '1028547023';
const BOOK = `/emprendedores/${UNIT}`;
const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana', documentNumber: '4567891 LP' };
const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario', documentNumber: '3456789 LP' };

let t: TestApp & { baseUrl: string };
let citizen: HttpSession;
let official: HttpSession;
const deps = () => t.app.tambo.deps;

const get = async (browser: HttpSession, path: string) => {
  const response = await browser.request(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text(), response };
};

/** The book page's form posting to `action`: its hidden fields (CSRF, form key) with `fields`. */
async function formOf(browser: HttpSession, action: string): Promise<Record<string, string>> {
  const html = (await get(browser, BOOK)).html;
  const forms = [...html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((f) => f[1]!.endsWith(action));
  assert.ok(form, `form ${action}`);
  return Object.fromEntries([...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

async function post(browser: HttpSession, action: string, fields: Record<string, string>, hidden?: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams({ ...(hidden ?? (await formOf(browser, action))), ...fields });
  return browser.request(`${t.baseUrl}${BOOK}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

const today = () => {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/La_Paz' }).format(new Date()).split('-');
  return { 'fecha-day': day!, 'fecha-month': month!, 'fecha-year': year! };
};

before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  citizen = new HttpSession();
  official = new HttpSession();
  assert.equal((await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password)).status, 200);
  assert.equal((await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password)).status, 200);
});
after(async () => t.close());

describe('emprendedores', () => {
  it('is for the unit’s representatives only', async () => {
    const anonymous = await get(new HttpSession(), BOOK);
    assert.ok([302, 303].includes(anonymous.status), `anonymous is sent to sign in (${anonymous.status})`);
    const list = await get(citizen, '/emprendedores');
    assert.equal(list.status, 200);
    assert.match(list.html, new RegExp(`href="${BOOK}"`));
    assert.match(list.html, /Tejidos Andinos/);
    // Selling through the marketplace: a link from the list and the book (not a copy), to the unit's shop or the application to open one.
    const book = await get(citizen, BOOK);
    for (const html of [list.html, book.html]) assert.match(html, new RegExp(`href="/mercado/unidades/${UNIT}"`));
    const shop = await citizen.request(`${t.baseUrl}/mercado/unidades/${UNIT}`);
    assert.equal(shop.status, 303);
    assert.equal(shop.headers.get('location'), '/mercado/vender', 'not a seller yet: the application to sell');
    const other = await get(official, '/emprendedores');
    assert.doesNotMatch(other.html, new RegExp(`href="${BOOK}"`), 'the official does not represent it');
    assert.equal((await get(official, BOOK)).status, 403);
    assert.equal((await get(official, `${BOOK}/libro.csv`)).status, 403);
    // The official's own page gives them a CSRF token; their posts to the citizen's unit are refused.
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await get(official, '/emprendedores')).html)?.[1] ?? '';
    for (const action of ['/asientos', '/facturas', '/cobros']) {
      const refused = await post(official, action, { tipo: 'sale', monto: '10', descripcion: 'Intruso', ...today() }, { _csrf: csrf });
      assert.equal(refused.status, 403, action);
    }
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM enterprises.entry`.execute(deps().db);
    assert.equal(Number(count.rows[0]!.n), 0);
  });

  it('refuses a post without its CSRF token, and shows errors by their fields with the input kept', async () => {
    const forged = await citizen.request(`${t.baseUrl}${BOOK}/asientos`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ tipo: 'sale', monto: '10', descripcion: 'Sin token', ...today() }).toString(),
    });
    assert.equal(forged.status, 403);
    const wrong = await post(citizen, '/asientos', { tipo: 'purchase', monto: '12,345', descripcion: 'Lana de alpaca', 'fecha-day': '31', 'fecha-month': '2', 'fecha-year': '2026', recibo: 'si' });
    assert.equal(wrong.status, 422);
    const html = await wrong.text();
    for (const field of ['monto', 'fecha', 'recibo']) assert.match(html, new RegExp(`href="#campo-${field}"`), field);
    assert.match(html, /value="Lana de alpaca"/);
    assert.match(html, /value="12,345"/);
    const correction = await post(citizen, '/asientos', { monto: '-5', descripcion: 'Corrige nada', corrige: '999999', ...today() });
    assert.equal(correction.status, 422);
    assert.match(await correction.text(), /href="#campo-corrige"/);
  });

  it('numbers receipts without gaps under parallel sales, and records a burst of one form once', async () => {
    const forms = await Promise.all(Array.from({ length: 20 }, () => formOf(citizen, '/asientos')));
    const sales = await Promise.all(forms.map((hidden, i) => post(citizen, '/asientos', { tipo: 'sale', monto: `${i + 1}0,50`, descripcion: `Chalina ${i + 1}`, recibo: 'si', ...today() }, hidden)));
    assert.deepEqual(
      sales.map((r) => r.status),
      Array(20).fill(303),
    );
    const receipts = await sql<{ receipt_number: number }>`SELECT receipt_number FROM enterprises.entry WHERE unit_key = ${UNIT} AND receipt_number IS NOT NULL ORDER BY receipt_number`.execute(
      deps().db,
    );
    assert.deepEqual(
      receipts.rows.map((r) => r.receipt_number),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const one = await formOf(citizen, '/asientos');
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => post(citizen, '/asientos', { tipo: 'purchase', monto: '100', descripcion: 'Tinte natural', contraparte: 'Feria 16 de Julio', ...today() }, one)),
    );
    assert.ok(burst.every((r) => r.status === 303));
    const purchases = await sql<{ n: string }>`SELECT count(*) AS n FROM enterprises.entry WHERE description = 'Tinte natural'`.execute(deps().db);
    assert.equal(Number(purchases.rows[0]!.n), 1);
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'enterprises.entry_sale' AND subject_id = ${UNIT}`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 20);
  });

  it('corrects by a new entry; the database refuses to change or delete one; the CSV adds up', async () => {
    const first = await sql<{ seq: string }>`SELECT seq FROM enterprises.entry WHERE description = 'Tinte natural'`.execute(deps().db);
    const fixed = await post(citizen, '/asientos', { monto: '-20', descripcion: 'El tinte costó 120', corrige: String(first.rows[0]!.seq), ...today() });
    assert.equal(fixed.status, 303);
    await assert.rejects(sql`UPDATE enterprises.entry SET amount_minor = 1 WHERE unit_key = ${UNIT}`.execute(deps().db), /append-only/);
    await assert.rejects(sql`DELETE FROM enterprises.entry WHERE unit_key = ${UNIT}`.execute(deps().db), /append-only/);

    const csv = await get(citizen, `${BOOK}/libro.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.response.headers.get('content-type') ?? '', /text\/csv/);
    const lines = csv.html
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    assert.equal(lines[0]![5], 'amount');
    const body = lines.slice(1);
    assert.equal(body.length, 22);
    // Independent recomputation: sales 10,50 + 20,50 + … + 200,50; a purchase of 100; a correction of −20.
    const expected = Array.from({ length: 20 }, (_, i) => (i + 1) * 1000 + 50).reduce((a, b) => a + b, 0) - 10_000 - 2000;
    const summed = body.reduce((sum, l) => sum + Math.round(Number(l[5]) * 100), 0);
    assert.equal(summed, expected);
    assert.equal(Math.round(Number(body.at(-1)![7]) * 100), expected, 'the last running balance is the sum');
    assert.equal(body.at(-1)![2], 'correction');

    const page = await get(citizen, BOOK);
    assert.match(page.html, /Resumen mensual/);
    assert.match(page.html, /recibo 20/);
  });

  it('asks the tax authority for invoices: authorised once per sale with a verifiable code, or refused with the reason', async () => {
    assert.equal((await post(citizen, '/asientos', { tipo: 'sale', monto: '1500', descripcion: 'Poncho de vicuña', ...today() })).status, 303);
    const sale = (
      await sql<{ seq: string; id: string; amount_minor: string; value_date: string }>`
      SELECT seq, id, amount_minor, to_char(value_date, 'YYYY-MM-DD') AS value_date FROM enterprises.entry WHERE description = 'Poncho de vicuña'`.execute(deps().db)
    ).rows[0]!;
    const refused = await post(citizen, '/facturas', { venta: String(sale.seq), nit: '0', comprador: 'Consumidor final' });
    assert.equal(refused.status, 303);
    assert.match(refused.headers.get('location')!, /hecho=rechazada/);
    assert.match((await get(citizen, BOOK)).html, /FINAL_CONSUMER_LIMIT/);
    const wrong = await post(citizen, '/facturas', { venta: '', nit: '', comprador: '' });
    assert.equal(wrong.status, 422);
    for (const field of ['venta', 'nit', 'comprador']) assert.match(await wrong.clone().text(), new RegExp(`href="#campo-${field}"`));

    const hidden = await formOf(citizen, '/facturas');
    const burst = await Promise.all(Array.from({ length: 20 }, () => post(citizen, '/facturas', { venta: String(sale.seq), nit: '1020304050', comprador: 'Comercial Illimani' }, hidden)));
    assert.ok(burst.every((r) => r.status === 303));
    const invoices = await sql<{
      status: string;
      authorisation_code: string | null;
    }>`SELECT status, authorisation_code FROM enterprises.invoice WHERE entry_id = ${sale.id} ORDER BY requested_at`.execute(deps().db);
    assert.deepEqual(
      invoices.rows.map((r) => r.status),
      ['refused', 'authorised'],
    );
    const code = invoices.rows[1]!.authorisation_code!;
    const verify = sandboxAuthority(sandboxKey(deps().config)).verify;
    const request = {
      sellerTaxId: UNIT,
      buyerTaxId: '1020304050',
      buyerName: 'Comercial Illimani',
      amountMinor: Number(sale.amount_minor),
      currency: 'BOB',
      issuedOn: sale.value_date,
      reference: sale.id,
    };
    assert.ok(verify(request, code), 'the code is the sandbox authority’s for these data');
    assert.ok(!verify({ ...request, amountMinor: request.amountMinor + 1 }, code), 'and for no other amount');
    const again = await post(citizen, '/facturas', { venta: String(sale.seq), nit: '1020304050', comprador: 'Comercial Illimani' });
    assert.equal(again.status, 422);
    assert.match(await again.text(), /ya tiene una factura autorizada/);
    assert.match((await get(citizen, `${BOOK}/libro.csv`)).html, new RegExp(code));
  });

  it('creates a payment order the unit is paid, which its payer finds', async () => {
    const noPayer = await post(citizen, '/cobros', { tipodoc: 'CI', documento: '0000000 XX', concepto: 'Chalina', importe: '' });
    assert.equal(noPayer.status, 422);
    const noPayerHtml = await noPayer.text();
    for (const field of ['documento', 'importe']) assert.match(noPayerHtml, new RegExp(`href="#campo-${field}"`));
    const before = await post(citizen, '/cobros', { tipodoc: 'CI', documento: OFFICIAL.documentNumber, concepto: 'Chalina de alpaca', importe: '250' });
    assert.equal(before.status, 422, 'the unit has no settlement account yet');
    assert.match(await before.text(), /no tiene cuenta de cobro/);
    // Its representative registers it (payments' exported service, at the demo gateway the agencies use).
    const gateway = await sql<{ gateway_url: string }>`SELECT gateway_url FROM payments.payee WHERE kind = 'agency' LIMIT 1`.execute(deps().db);
    const representative = (await findAccountByIdentityDocument(deps(), 'CI', CITIZEN.documentNumber))!;
    await configureUnitPayee(
      deps(),
      { id: representative.id, documentNumber: CITIZEN.documentNumber },
      { unitKey: UNIT, treasuryAccount: 'BUN-10000123', gatewayUrl: gateway.rows[0]!.gateway_url, merchantId: `m-UE-${UNIT}`, secret: 'secreto-de-prueba-del-comercio', collectingAgencies: [] },
    );
    const created = await post(citizen, '/cobros', { tipodoc: 'CI', documento: OFFICIAL.documentNumber, concepto: 'Chalina de alpaca', importe: '250' });
    assert.equal(created.status, 303);
    const code = /cobro=(\d{12})/.exec(created.headers.get('location') ?? '')?.[1];
    assert.ok(code);
    const order = await sql<{ payee_agency: string; amount_minor: number }>`SELECT payee_agency, amount_minor FROM payments.payment_order WHERE code = ${code}`.execute(deps().db);
    assert.deepEqual(order.rows, [{ payee_agency: `UE-${UNIT}`, amount_minor: 25000 }]);
    assert.equal((await get(official, `/pagos/${code}`)).status, 200, 'the payer sees it');
  });
});
