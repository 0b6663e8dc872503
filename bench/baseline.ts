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
