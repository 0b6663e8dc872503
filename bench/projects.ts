// Projects (issue #16): ledger entries recorded per second through POST
// /api/v1/projects/{id}/transfers (client-credentials token, validation, the project and bank
// account read, the entry with its audit entry, event and statistics delta in one statement, a
// fresh Idempotency-Key each), beside bare Fastify doing one pg INSERT of the same entry over
// HTTP, measured in the same run.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { clientCredentialsToken, compareWriteRoute, postExpecting, type WriteRouteOptions } from './write-route.ts';

export async function benchProjects(o: WriteRouteOptions) {
  await o.app.tambo.seed();
  const { rows: found } = await o.pool.query<{ project_id: string; bank_id: string; reference: string; currency: string; agency: string }>(
    `SELECT p.id AS project_id, b.id AS bank_id, b.account_reference AS reference, p.currency, p.created_by_agency AS agency
       FROM projects.project p JOIN projects.transfer t ON t.project_id = p.id JOIN projects.bank_account b ON b.id = t.bank_account_id
      WHERE p.created_by_agency IS NOT NULL LIMIT 1`,
  );
  const demo = found[0];
  if (!demo) throw new Error('no demo project with a transfer (the projects seed)');
  const token = await clientCredentialsToken(o, {
    id: 'bench-proyectos',
    secret: 'bench-proyectos-secret-0123456789',
    name: 'Sistema de transferencias (bench)',
    agencyCode: demo.agency,
    scope: 'projects:transfer',
  });
  const body = JSON.stringify({ accountReference: demo.reference, amountMinor: 150_000, currency: demo.currency, valueDate: '2026-11-30' });
  const baseline = Fastify({ logger: false });
  baseline.post('/baseline/transfers', async (request, reply) => {
    const b = request.body as { amountMinor: number; currency: string; valueDate: string };
    const { rows } = await o.pool.query<{ id: string }>(
      `INSERT INTO projects.transfer (id, project_id, bank_account_id, kind, amount_minor, currency, value_date, territory_code, territory_path, agency_code)
       VALUES (gen_random_uuid(), $1, $2, 'deposit', $3, $4, $5, 'BO-L-01-01', '{BO-L,BO-L-01,BO-L-01-01}', 'GAMLP') RETURNING id`,
      [demo.project_id, demo.bank_id, b.amountMinor, b.currency, b.valueDate],
    );
    return reply.code(201).send({ id: rows[0]!.id });
  });
  const json = { 'content-type': 'application/json' };
  return compareWriteRoute(o, {
    id: 'projects.transfers',
    title: 'ledger entries recorded through the API',
    detail:
      'Tambo: POST /api/v1/projects/{id}/transfers with a client-credentials token and a fresh Idempotency-Key (token check, validation, project and account read, the append-only entry with its audit entry, event and statistics delta in one statement); baseline: bare Fastify + one pg INSERT of the same entry, over HTTP',
    unit: 'entries',
    baseline,
    base: (origin) => postExpecting(`${origin}/baseline/transfers`, json, body, 201),
    tambo: () => postExpecting(`${o.baseUrl}/api/v1/projects/${demo.project_id}/transfers`, { ...json, authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body, 201),
  });
}
