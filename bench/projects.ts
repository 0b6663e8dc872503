// Projects (issue #16): ledger entries recorded per second through POST
// /api/v1/projects/{id}/transfers (client-credentials token, validation, the project and bank
// account read, the entry with its audit entry, event and statistics delta in one statement, a
// fresh Idempotency-Key each), beside bare Fastify doing one pg INSERT of the same entry over
// HTTP, measured in the same run.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type pg from 'pg';
import type { TamboApp } from '../src/platform/http/app-types.ts';
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

const CLIENT = { id: 'bench-proyectos', secret: 'bench-proyectos-secret-0123456789' };

async function post(url: string, headers: Record<string, string>, body: string, expected: number): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}`);
}

async function baselineServer(pool: pg.Pool, projectId: string, bankId: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.post('/baseline/transfers', async (request, reply) => {
    const b = request.body as { amountMinor: number; currency: string; valueDate: string };
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO projects.transfer (id, project_id, bank_account_id, kind, amount_minor, currency, value_date, territory_code, territory_path, agency_code)
       VALUES (gen_random_uuid(), $1, $2, 'deposit', $3, $4, $5, 'BO-L-01-01', '{BO-L,BO-L-01,BO-L-01-01}', 'GAMLP') RETURNING id`,
      [projectId, bankId, b.amountMinor, b.currency, b.valueDate],
    );
    return reply.code(201).send({ id: rows[0]!.id });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, close: () => app.close() };
}

export async function benchProjects(o: Options) {
  await o.app.tambo.seed();
  const { rows: found } = await o.pool.query<{ project_id: string; bank_id: string; reference: string; currency: string; agency: string }>(
    `SELECT p.id AS project_id, b.id AS bank_id, b.account_reference AS reference, p.currency, p.created_by_agency AS agency
       FROM projects.project p JOIN projects.transfer t ON t.project_id = p.id JOIN projects.bank_account b ON b.id = t.bank_account_id
      WHERE p.created_by_agency IS NOT NULL LIMIT 1`,
  );
  const demo = found[0];
  if (!demo) throw new Error('no demo project with a transfer (the projects seed)');
  await o.pool.query(
    `INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
       minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
     VALUES ($1, $2, 'Sistema de transferencias (bench)', $3, '{}', '{}', '{}', 'bajo', 'public', false, false, 'Bench', true, '{projects:transfer}')
     ON CONFLICT DO NOTHING`,
    [CLIENT.id, CLIENT.secret, demo.agency],
  );
  const tokenResponse = await fetch(`${o.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'projects:transfer' }).toString(),
  });
  if (tokenResponse.status !== 200) throw new Error(`the token endpoint answered ${tokenResponse.status}`);
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const body = JSON.stringify({ accountReference: demo.reference, amountMinor: 150_000, currency: demo.currency, valueDate: '2026-11-30' });
  const baseline = await baselineServer(o.pool, demo.project_id, demo.bank_id);
  const run = (write: () => Promise<void>) => (seconds: number) => runWriters({ writers: o.writers, seconds, maxOperations: o.maxOperations, write });
  const base = () => post(`${baseline.url}/baseline/transfers`, { 'content-type': 'application/json' }, body, 201);
  const tambo = () =>
    post(`${o.baseUrl}/api/v1/projects/${demo.project_id}/transfers`, { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body, 201);
  try {
    await run(base)(o.warmupSeconds);
    await run(tambo)(o.warmupSeconds);
    const measured = await abba(o.seconds, run(base), run(tambo));
    return {
      id: 'projects.transfers',
      title: 'ledger entries recorded through the API',
      detail: `${o.writers} concurrent clients in this process, ${o.seconds} s each after a ${o.warmupSeconds} s warm-up; Tambo: POST /api/v1/projects/{id}/transfers with a client-credentials token and a fresh Idempotency-Key (token check, validation, project and account read, the append-only entry with its audit entry, event and statistics delta in one statement); baseline: bare Fastify + one pg INSERT of the same entry, over HTTP; order baseline, Tambo, Tambo, baseline`,
      unit: 'entries',
      baseline: { label: 'Fastify + pg INSERT', ...measured.baseline },
      tambo: { label: 'Tambo (route)', ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    };
  } finally {
    await baseline.close();
  }
}
