// Postal tracking (issue #21): tracking events recorded per second through POST
// /api/v1/postal/shipments/{number}/events (client-credentials token, the S10 check, the
// shipment read, the event with its audit entry and outbox event in one statement, ON CONFLICT
// for the idempotency), a new event each, beside bare Fastify doing one pg INSERT of the same
// event row over HTTP, measured in the same run.
import Fastify from 'fastify';
import type pg from 'pg';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { registerShipment } from '../src/modules/postal/index.ts';
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

const POST_SYSTEM = { id: 'bench-correos', secret: 'bench-correos-secret-0123456789abcdef' };

async function send(url: string, headers: Record<string, string>, body: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}`);
}

async function systemToken(o: Options, agencyCode: string): Promise<string> {
  await o.pool.query(
    `INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
       minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
     VALUES ($1, $2, 'Sistema de seguimiento de Correos (bench)', $3, '{}', '{}', '{}', 'bajo', 'public', false, false, 'Bench', true, '{postal:track}')
     ON CONFLICT DO NOTHING`,
    [POST_SYSTEM.id, POST_SYSTEM.secret, agencyCode],
  );
  const basic = Buffer.from(`${POST_SYSTEM.id}:${POST_SYSTEM.secret}`).toString('base64');
  const answer = await fetch(`${o.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=postal%3Atrack',
  });
  if (answer.status !== 200) throw new Error(`the token endpoint answered ${answer.status}`);
  return ((await answer.json()) as { access_token: string }).access_token;
}

export async function benchPostal(o: Options) {
  await o.app.tambo.seed();
  const deps = o.app.tambo.deps;
  const { shipment } = await registerShipment(
    deps,
    { type: 'system', id: 'bench' },
    { kind: 'parcel', originOffice: 'AGBC-LPZ', destinationOffice: 'AGBC-CBA', addresseeName: 'Destinatario del bench', address: 'Calle del bench 1' },
    { source: 'bench' },
  );
  const token = await systemToken(o, shipment.agencyCode);
  // Every write is a new event: a different time each (a millisecond apart, from 20 hours ago).
  let tick = Date.now() - 20 * 3_600_000;
  const next = () => JSON.stringify({ kind: 'in_transit', occurredAt: new Date(tick++).toISOString(), officeCode: 'AGBC-LPZ' });
  const baseline = Fastify({ logger: false });
  baseline.post('/baseline/postal-events', async (request, reply) => {
    const b = request.body as { kind: string; occurredAt: string; officeCode: string };
    await o.pool.query(`INSERT INTO postal.tracking_event (id, shipment_id, kind, occurred_at, office_code, source) VALUES (gen_random_uuid(), $1, $2, $3, $4, 'bench') ON CONFLICT DO NOTHING`, [
      shipment.id,
      b.kind,
      b.occurredAt,
      b.officeCode,
    ]);
    return reply.code(201).send({ ok: true });
  });
  const baselineUrl = await baseline.listen({ port: 0, host: '127.0.0.1' });
  const run = (write: () => Promise<void>) => (seconds: number) => runWriters({ writers: o.writers, seconds, maxOperations: o.maxOperations, write });
  const base = () => send(`${baselineUrl}/baseline/postal-events`, {}, next());
  const tambo = () => send(`${o.baseUrl}/api/v1/postal/shipments/${shipment.number}/events`, { authorization: `Bearer ${token}` }, next());
  try {
    await run(base)(o.warmupSeconds);
    await run(tambo)(o.warmupSeconds);
    const measured = await abba(o.seconds, run(base), run(tambo));
    return {
      id: 'postal.events',
      title: 'postal tracking events recorded through the API',
      detail: `${o.writers} concurrent clients in this process, ${o.seconds} s each after a ${o.warmupSeconds} s warm-up; Tambo: POST /api/v1/postal/shipments/{number}/events with a client-credentials token (token check, S10 check, shipment read, the event with its audit entry and outbox event in one idempotent statement, then the tracking read back); baseline: bare Fastify + one pg INSERT of the same event, over HTTP; order baseline, Tambo, Tambo, baseline`,
      unit: 'events',
      baseline: { label: 'Fastify + pg INSERT', ...measured.baseline },
      tambo: { label: 'Tambo (route)', ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    };
  } finally {
    await baseline.close();
  }
}
