// Shared by the payments tests, the browser journey and the bench: a test app listening with
// the sandbox gateway beside it, agencies configured as its merchants, client-credentials
// clients, and notifications signed as the sandbox signs them (to replay, forge and reorder).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { forgetCatalog } from '../catalog/catalog-cache.ts';
import { defaultWorkflow, type WorkflowDefinition } from '../../platform/forms/index.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { secretKeyBytes } from '../../platform/webhooks/secrets.ts';
import { signedHeaders } from '../../platform/webhooks/signature.ts';
import { configurePayee } from './payments.service.ts';
import { startSandboxGateway, type SandboxGateway } from './sandbox/server.ts';

export type PaymentsTestApp = TestApp & { baseUrl: string; sandbox: SandboxGateway };

export const MERCHANT_SECRET = (agency: string) => `whsec_${Buffer.from(`sandbox-secret-of-${agency}-0123456789`).subarray(0, 24).toString('base64')}`;

/** The app on a real port, seeded, with the sandbox gateway as the merchant account of `agencies`. */
export async function startPaymentsApp(
  agencies: string[] = ['SEGIP', 'SIN'],
  env: Record<string, string> = {},
  /** Payee keys the sandbox also has merchants for (`m-<key>`), configured by the test itself (e.g. an economic unit's, `UE-<unit key>`). */
  options: { otherMerchants?: string[] } = {},
): Promise<PaymentsTestApp> {
  const t = await listenTestApp({ env });
  await t.app.tambo.seed();
  const known = [...agencies, ...(options.otherMerchants ?? [])];
  const sandbox = await startSandboxGateway({ merchants: (id) => (known.includes(id.replace(/^m-/, '')) ? MERCHANT_SECRET(id.replace(/^m-/, '')) : undefined), lateNotifyMs: 100 });
  for (const agency of agencies) {
    await configurePayee(t.app.tambo.deps, { agencyCode: agency, treasuryAccount: `CUT-${agency}`, gatewayUrl: sandbox.url, merchantId: `m-${agency}`, secret: MERCHANT_SECRET(agency) });
  }
  const close = t.close;
  return {
    ...t,
    sandbox,
    close: async () => {
      await sandbox.close();
      await close();
    },
  };
}

/** A client system of `agencyCode` holding the payments rights (so it may use client credentials). */
export async function addPaymentsClient(t: TestApp, agencyCode: string, scopes = ['payments:read', 'payments:write']): Promise<{ id: string; secret: string }> {
  const client = { id: `pagos-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}` };
  await sql`
    INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
      minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
    VALUES (${client.id}, ${client.secret}, ${`Sistema ${client.id}`}, ${agencyCode}, '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true, ${scopes}::text[])`.execute(
    t.app.tambo.deps.db,
  );
  return client;
}

export async function clientToken(t: PaymentsTestApp, client: { id: string; secret: string }, scope = 'payments:read payments:write'): Promise<string> {
  const response = await fetch(`${t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { access_token: string }).access_token;
}

export interface NotificationSpec {
  type: 'payment.succeeded' | 'payment.declined' | 'refund.succeeded';
  orderCode: string;
  amountMinor: number;
  reference?: string;
  checkoutId?: string;
  currency?: string;
  occurredAt?: Date;
}

/** A notification as the gateway sends it: body and Standard Webhooks headers (`at`: the signing time). */
export function signedNotification(agency: string, spec: NotificationSpec, options: { id?: string; at?: Date; secret?: string } = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    type: spec.type,
    data: {
      checkoutId: spec.checkoutId ?? 'chk_test',
      orderCode: spec.orderCode,
      amountMinor: spec.amountMinor,
      currency: spec.currency ?? 'BOB',
      reference: spec.reference ?? `txn_${randomUUID()}`,
      method: 'qr',
      occurredAt: (spec.occurredAt ?? new Date()).toISOString(),
    },
  });
  const headers = signedHeaders(secretKeyBytes(options.secret ?? MERCHANT_SECRET(agency)), options.id ?? `msg_${randomUUID()}`, body, options.at);
  return { body, headers };
}

export function postNotification(t: PaymentsTestApp, agency: string, n: { body: string; headers: Record<string, string> }): Promise<Response> {
  return fetch(`${t.baseUrl}/api/v1/payment-notifications/${agency}`, { method: 'POST', headers: n.headers, body: n.body });
}

/** The default workflow, waiting for payment first: `payment_received` moves the case to "submitted", `payment_expired` closes it. */
export const awaitingPaymentWorkflow: WorkflowDefinition = {
  ...defaultWorkflow,
  initialState: 'awaiting_payment',
  states: [{ id: 'awaiting_payment', label: { es: 'Esperando el pago', en: 'Awaiting payment' }, clock: 'paused' }, ...defaultWorkflow.states],
  transitions: [
    ...defaultWorkflow.transitions,
    { id: 'payment_received', from: ['awaiting_payment'], to: 'submitted', label: { es: 'Pago recibido', en: 'Payment received' }, actor: 'system' },
    { id: 'payment_expired', from: ['awaiting_payment'], to: 'rejected', label: { es: 'Pago vencido', en: 'Payment expired' }, actor: 'system' },
  ],
};

/** A published online procedure of `agencyCode` with a fixed fee, waiting for payment first (unless another workflow is given). */
export async function createFeeProcedure(t: TestApp, slug: string, agencyCode: string, feeAmount: string, workflow: WorkflowDefinition = awaitingPaymentWorkflow): Promise<void> {
  const db = t.app.tambo.deps.db;
  const { versionId } = await createOnlineProcedure(db, { slug, agencyCode });
  await sql`UPDATE catalog.procedure_version SET fee_kind = 'fixed', fee_amount = ${feeAmount}, workflow = ${JSON.stringify(workflow)}::jsonb WHERE id = ${versionId}`.execute(db);
  forgetCatalog();
}

/** A person signed in on the portal over HTTP (a cookie jar, no JavaScript). */
export async function signInAt(t: PaymentsTestApp, person: { login: string; password: string }): Promise<HttpSession> {
  const browser = new HttpSession();
  const page = await browser.follow(`${t.baseUrl}/ingresar?volver=/pagos`);
  const posted = await browser.submit(page.url, await page.response.text(), { login: person.login, password: person.password });
  assert.equal(posted.status, 303, 'sign-in accepted');
  await browser.follow(new URL(posted.headers.get('location')!, page.url).toString());
  return browser;
}

export interface PortalPayment {
  action?: 'pay' | 'decline';
  mode?: string;
  /** The name of whoever pays, when not the order's payer (a relative paying by code). */
  paidBy?: string;
}

/** Pays an order from its page: "Pagar", the sandbox's page (method, mode), back to Tambo. Returns the page landed on. */
export async function payAtSandbox(t: PaymentsTestApp, browser: HttpSession, code: string, choice: PortalPayment = {}): Promise<{ html: string; url: string }> {
  const pageUrl = `${t.baseUrl}/pagos/${code}`;
  const page = await browser.request(pageUrl);
  assert.equal(page.status, 200);
  const started = await browser.submit(pageUrl, await page.text(), {});
  assert.equal(started.status, 303, 'Pagar sends the person to the gateway');
  const gatewayUrl = started.headers.get('location')!;
  assert.ok(gatewayUrl.startsWith(t.sandbox.url), gatewayUrl);
  const gatewayPage = await fetch(gatewayUrl);
  assert.match(await gatewayPage.text(), /QR interbancario/);
  const paid = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method: 'qr', action: choice.action ?? 'pay', mode: choice.mode ?? 'normal', paidBy: choice.paidBy ?? '' }).toString(),
    redirect: 'manual',
  });
  assert.equal(paid.status, 303);
  const back = await browser.follow(paid.headers.get('location')!);
  return { html: await back.response.text(), url: back.url };
}
