// The agency's side of payments over real HTTP, with the sandbox gateway on its own port: the
// official's order list (filters; only the agencies they hold a role in), the refund page (a
// reason required, audited, once: 40 parallel POSTs give one refund), and a fee set by the official while
// processing (the order comes then, and the person is told in the mailbox). Fees by a declared
// answer are priced in fees.test.ts: the `cases.submitted` event carries no answers (see
// docs/payments.md, "What is left").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { forgetCatalog } from '../catalog/catalog-cache.ts';
import { submitApplication } from '../cases/index.ts';
import { findAccountByIdentityDocument } from '../identity/index.ts';
import { addPaymentsClient, clientToken, createFeeProcedure, type PaymentsTestApp, startPaymentsApp } from './payments.test-helpers.ts';
import { findOrderOfCase, getOrderForPayee, startCheckout } from './payments.service.ts';

let t: PaymentsTestApp;
const deps = () => t.app.tambo.deps;
const CITIZEN_DOCUMENT = '4567891 LP';
let official: HttpSession;
let segip: { id: string; secret: string };
let sin: { id: string; secret: string };

before(async () => {
  t = await startPaymentsApp(['SEGIP', 'SIN']);
  segip = await addPaymentsClient(t, 'SEGIP');
  sin = await addPaymentsClient(t, 'SIN');
  official = new HttpSession();
  await signInPortal(t, official, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
});
after(async () => {
  await t.close();
});

async function newOrder(client: { id: string; secret: string }, concept: string): Promise<{ code: string }> {
  const response = await fetch(`${t.baseUrl}/api/v1/payment-orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await clientToken(t, client)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ payer: { documentType: 'CI', documentNumber: CITIZEN_DOCUMENT }, concept, amountMinor: 4000 }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as { code: string };
}

/** Pays an order at the sandbox gateway (the person's choice on its page) and waits for its notification. */
async function pay(code: string): Promise<void> {
  const redirect = await startCheckout(deps(), await getOrderForPayee(deps(), 'SEGIP', code), { accountId: null });
  const paid = await fetch(redirect, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'method=card&action=pay&mode=normal', redirect: 'manual' });
  assert.equal(paid.status, 303);
  for (let i = 0; i < 100 && (await getOrderForPayee(deps(), 'SEGIP', code)).status !== 'paid'; i += 1) await new Promise((r) => setTimeout(r, 50));
  assert.equal((await getOrderForPayee(deps(), 'SEGIP', code)).status, 'paid');
}

describe("the agency's orders", () => {
  it('lists only the agencies the official holds a role in, filtered by status and date', async () => {
    const open = await newOrder(segip, 'Orden abierta de SEGIP');
    const settled = await newOrder(segip, 'Orden pagada de SEGIP');
    const foreign = await newOrder(sin, 'Orden de SIN');
    await pay(settled.code);
    const all = await (await official.request(`${t.baseUrl}/gestion/pagos?institucion=SEGIP`)).text();
    assert.ok(all.includes(open.code) && all.includes(settled.code));
    assert.ok(!all.includes(foreign.code), "another agency's order is not listed");
    const paid = await (await official.request(`${t.baseUrl}/gestion/pagos?institucion=SEGIP&estado=paid`)).text();
    assert.ok(paid.includes(settled.code) && !paid.includes(open.code), 'the status filter keeps the paid only');
    const past = await (await official.request(`${t.baseUrl}/gestion/pagos?institucion=SEGIP&hasta=2020-01-01`)).text();
    assert.ok(!past.includes(open.code), 'the date filter');
    assert.equal((await official.request(`${t.baseUrl}/gestion/pagos?institucion=SIN`)).status, 403, 'an agency the official has no role in');
    assert.equal((await official.request(`${t.baseUrl}/gestion/pagos/ordenes/${foreign.code}`)).status, 404, "another agency's order is not found");
    const person = new HttpSession();
    await signInPortal(t, person, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    assert.equal((await person.request(`${t.baseUrl}/gestion/pagos`)).status, 403, 'a person without a role');
  });

  it('refunds with a reason, audited, once: 40 parallel requests give one refund', async () => {
    const order = await newOrder(segip, 'Orden a devolver');
    await pay(order.code);
    const pageUrl = `${t.baseUrl}/gestion/pagos/ordenes/${order.code}`;
    const html = await (await official.request(pageUrl)).text();
    const empty = await official.submit(pageUrl, html, { motivo: '  ' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /resumen-errores[\s\S]*Escriba el motivo de la devolución/);
    const burst = await Promise.all(Array.from({ length: 40 }, () => official.submit(pageUrl, html, { motivo: 'Trámite anulado por la institución' })));
    const statuses = burst.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 303).length, 1, `one refund: ${statuses.join(',')}`);
    assert.ok(
      statuses.every((s) => s === 303 || s === 409),
      statuses.join(','),
    );
    assert.equal((await getOrderForPayee(deps(), 'SEGIP', order.code)).status, 'refunded');
    const ledger = await sql<{ kind: string; note: string | null }>`
      SELECT e.kind, e.note FROM payments.payment_event e JOIN payments.payment_order o ON o.id = e.order_id WHERE o.code = ${order.code} AND e.kind IN ('refund_requested', 'refunded')`.execute(
      deps().db,
    );
    assert.deepEqual(ledger.rows.map((r) => r.kind).sort(), ['refund_requested', 'refunded']);
    assert.equal(ledger.rows.find((r) => r.kind === 'refund_requested')?.note, 'Trámite anulado por la institución');
    const audit = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit.entry WHERE action = 'payments.refund_requested' AND actor_type = 'official' AND data->>'code' = ${order.code}`.execute(deps().db);
    assert.equal(audit.rows[0]!.n, 1);
    const after = await (await official.request(pageUrl)).text();
    assert.match(after, /Devolución solicitada/);
    assert.ok(!after.includes('name="motivo"'), 'no second refund form');
  });
});

describe('fees as data', () => {
  const account = async () => (await findAccountByIdentityDocument(deps(), 'CI', CITIZEN_DOCUMENT))!;
  const setFormula = async (slug: string, formula: string) => {
    await createFeeProcedure(t, slug, 'SEGIP', '1.00');
    await sql`UPDATE catalog.procedure_version v SET fee_kind = 'formula', fee_amount = NULL, fee_formula = ${formula}
      FROM catalog.procedure p WHERE p.id = v.procedure_id AND p.slug = ${slug}`.execute(deps().db);
    forgetCatalog();
  };

  it('a fee set by the official: the case waits, the official sets it (bad amounts refused), the order is created and the person told', async () => {
    await setFormula('importe-por-funcionario', JSON.stringify({ setBy: 'official' }));
    const person = await account();
    const c = await submitApplication(deps(), { slug: 'importe-por-funcionario', accountId: person.id, answers: { birthDate: '2020-01-01', copies: 1, purpose: 'work' }, channel: 'online' });
    await t.drain();
    assert.equal(await findOrderOfCase(deps(), c.id), undefined, 'no order before the official sets the fee');
    const list = await (await official.request(`${t.baseUrl}/gestion/pagos?institucion=SEGIP`)).text();
    assert.ok(list.includes(`/gestion/pagos/importes/${c.id}`), 'the case waits in the list');
    const feeUrl = `${t.baseUrl}/gestion/pagos/importes/${c.id}`;
    const form = await (await official.request(feeUrl)).text();
    const bad = await official.submit(feeUrl, form, { importe: 'cuarenta' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /resumen-errores[\s\S]*Escriba un importe mayor que cero/);
    assert.match(badHtml, /value="cuarenta"/, 'the input is kept');
    const set = await official.submit(feeUrl, form, { importe: '25,50' });
    assert.equal(set.status, 303);
    const order = await findOrderOfCase(deps(), c.id);
    assert.equal(order?.amountMinor, 2550);
    assert.equal(order.payerAccountId, person.id);
    const again = await official.submit(feeUrl, form, { importe: '99,00' });
    assert.equal(again.status, 303, 'a second submission answers the same order');
    assert.equal((await findOrderOfCase(deps(), c.id))?.amountMinor, 2550);
    await t.drain();
    const mail = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE recipient_account_id = ${person.id} AND body LIKE ${`%${order.code}%`}`.execute(deps().db);
    assert.equal(mail.rows[0]!.n, 1, 'the person is told in the mailbox');
  });
  it("a fee declared over the answers is priced from the case's answers: base plus copies × the unit price", async () => {
    await setFormula('importe-por-copias', JSON.stringify({ base: '5.00', perUnit: { answer: 'copies', amount: '10.50', maxUnits: 20 } }));
    const person = await account();
    const c = await submitApplication(deps(), { slug: 'importe-por-copias', accountId: person.id, answers: { birthDate: '2020-01-01', copies: 3, purpose: 'work' }, channel: 'online' });
    await t.drain();
    const order = await findOrderOfCase(deps(), c.id);
    assert.equal(order?.amountMinor, 500 + 3 * 1050, 'Bs 5,00 + 3 × Bs 10,50');
    assert.equal(order.payerAccountId, person.id);
  });
});
