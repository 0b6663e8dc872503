// Payments (issue #13): payment orders created per second through POST /api/v1/payment-orders
// (client-credentials token, validation, payer lookup, the order with its ledger entry, audit
// entry and event in one statement), and gateway notifications processed per second through
// POST /api/v1/payment-notifications/{payee} (Standard Webhooks signature check, the order
// read, then paid once in one statement: ledger, order, notification log, audit, statistics,
// event), each beside bare Fastify doing one pg INSERT of the same row over HTTP (the shared
// baseline server, bench/baseline.ts), measured in the same run.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { secretKeyBytes } from '../src/platform/webhooks/secrets.ts';
import { signedHeaders } from '../src/platform/webhooks/signature.ts';
import { configurePayee } from '../src/modules/payments/payments.service.ts';
import { compare, post, type WriteOptions } from './writes.ts';

const CLIENT = { id: 'bench-pagos', secret: 'bench-pagos-secret-0123456789' };
const SECRET = 'whsec_YmVuY2gtcGFnb3Mtc2VjcmV0LTAxMjM0NTY3';
const ORDER_BODY = JSON.stringify({ payer: { documentType: 'CI', documentNumber: '4567891 LP' }, concept: 'Certificado de antecedentes', amountMinor: 5000 });

export async function benchPayments(o: WriteOptions & { pool: pg.Pool }) {
  await o.app.tambo.seed();
  const deps = o.app.tambo.deps;
  await o.pool.query(
    `INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
       minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
     VALUES ($1, $2, 'Sistema de cobros (bench)', 'SEGIP', '{}', '{}', '{}', 'bajo', 'public', false, false, 'Bench', true, '{payments:read,payments:write}')
     ON CONFLICT DO NOTHING`,
    [CLIENT.id, CLIENT.secret],
  );
  // Notifications never reach the gateway: any address will do.
  await configurePayee(deps, { agencyCode: 'SEGIP', treasuryAccount: 'CUT-SEGIP', gatewayUrl: 'http://127.0.0.1:9', merchantId: 'bench', secret: SECRET });
  const tokenResponse = await fetch(`${o.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'payments:write' }).toString(),
  });
  if (tokenResponse.status !== 200) throw new Error(`the token endpoint answered ${tokenResponse.status}`);
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const orders = await compare(
    o,
    'payments.orders',
    'payment orders created through the API',
    'Tambo: POST /api/v1/payment-orders with a client-credentials token (token check, validation, payer lookup, the order, its ledger entry, audit entry and event in one statement); baseline: bare Fastify + one pg INSERT of an order row, over HTTP',
    'orders',
    () => post(`${o.baselineUrl}/baseline/payment-orders`, { 'content-type': 'application/json' }, ORDER_BODY, [201]),
    () => post(`${o.baseUrl}/api/v1/payment-orders`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ORDER_BODY, [201]),
  );
  // Orders to pay, made beforehand (one notification pays each once): more than any run can use.
  const { rows } = await o.pool.query<{ code: string }>(
    `INSERT INTO payments.payment_order (id, code, payee_agency, concept, amount_minor, currency, expires_at)
       SELECT gen_random_uuid(), lpad((900000000000 + n)::text, 12, '0'), 'SEGIP', 'Bench', 5000, 'BOB', now() + interval '7 days'
         FROM generate_series(1, 60000) AS n ON CONFLICT DO NOTHING RETURNING code`,
  );
  const codes = rows.map((r) => r.code);
  let next = 0;
  const key = secretKeyBytes(SECRET);
  const notification = () => {
    const code = codes[next++ % codes.length]!;
    const body = JSON.stringify({
      type: 'payment.succeeded',
      data: { checkoutId: 'chk_bench', orderCode: code, amountMinor: 5000, currency: 'BOB', reference: `txn_${randomUUID()}`, method: 'qr', occurredAt: new Date().toISOString() },
    });
    return { body, headers: signedHeaders(key, `msg_${randomUUID()}`, body) };
  };
  const notifications = await compare(
    o,
    'payments.notifications',
    'gateway notifications processed',
    'Tambo: POST /api/v1/payment-notifications/SEGIP, each paying another order (signature and timestamp check, payee lookup, the order read, then one statement: ledger entry, order paid, notification log, audit entry, revenue figure, event); baseline: bare Fastify + one pg INSERT of a notification row, over HTTP',
    'notifications',
    () => {
      const n = notification();
      return post(`${o.baselineUrl}/baseline/payment-notifications`, n.headers, n.body, [200]);
    },
    () => {
      const n = notification();
      return post(`${o.baseUrl}/api/v1/payment-notifications/SEGIP`, n.headers, n.body, [200]);
    },
  );
  return [orders, notifications];
}
