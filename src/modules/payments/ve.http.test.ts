// The Venezuelan profile end to end, in bolívares (VES): a procedure whose fee the catalog
// publishes as prose ("según la tarifa vigente") waits for SAIME's official to set it; the
// order is in VES, the person pays it at the sandbox gateway and gets the receipt in the mailbox.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { forgetCatalog } from '../catalog/catalog-cache.ts';
import { submitApplication } from '../cases/index.ts';
import { findAccountByIdentityDocument } from '../identity/index.ts';
import { createFeeProcedure, type PaymentsTestApp, startPaymentsApp } from './payments.test-helpers.ts';
import { findOrderOfCase, getOrderForPayee, startCheckout } from './payments.service.ts';

let t: PaymentsTestApp;
const deps = () => t.app.tambo.deps;

before(async () => {
  t = await startPaymentsApp(['SAIME'], { COUNTRY: 've' });
});
after(async () => {
  await t.close();
});

it('a fee set by the official is ordered and paid in VES, and the receipt reaches the mailbox', async () => {
  await createFeeProcedure(t, 'pasaporte-de-prueba', 'SAIME', '1.00');
  await sql`UPDATE catalog.procedure_version v SET fee_kind = 'formula', fee_amount = NULL, fee_formula = 'Según la tarifa vigente publicada por el BCV'
    FROM catalog.procedure p WHERE p.id = v.procedure_id AND p.slug = 'pasaporte-de-prueba'`.execute(deps().db);
  forgetCatalog();
  const person = (await findAccountByIdentityDocument(deps(), 'CEDULA', 'V-18765432'))!;
  const c = await submitApplication(deps(), { slug: 'pasaporte-de-prueba', accountId: person.id, answers: { birthDate: '2020-01-01', copies: 1, purpose: 'work' }, channel: 'online' });
  await t.drain();
  const official = new HttpSession();
  await signInPortal(t, official, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
  const feeUrl = `${t.baseUrl}/gestion/pagos/importes/${c.id}`;
  const set = await official.submit(feeUrl, await (await official.request(feeUrl)).text(), { importe: '1500,00' });
  assert.equal(set.status, 303);
  const order = (await findOrderOfCase(deps(), c.id))!;
  assert.equal(order.currency, 'VES');
  assert.equal(order.amountMinor, 150000);
  const redirect = await startCheckout(deps(), order, { accountId: person.id });
  const paid = await fetch(redirect, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'method=transfer&action=pay&mode=normal', redirect: 'manual' });
  assert.equal(paid.status, 303);
  for (let i = 0; i < 100 && (await getOrderForPayee(deps(), 'SAIME', order.code)).status !== 'paid'; i += 1) await new Promise((r) => setTimeout(r, 50));
  assert.equal((await getOrderForPayee(deps(), 'SAIME', order.code)).status, 'paid');
  await t.drain();
  const state = await sql<{ state: string }>`SELECT state FROM cases.case WHERE id = ${c.id}`.execute(deps().db);
  assert.equal(state.rows[0]!.state, 'submitted', 'the case moved on');
  // The receipt is the signed document documents issues on the payment (docs/payments.md "The receipt").
  const receipt = await sql<{ subject: string }>`SELECT subject FROM mailbox.message WHERE recipient_account_id = ${person.id} AND subject LIKE ${`%Recibo de pago ${order.code}%`}`.execute(deps().db);
  assert.equal(receipt.rows.length, 1);
  assert.match(receipt.rows[0]!.subject, /por VES\s*1\.500,00/);
});
