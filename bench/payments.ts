// Payments (issue #13): payment orders created per second through POST /api/v1/payment-orders
// (client-credentials token, validation, payer lookup, the order with its ledger entry, audit
// entry and event in one statement), and gateway notifications processed per second through
// POST /api/v1/payment-notifications/{payee} (Standard Webhooks signature check, the order
// locked, paid once, ledger, audit, statistics, event, notification log), each beside bare
// Fastify doing one pg INSERT of the same row over HTTP, measured in the same run.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type pg from 'pg';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { secretKeyBytes } from '../src/platform/webhooks/secrets.ts';
import { signedHeaders } from '../src/platform/webhooks/signature.ts';
import { configurePayee } from '../src/modules/payments/payments.service.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

interface Options {
  app: TamboApp;
  baseUrl: string;
  pool: pg.Pool;
  seconds: number;
  warmupSeconds: number;
  writers: number;
  maxOperations: number;
}

const CLIENT = { id: 'bench-pagos', secret: 'bench-pagos-secret-0123456789' };
const SECRET = 'whsec_YmVuY2gtcGFnb3Mtc2VjcmV0LTAxMjM0NTY3';
const ORDER_BODY = JSON.stringify({ payer: { documentType: 'CI', documentNumber: '4567891 LP' }, concept: 'Certificado de antecedentes', amountMinor: 5000 });

async function post(url: string, headers: Record<string, string>, body: string, expected: number): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}`);
}

/** Bare Fastify + pg: one INSERT of an order row, and one INSERT of a notification row. */
async function baselineServer(pool: pg.Pool): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.post('/baseline/payment-orders', async (request, reply) => {
    const b = request.body as { concept: string; amountMinor: number };
    const code = String(Math.floor(Math.random() * 1e12)).padStart(12, '0');
    const { rows } = await pool.query<{ code: string }>(
      `INSERT INTO payments.payment_order (id, code, payee_agency, concept, amount_minor, currency, expires_at)
       VALUES (gen_random_uuid(), $1, 'SEGIP', $2, $3, 'BOB', now() + interval '7 days') ON CONFLICT DO NOTHING RETURNING code`,
      [code, b.concept, b.amountMinor],
    );
    return reply.code(201).send({ code: rows[0]?.code ?? code });
  });
  app.post('/baseline/payment-notifications', async (request, reply) => {
    const id = String(request.headers['webhook-id'] ?? '');
    await pool.query(`INSERT INTO payments.notification (id, webhook_id, outcome) VALUES (gen_random_uuid(), $1, 'applied')`, [id]);
    return reply.send({ result: 'applied' });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, close: () => app.close() };
}

async function compare(o: Options, id: string, title: string, detail: string, unit: string, baseline: () => Promise<void>, tambo: () => Promise<void>) {
  const run = (write: () => Promise<void>) => (seconds: number) => runWriters({ writers: o.writers, seconds, maxOperations: o.maxOperations, write });
  await run(baseline)(o.warmupSeconds);
  await run(tambo)(o.warmupSeconds);
  const measured = await abba(o.seconds, run(baseline), run(tambo));
  return {
    id,
    title,
    detail: `${o.writers} concurrent clients in this process, ${o.seconds} s each after a ${o.warmupSeconds} s warm-up; ${detail}; order baseline, Tambo, Tambo, baseline`,
    unit,
    baseline: { label: 'Fastify + pg INSERT', ...measured.baseline },
    tambo: { label: 'Tambo (route)', ...measured.subject },
    ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
  };
}

export async function benchPayments(o: Options) {
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
  const baseline = await baselineServer(o.pool);
  try {
    const orders = await compare(
      o,
      'payments.orders',
      'payment orders created through the API',
      'Tambo: POST /api/v1/payment-orders with a client-credentials token (token check, validation, payer lookup, the order, its ledger entry, audit entry and event in one statement); baseline: bare Fastify + one pg INSERT of an order row, over HTTP',
      'orders',
      () => post(`${baseline.url}/baseline/payment-orders`, { 'content-type': 'application/json' }, ORDER_BODY, 201),
      () => post(`${o.baseUrl}/api/v1/payment-orders`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ORDER_BODY, 201),
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
      'Tambo: POST /api/v1/payment-notifications/SEGIP, each paying another order (signature and timestamp check, the order locked, paid once, ledger, audit entry, revenue figure, event, notification log, in one transaction); baseline: bare Fastify + one pg INSERT of a notification row, over HTTP',
      'notifications',
      () => {
        const n = notification();
        return post(`${baseline.url}/baseline/payment-notifications`, n.headers, n.body, 200);
      },
      () => {
        const n = notification();
        return post(`${o.baseUrl}/api/v1/payment-notifications/SEGIP`, n.headers, n.body, 200);
      },
    );
    return [orders, notifications];
  } finally {
    await baseline.close();
  }
}
