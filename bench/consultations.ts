// The Consulta Popular (docs/consulta-popular.md): ballots accepted per second through the
// real route (POST /api/v1/consultations/{id}/ballots: token check, eligibility, rules, the
// poll-book row and the anonymous ballot with their audit entry and statistics in one
// statement), beside bare Fastify doing one pg INSERT of the same poll-book row over HTTP; and
// the time to compute the results of 1 000 000 ballots read from the database (greedy and the
// method of equal shares), beside PostgreSQL counting the same approvals itself.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createConsultation, getConsultation } from '../src/modules/consultations/consultations.service.ts';
import { listBallotsForBench } from '../src/modules/consultations/index.ts';
import { computeResults } from '../src/modules/consultations/results.service.ts';
import { makeConsultation } from '../src/modules/consultations/consultations.test-helpers.ts';
import { uuidv7 } from '../src/shared/ids.ts';
import { ratio } from './report.ts';
import type { WriteRouteOptions } from './write-route.ts';
import { abba, runWriters } from './writers.ts';

type Options = WriteRouteOptions;

const VOTERS = 40_000;
const BALLOTS = 1_000_000;
const CLIENT = 'consulta-bench';

export async function benchConsultations(o: Options) {
  const deps = o.app.tambo.deps;
  const seeded = await sql<{ n: number }>`SELECT count(*)::int AS n FROM territories.territory`.execute(deps.db);
  if (seeded.rows[0]!.n === 0) await o.app.tambo.seed();
  const c = await makeConsultation(deps, { units: [{ code: 'BO-L-01-02', name: 'El Alto', budgetMinor: 1000, costs: [100, 200, 300, 400] }] });
  const choices = [c.proposals['BO-L-01-02']![0]!.id];

  // Voters in El Alto, and an access token each (minted by the provider, as its token endpoint would).
  await sql`
    INSERT INTO identity.account (id, country, document_type, document_number, given_name, family_name, territory_code, level)
    SELECT gen_random_uuid(), 'bo', 'CI', 'BV' || g, 'Votante', 'Banco', 'BO-L-01-02', 'sustancial' FROM generate_series(1, ${VOTERS}) g`.execute(deps.db);
  await sql`
    INSERT INTO identity.client (client_id, client_secret, name, redirect_uris, scopes, is_first_party, purpose, is_active)
    VALUES (${CLIENT}, 'consulta-bench-secret-0123456789', 'Banco de pruebas', ARRAY['http://localhost:8400/callback'], ARRAY['openid', 'consultations:vote'], true, 'Bench', true)
    ON CONFLICT (client_id) DO NOTHING`.execute(deps.db);
  const accounts = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE document_number LIKE 'BV%' ORDER BY document_number`.execute(deps.db)).rows;
  const provider = o.app.oidcProvider;
  const client = await provider.Client.find(CLIENT);
  if (!client) throw new Error('the bench client was not found by the provider');
  let next = 0;
  const tokens: string[] = [];
  const token = async () => {
    if (next >= accounts.length) throw new Error('out of voters');
    const at = new provider.AccessToken({ accountId: accounts[next++]!.id, client, scope: 'openid consultations:vote', grantId: randomUUID(), gty: 'authorization_code' });
    return at.save();
  };
  for (let i = 0; i < Math.min(2000, accounts.length); i += 1) tokens.push(await token());
  const nextToken = async () => tokens.pop() ?? token();

  // The baseline: bare Fastify, one pg INSERT of the same poll-book row, over HTTP.
  const baseline = Fastify({ logger: false });
  let baselineVoter = 0;
  baseline.post('/baseline/ballots', async (request, reply) => {
    const body = request.body as { consultationId: string };
    baselineVoter += 1;
    await o.pool.query(
      `INSERT INTO consultations.poll_book (consultation_id, document_type, document_number, account_id, unit_code, channel, voted_on) VALUES ($1, 'CI', $2, NULL, 'BO-L-01-02', 'online', current_date)`,
      [body.consultationId, `BASE${baselineVoter}`],
    );
    return reply.code(201).send({ status: 'cast' });
  });
  await baseline.listen({ host: '127.0.0.1', port: 0 });
  const baselineUrl = `http://127.0.0.1:${(baseline.server.address() as AddressInfo).port}/baseline/ballots`;
  const body = JSON.stringify({ choices });
  const post = async (url: string, headers: Record<string, string>, payload: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
  };
  const run = (write: () => Promise<void>) => (seconds: number) => runWriters({ writers: o.writers, seconds, maxOperations: Math.min(o.maxOperations, 15_000), write });
  const tambo = async () => post(`${o.baseUrl}/api/v1/consultations/${c.id}/ballots`, { authorization: `Bearer ${await nextToken()}` }, body);
  const bare = async () => post(baselineUrl, {}, JSON.stringify({ consultationId: c.id }));
  try {
    await run(bare)(o.warmupSeconds);
    await run(tambo)(o.warmupSeconds);
    const measured = await abba(o.seconds, run(bare), run(tambo));
    const ballots = {
      id: 'consultations.ballot',
      title: 'Consulta Popular: ballots cast',
      detail: `${o.writers} concurrent voters in this process, each request a different voter with a provider-minted token, ${o.seconds} s each after a ${o.warmupSeconds} s warm-up; Tambo: POST /api/v1/consultations/{id}/ballots; baseline: bare Fastify + one pg INSERT of the same poll-book row, over HTTP; order baseline, Tambo, Tambo, baseline`,
      unit: 'ballots',
      baseline: { label: 'Fastify + pg INSERT', ...measured.baseline },
      tambo: { label: 'Tambo (route)', ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    };
    return [ballots, ...(await resultsOfAMillion(o))];
  } finally {
    await baseline.close();
  }
}

/** 1 000 000 ballots in one unit of 20 proposals, each approving 1 to 3 of them (skewed), then the results timed. */
async function resultsOfAMillion(o: Options) {
  const deps = o.app.tambo.deps;
  const id = uuidv7();
  const now = Date.now();
  await createConsultation(
    deps,
    {
      id,
      slug: `bench-${id.slice(-12)}`,
      title: 'Bench: un millón de votos',
      description: '',
      countryProfile: 'bo',
      currency: 'BOB',
      ballotRule: 'approval',
      approvalMin: 1,
      approvalMax: 3,
      resultMethod: 'greedy',
      minLevel: 'bajo',
      eligibility: 'census',
      allowRevote: false,
      proposalsOpenAt: new Date(now - 4e9),
      reviewOpenAt: new Date(now - 3e9),
      votingOpenAt: new Date(now - 2e9),
      votingCloseAt: new Date(now - 1e9),
      executionOpenAt: new Date(now + 1e9),
      isDemo: false,
      units: [{ code: 'BO-L-01-01', layerCode: null, name: 'La Paz', budgetMinor: 10_000 }],
    },
    { type: 'system' },
  );
  await sql`
    INSERT INTO consultations.proposal (id, consultation_id, unit_code, title, description, cost_minor, executor_territory_code, review_status, review_reason)
    SELECT gen_random_uuid(), ${id}::uuid, 'BO-L-01-01', 'Proyecto ' || g, 'Bench', 200 + (g * 137) % 1800, 'BO-L-01-01', 'viable', 'Bench' FROM generate_series(1, 20) g`.execute(deps.db);
  const proposals = (await sql<{ id: string }>`SELECT id::text FROM consultations.proposal WHERE consultation_id = ${id} ORDER BY seq`.execute(deps.db)).rows.map((r) => r.id);
  await sql`
    INSERT INTO consultations.ballot (id, consultation_id, unit_code, choices)
    SELECT gen_random_uuid(), ${id}::uuid, 'BO-L-01-01',
      ARRAY(SELECT DISTINCT (${proposals}::uuid[])[1 + floor(power(random(), 2) * 20)::int] FROM generate_series(1, 1 + (g % 3)))
    FROM generate_series(1, ${BALLOTS}) g`.execute(deps.db);
  const view = await getConsultation(deps, id);
  const time = async (work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    return (performance.now() - t0) / 1000;
  };
  const side = (label: string, seconds: number) => ({ label, ops: 1, failed: 0, seconds, perSecond: 1 / seconds, p50Ms: seconds * 1000, p99Ms: seconds * 1000 });
  const counting = await time(() => sql`SELECT c, count(*) FROM consultations.ballot, unnest(choices) AS c WHERE consultation_id = ${id} GROUP BY c`.execute(deps.db));
  const out = [];
  for (const method of ['greedy', 'mes'] as const) {
    const seconds = await time(async () => computeResults({ ...view, consultation: { ...view.consultation, resultMethod: method } }, await listBallotsForBench(deps, id)));
    out.push({
      id: `consultations.results.${method}`,
      title: `Consulta Popular: results of ${BALLOTS.toLocaleString('en')} ballots (${method === 'mes' ? 'method of equal shares' : 'greedy approval'})`,
      detail: `one run each: read every ballot from the database and compute the unit's result (20 proposals, 1–3 approvals per ballot); baseline: PostgreSQL counting the same approvals (unnest + GROUP BY) in the same run`,
      unit: 'computations',
      baseline: side('PostgreSQL count of approvals', counting),
      tambo: side('Tambo results', seconds),
      ratio: ratio(1 / seconds, 1 / counting),
    });
  }
  return out;
}
