// Payments over real HTTP, with the sandbox gateway listening on its own port: agencies'
// systems create and read their own orders (idempotent); a person pays from "Mis pagos"
// without JavaScript and comes back; the gateway's notifications are verified (unsigned,
// wrongly signed and old ones refused) and never pay twice nor un-pay (duplicates, replays,
// reordering, 50 identical in parallel); declines, expiry with the status poll, late
// payments flagged for refund, refunds; a submitted case with a fee gets its order and moves on when paid.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { defaultWorkflow, type WorkflowDefinition } from '../../platform/forms/index.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { submitApplication } from '../cases/index.ts';
import { findAccountByIdentityDocument } from '../identity/index.ts';
import {
  addPaymentsClient,
  clientToken,
  createFeeProcedure,
  payAtSandbox,
  type PaymentsTestApp,
  type PortalPayment,
  postNotification,
  signedNotification,
  signInAt,
  startPaymentsApp,
} from './payments.test-helpers.ts';
import { findOrderOfCase, getOrderForPayee, refundOrder, runExpiry } from './payments.service.ts';

let t: PaymentsTestApp;
const deps = () => t.app.tambo.deps;
const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana', documentType: 'CI', documentNumber: '4567891 LP' };
const OTHER = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario' };
let segip: { id: string; secret: string };
let sin: { id: string; secret: string };

before(async () => {
  t = await startPaymentsApp(['SEGIP', 'SIN']);
  segip = await addPaymentsClient(t, 'SEGIP');
  sin = await addPaymentsClient(t, 'SIN');
});
after(async () => {
  await t.close();
});

interface OrderBody {
  code: string;
  status: string;
  amountMinor: number;
  currency: string;
  refundDue: boolean;
}

async function createOrder(client = segip, body: Record<string, unknown> = {}, key?: string): Promise<Response> {
  return fetch(`${t.baseUrl}/api/v1/payment-orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await clientToken(t, client)}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ payer: { documentType: 'CI', documentNumber: CITIZEN.documentNumber }, concept: 'Certificado de prueba', amountMinor: 4000, ...body }),
  });
}

async function newOrder(body: Record<string, unknown> = {}): Promise<OrderBody> {
  const response = await createOrder(segip, body);
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as OrderBody;
}

const order = (code: string) => getOrderForPayee(deps(), 'SEGIP', code);
const ledger = async (code: string) =>
  (
    await sql<{ kind: string }>`SELECT e.kind FROM payments.payment_event e JOIN payments.payment_order o ON o.id = e.order_id WHERE o.code = ${code} ORDER BY e.occurred_at, e.id`.execute(deps().db)
  ).rows.map((r) => r.kind);

const signIn = (person: { login: string; password: string }) => signInAt(t, person);
const payFromPortal = (browser: HttpSession, code: string, choice: PortalPayment = {}) => payAtSandbox(t, browser, code, choice);

/** A case of a new published procedure with a fixed fee (waiting for payment unless another workflow is given), submitted, with its order. */
async function submitFeeCase(slug: string, fee: string, workflow?: WorkflowDefinition) {
  await createFeeProcedure(t, slug, 'SEGIP', fee, workflow);
  const account = (await findAccountByIdentityDocument(deps(), 'CI', CITIZEN.documentNumber))!;
  const c = await submitApplication(deps(), { slug, accountId: account.id, answers: { birthDate: '2020-01-01', copies: 2, purpose: 'work' }, channel: 'online' });
  await t.drain();
  return { c, created: (await findOrderOfCase(deps(), c.id))! };
}

describe('the payment orders API', () => {
  it('creates an order for the calling agency, replays a retry with the same Idempotency-Key, and reads it back', async () => {
    const first = await createOrder(segip, {}, 'clave-1');
    assert.equal(first.status, 201, await first.clone().text());
    const created = (await first.json()) as OrderBody;
    assert.match(created.code, /^\d{12}$/);
    assert.equal(created.currency, 'BOB');
    assert.equal(created.status, 'created');
    const again = await createOrder(segip, {}, 'clave-1');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await again.json()) as OrderBody).code, created.code);
    const other = await createOrder(segip, { amountMinor: 5000 }, 'clave-1');
    assert.equal(other.status, 422, 'the same key with another request is refused');
    // Parallel retries: one order.
    const parallel = await Promise.all(Array.from({ length: 10 }, () => createOrder(segip, { concept: 'Paralelo' }, 'clave-paralela')));
    const codes = new Set(await Promise.all(parallel.map(async (r) => ((await r.json()) as OrderBody).code)));
    assert.equal(codes.size, 1);
    const read = await fetch(`${t.baseUrl}/api/v1/payment-orders/${created.code}`, { headers: { authorization: `Bearer ${await clientToken(t, segip, 'payments:read')}` } });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as OrderBody).amountMinor, 4000);
  });

  it('an agency sees only its own orders; no token, no scope and bad input are refused with problem details', async () => {
    const created = await newOrder();
    const foreign = await fetch(`${t.baseUrl}/api/v1/payment-orders/${created.code}`, { headers: { authorization: `Bearer ${await clientToken(t, sin, 'payments:read')}` } });
    assert.equal(foreign.status, 404);
    assert.equal(((await foreign.json()) as { code: string }).code, 'PAYMENTS_ORDER_NOT_FOUND');
    const anonymous = await fetch(`${t.baseUrl}/api/v1/payment-orders/${created.code}`);
    assert.equal(anonymous.status, 401);
    const readOnly = await addPaymentsClient(t, 'SEGIP', ['payments:read']);
    const token = await clientToken(t, readOnly, 'payments:read');
    const refused = await fetch(`${t.baseUrl}/api/v1/payment-orders`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(refused.status, 403);
    const bad = await createOrder(segip, { payer: { documentType: 'XX', documentNumber: '1' }, amountMinor: 0 });
    assert.equal(bad.status, 400);
    const problem = (await bad.json()) as { errors?: Array<{ pointer: string }> };
    assert.ok(
      problem.errors?.some((e) => e.pointer === '/amountMinor'),
      JSON.stringify(problem),
    );
    const badDoc = await createOrder(segip, { payer: { documentType: 'XX', documentNumber: '1' } });
    assert.equal(badDoc.status, 400);
    assert.ok(((await badDoc.json()) as { errors: Array<{ pointer: string }> }).errors.some((e) => e.pointer === '/payer/documentType'));
  });
});

describe('paying from "Mis pagos" without JavaScript', () => {
  it('lists the order, pays it at the sandbox, comes back to a paid order and a receipt in the mailbox; nobody else sees it', async () => {
    const created = await newOrder({ concept: 'Pago desde el portal' });
    const browser = await signIn(CITIZEN);
    const list = await browser.request(`${t.baseUrl}/pagos`);
    assert.match(await list.text(), new RegExp(created.code));
    const back = await payFromPortal(browser, created.code);
    assert.match(back.url, new RegExp(`/pagos/${created.code}\\?retorno=1$`));
    assert.match(back.html, /Pago recibido/);
    assert.equal((await order(created.code)).status, 'paid');
    await t.drain();
    const mail = await sql<{ subject: string }>`SELECT subject FROM mailbox.message WHERE subject LIKE ${'%Pago desde el portal%'}`.execute(deps().db);
    assert.equal(mail.rows.length, 1, 'one receipt in the mailbox');
    const stranger = await signIn(OTHER);
    assert.equal((await stranger.request(`${t.baseUrl}/pagos/${created.code}`)).status, 404, 'another person gets "not found"');
    assert.doesNotMatch(await (await stranger.request(`${t.baseUrl}/pagos`)).text(), new RegExp(created.code));
  });

  it('a declined payment leaves the order payable; a notification that comes after the return is asked for (fetchStatus)', async () => {
    const browser = await signIn(CITIZEN);
    const declined = await newOrder({ concept: 'Rechazado' });
    const back = await payFromPortal(browser, declined.code, { action: 'decline' });
    assert.match(back.html, /rechazado/);
    assert.equal((await order(declined.code)).status, 'declined');
    const late = await newOrder({ concept: 'Aviso tardío' });
    const returned = await payFromPortal(browser, late.code, { mode: 'timeout' });
    assert.match(returned.html, /Pago recibido/, 'the return page asked the gateway');
    assert.equal((await order(late.code)).status, 'paid');
  });
});

describe('notifications from the gateway', () => {
  it('refuses unsigned, wrongly signed and old notifications, and records them', async () => {
    const created = await newOrder();
    const good = signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: created.code, amountMinor: 4000 });
    const unsigned = await fetch(`${t.baseUrl}/api/v1/payment-notifications/SEGIP`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: good.body });
    assert.equal(unsigned.status, 401);
    const forged = signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: created.code, amountMinor: 4000 }, { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal((await postNotification(t, 'SEGIP', forged)).status, 401);
    const tampered = { ...good, body: good.body.replace('4000', '40') };
    assert.equal((await postNotification(t, 'SEGIP', tampered)).status, 401);
    const old = signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: created.code, amountMinor: 4000 }, { at: new Date(Date.now() - 10 * 60_000) });
    assert.equal((await postNotification(t, 'SEGIP', old)).status, 401, 'a replay with an old timestamp is refused');
    assert.equal((await order(created.code)).status, 'created');
    const refused = await sql<{ outcome: string }>`SELECT outcome FROM payments.notification WHERE outcome IN ('unsigned', 'bad_signature', 'stale')`.execute(deps().db);
    assert.ok(refused.rows.length >= 4);
  });

  it('a duplicate, a reordered decline and 50 identical notifications in parallel pay exactly once', async () => {
    const created = await newOrder();
    const paid = signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: created.code, amountMinor: 4000, reference: 'txn_parallel' }, { id: 'msg_parallel' });
    const answers = await Promise.all(Array.from({ length: 50 }, () => postNotification(t, 'SEGIP', paid)));
    const results = await Promise.all(answers.map(async (r) => ((await r.json()) as { result: string }).result));
    assert.equal(results.filter((r) => r === 'applied').length, 1, results.join(','));
    assert.equal(results.filter((r) => r === 'duplicate').length, 49);
    const decline = signedNotification('SEGIP', { type: 'payment.declined', orderCode: created.code, amountMinor: 4000, occurredAt: new Date(Date.now() - 60_000) });
    assert.equal(((await (await postNotification(t, 'SEGIP', decline)).json()) as { result: string }).result, 'ignored');
    assert.equal((await order(created.code)).status, 'paid', 'never un-paid');
    assert.deepEqual(
      (await ledger(created.code)).filter((k) => k === 'paid'),
      ['paid'],
    );
    await t.drain();
    const receipts = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE body LIKE ${`%${created.code}%`}`.execute(deps().db);
    assert.equal(receipts.rows[0]!.n, 1, 'one receipt');
  });

  it('the sandbox notifying twice, out of order or after the return still pays once', async () => {
    const browser = await signIn(CITIZEN);
    for (const mode of ['twice', 'out_of_order', 'after_return']) {
      const created = await newOrder({ concept: `Modo ${mode}` });
      await payFromPortal(browser, created.code, { mode });
      assert.equal((await order(created.code)).status, 'paid', mode);
      assert.deepEqual(
        (await ledger(created.code)).filter((k) => k === 'paid'),
        ['paid'],
        mode,
      );
    }
  });
});

describe('expiry, late payments and refunds', () => {
  it('the expiry job asks the gateway before expiring, expires the unpaid, and keeps a late payment flagged for refund', async () => {
    const browser = await signIn(CITIZEN);
    // Paid at the gateway, which never notifies, and the person never comes back: the job asks.
    const silent = await newOrder({ concept: 'Sin aviso' });
    const pageUrl = `${t.baseUrl}/pagos/${silent.code}`;
    const started = await browser.submit(pageUrl, await (await browser.request(pageUrl)).text(), {});
    const paid = await fetch(started.headers.get('location')!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ method: 'card', action: 'pay', mode: 'timeout' }).toString(),
      redirect: 'manual',
    });
    assert.equal(paid.status, 303);
    assert.equal((await order(silent.code)).status, 'pending');
    await sql`UPDATE payments.payment_order SET expires_at = now() + interval '30 minutes' WHERE code = ${silent.code}`.execute(deps().db);
    const unpaid = await newOrder({ concept: 'Sin pagar' });
    const late = await newOrder({ concept: 'Pago tardío' });
    await sql`UPDATE payments.payment_order SET expires_at = now() - interval '1 minute' WHERE code IN (${unpaid.code}, ${late.code})`.execute(deps().db);
    const result = await runExpiry(deps());
    assert.ok(result.expired >= 2);
    assert.ok(result.polled >= 1);
    assert.equal((await order(silent.code)).status, 'paid', 'paid by the status poll before expiry');
    assert.equal((await order(unpaid.code)).status, 'expired');
    const notice = signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: late.code, amountMinor: 4000 });
    assert.equal(((await (await postNotification(t, 'SEGIP', notice)).json()) as { result: string }).result, 'applied');
    const kept = await order(late.code);
    assert.equal(kept.status, 'expired');
    assert.equal(kept.refundDue, true);
    assert.deepEqual((await ledger(late.code)).slice(-1), ['late_payment']);
  });

  it('a paid order is refunded through the gateway once; the database refuses to un-pay or pay a refunded order', async () => {
    const browser = await signIn(CITIZEN);
    const created = await newOrder({ concept: 'Devolución' });
    await payFromPortal(browser, created.code);
    const refunded = await refundOrder(deps(), await order(created.code), { actor: { type: 'system', id: 'test' } });
    assert.equal(refunded.status, 'refunded');
    await assert.rejects(() => refundOrder(deps(), refunded, { actor: { type: 'system', id: 'test' } }), /PAYMENTS_ORDER_NOT_REFUNDABLE/);
    await assert.rejects(() => sql`UPDATE payments.payment_order SET status = 'paid' WHERE code = ${created.code}`.execute(deps().db), /not allowed/);
    await assert.rejects(() => sql`UPDATE payments.payment_order SET status = 'created' WHERE code = ${created.code}`.execute(deps().db), /not allowed/);
    const audit = await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${refunded.id} ORDER BY occurred_at, id`.execute(deps().db);
    assert.deepEqual(
      audit.rows.map((r) => r.action).filter((a) => a !== 'payments.checkout_started'),
      ['payments.order_created', 'payments.order_paid', 'payments.refund_requested', 'payments.order_refunded'],
    );
  });
});

describe('a case with a fee', () => {
  it('gets its order when submitted, waits for payment, and moves on when paid', async () => {
    const { c, created } = await submitFeeCase('certificado-con-arancel', '40.00');
    assert.equal(c.state, 'awaiting_payment');
    assert.ok(created, 'an order for the case');
    assert.equal(created.amountMinor, 4000);
    const browser = await signIn(CITIZEN);
    await payFromPortal(browser, created.code);
    await t.drain();
    const state = await sql<{ state: string }>`SELECT state FROM cases.case WHERE id = ${c.id}`.execute(deps().db);
    assert.equal(state.rows[0]!.state, 'submitted');
    const events = await sql<{ text: string | null }>`SELECT text FROM cases.case_event WHERE case_id = ${c.id} AND action = 'payment_received'`.execute(deps().db);
    assert.ok(
      events.rows.some((e) => e.text?.includes(created.code)),
      'the payment is on the case timeline',
    );
  });
});

describe('a case closed before its payment', () => {
  it('a rejected case closes its open order; a payment arriving afterwards is kept on the ledger and flagged for refund, and the case stays rejected', async () => {
    const { c, created } = await submitFeeCase('permiso-rechazable', '25.00', defaultWorkflow);
    assert.equal(created.status, 'created');
    // The official takes the case and rejects it, through the case page (no JavaScript).
    const official = await signIn({ login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario' });
    const caseUrl = `${t.baseUrl}/gestion/expedientes/${c.trackingCode}`;
    for (const [transition, fields] of [
      ['take', {}],
      ['reject', { 'reason-reject': 'No corresponde: el trámite se presentó por error.' }],
    ] as const) {
      const html = await (await official.request(caseUrl)).text();
      const index = formsIn(html).findIndex((f) => f.hidden.transition === transition);
      assert.ok(index >= 0, `the ${transition} form is on the page`);
      const done = await official.submit(caseUrl, html, fields, index);
      assert.equal(done.status, 303, transition);
    }
    await t.drain();
    const closed = await order(created.code);
    assert.equal(closed.status, 'expired', 'the rejected case closed its order');
    const audit = await sql<{ data: { reason: string } }>`SELECT data FROM audit.entry WHERE action = 'payments.order_expired' AND subject_id = ${created.id}`.execute(deps().db);
    assert.deepEqual(
      audit.rows.map((r) => r.data.reason),
      ['case_closed'],
    );
    // The person had the gateway's page open and pays anyway: kept, owed back, never lost.
    const late = await postNotification(t, 'SEGIP', signedNotification('SEGIP', { type: 'payment.succeeded', orderCode: created.code, amountMinor: 2500 }));
    assert.equal(((await late.json()) as { result: string }).result, 'applied');
    const flagged = await order(created.code);
    assert.deepEqual([flagged.status, flagged.refundDue], ['expired', true]);
    assert.deepEqual((await ledger(created.code)).slice(-2), ['expired', 'late_payment']);
    await t.drain();
    const state = await sql<{ state: string }>`SELECT state FROM cases.case WHERE id = ${c.id}`.execute(deps().db);
    assert.equal(state.rows[0]!.state, 'rejected');
  });
});

describe('a case whose order expires unpaid', () => {
  it('the workflow applies payment_expired (its onExpiry-like exit): the case waiting for payment is closed', async () => {
    const { c, created } = await submitFeeCase('certificado-que-vence', '30.00');
    assert.equal(c.state, 'awaiting_payment');
    // The expiry job, run as if eight days had passed (the order is valid for seven).
    await runExpiry(deps(), new Date(Date.now() + 8 * 86_400_000));
    assert.equal((await order(created.code)).status, 'expired');
    await t.drain();
    const state = await sql<{ state: string }>`SELECT state FROM cases.case WHERE id = ${c.id}`.execute(deps().db);
    assert.equal(state.rows[0]!.state, 'rejected', 'payment_expired moved the case on');
  });
});

describe('daily reconciliation', () => {
  it('finds and lists a deliberate difference, lets an official of the agency resolve it (audited), and downloads the CSV', async () => {
    const browser = await signIn(CITIZEN);
    const settled = await newOrder({ concept: 'Conciliado' });
    await payFromPortal(browser, settled.code);
    const reference = (
      await sql<{
        gateway_reference: string;
      }>`SELECT e.gateway_reference FROM payments.payment_event e JOIN payments.payment_order o ON o.id = e.order_id WHERE o.code = ${settled.code} AND e.kind = 'paid'`.execute(deps().db)
    ).rows[0]!.gateway_reference;
    // The deliberate differences: the settlement pays another amount, and holds a payment Tambo never heard of.
    await fetch(`${t.sandbox.url}/control/settlement`, { method: 'POST', body: JSON.stringify({ reference, amountMinor: 3900 }) });
    await fetch(`${t.sandbox.url}/control/settlement`, { method: 'POST', body: JSON.stringify({ reference: 'txn_fantasma', merchantId: 'm-SEGIP', orderCode: '000000000000', amountMinor: 1234 }) });
    const official = new HttpSession();
    await signInPortal(t, official, OTHER.login, OTHER.password);
    const day = new Date().toISOString().slice(0, 10);
    const pageUrl = `${t.baseUrl}/gestion/pagos/conciliacion?institucion=SEGIP&dia=${day}`;
    const before = await official.request(pageUrl);
    assert.equal(before.status, 200);
    const run = await official.submit(pageUrl, await before.text(), {}, 1);
    assert.equal(run.status, 303);
    const html = await (await official.request(pageUrl)).text();
    assert.match(html, /Montos distintos/);
    assert.match(html, /txn_fantasma/);
    const difference = (await sql<{ id: string }>`SELECT id FROM payments.difference WHERE gateway_reference = 'txn_fantasma'`.execute(deps().db)).rows[0]!.id;
    const differenceUrl = `${t.baseUrl}/gestion/pagos/diferencias/${difference}`;
    const form = await (await official.request(differenceUrl)).text();
    const empty = await official.submit(differenceUrl, form, { resolucion: '   ' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /resumen-errores[\s\S]*Escriba qué se hizo/);
    const resolved = await official.submit(differenceUrl, form, { resolucion: 'Pago de otra institución; reclamado a la pasarela.' });
    assert.equal(resolved.status, 303);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'payments.difference_resolved' AND subject_id = ${difference}`.execute(deps().db);
    assert.equal(audit.rows[0]!.n, 1);
    const csv = await official.request(`${t.baseUrl}/gestion/pagos/conciliacion.csv?institucion=SEGIP&dia=${day}`);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(await csv.text(), /missing_in_ledger,txn_fantasma,000000000000,,1234,\d{4}-/);
    assert.equal((await browser.request(pageUrl)).status, 403, 'a person without a role in the agency is refused');
  });
});
