// The baseline server: plain Fastify (no plugins, no hooks, logger off) and plain pg, with
// the same routes, schemas and JSON answers as the Tambo routes they are compared with.
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { ITEM_ROUTE, ItemBody, ItemCreated, insertItemPlain, type ItemInput } from './bench-module.ts';
import { Type } from 'typebox';

const Health = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok'), pendingMigrations: Type.Integer() });

export function buildBaseline(pool: pg.Pool): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/health/live', { schema: { response: { 200: Health } } }, async () => ({ status: 'ok' as const }));
  app.get('/health/ready', { schema: { response: { 200: Ready } } }, async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' as const, database: 'ok' as const, pendingMigrations: 0 };
  });
  app.post(ITEM_ROUTE, { schema: { body: ItemBody, response: { 201: ItemCreated } } }, async (request, reply) => {
    const id = await insertItemPlain(pool, request.body as ItemInput);
    return reply.code(201).send({ id });
  });
  // One pg INSERT of the same row as each Tambo write path, over HTTP (bench/cases.ts, bench/reports.ts, bench/writes.ts, bench/payments.ts).
  app.post('/baseline/cases', async (request, reply) => {
    const b = request.body as { id: string; trackingCode: string; accountId: string; procedureId: string; versionId: string; answers: unknown };
    await pool.query(
      `INSERT INTO cases.case (id, tracking_code, account_id, procedure_id, version_id, procedure_name, agency_code, state, answers, channel, due_date)
       VALUES ($1, $2, $3, $4, $5, 'bench', 'SEGIP', 'submitted', $6::jsonb, 'online', current_date + 10)`,
      [b.id, b.trackingCode, b.accountId, b.procedureId, b.versionId, JSON.stringify(b.answers)],
    );
    return reply.code(201).send({ id: b.id });
  });
  app.post('/baseline/reports', async (request, reply) => {
    const b = request.body as { categoryCode: string; description: string; answers: unknown; lat: number; lon: number; address: string };
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO reports.report (category_code, description, answers, lat, lon, address, due_at, source, idempotency_scope, idempotency_key)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, now() + interval '7 days', 'bench', 'bench', gen_random_uuid()::text) RETURNING id`,
      [b.categoryCode, b.description, JSON.stringify(b.answers), b.lat, b.lon, b.address],
    );
    return reply.code(201).send({ id: rows[0]!.id });
  });
  app.post('/baseline/mailbox', async (request, reply) => {
    const b = request.body as { recipient: { documentType: string; documentNumber: string }; subject: string; body: string };
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO mailbox.message (id, recipient_account_id, recipient_document_type, recipient_document_number, agency_code, agency_name,
         client_id, subject, body, content_sha256, deemed_after_days)
       SELECT gen_random_uuid(), a.id, $1, $2, 'SEGIP', 'SEGIP', 'demo-rp', $3, $4, encode(sha256(convert_to($4, 'UTF8')), 'hex'), 10
         FROM identity.account a WHERE a.document_type = $1 AND a.document_number = $2
       RETURNING id`,
      [b.recipient.documentType, b.recipient.documentNumber, b.subject, b.body],
    );
    return reply.code(201).send({ id: rows[0]!.id });
  });
  // One pg INSERT of an order row, and of a notification row (bench/payments.ts).
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
  // A plain indexed SQL query on the open-data catalog's table (bench/open-data.ts): one dataset by its unique name.
  app.get('/baseline/open-data/dataset', async (request) => {
    const { name } = request.query as { name: string };
    const { rows } = await pool.query('SELECT id, name, title, notes, license_id, metadata_modified FROM open_data.dataset WHERE name = $1', [name]);
    return { success: true, result: rows[0] ?? null };
  });
  return app;
}

/**
 * The bare JWT-signing route the token endpoint is compared with: plain Fastify reading the same
 * form POST and answering a JSON with one JWT signed by jose (same claims, same key type and size).
 */
export function buildJwtBaseline(sign: () => Promise<string>): FastifyInstance {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.post('/token', async (_request, reply) => {
    const token = await sign();
    return reply.header('cache-control', 'no-store').send({ id_token: token, token_type: 'Bearer', expires_in: 3600 });
  });
  return app;
}
