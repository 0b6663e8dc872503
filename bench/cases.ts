// Applications submitted per second through the real route (POST /api/v1/cases over HTTP,
// with a user access token: form validation, case insert, history, audit entry and outbox
// event in one transaction) beside a raw pg INSERT of the same case row,
// measured interleaved in the same run.
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { sql } from 'kysely';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { createOnlineProcedure } from '../test/helpers/procedures.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

const ANSWERS = { birthDate: '2020-01-01', copies: 2, purpose: 'work' };

export async function benchCaseSubmissions(input: {
  app: TamboApp;
  baseUrl: string;
  baselineUrl: string;
  pool: pg.Pool;
  seconds: number;
  warmupSeconds: number;
  writers: number;
  maxOperations: number;
}) {
  const { app } = input;
  const db = app.tambo.deps.db;
  await app.tambo.seed();
  const slug = `bench-${randomBytes(4).toString('hex')}`;
  const { procedureId, versionId } = await createOnlineProcedure(db, { slug, agencyCode: 'SEGIP' });
  const account = await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(db);
  const accountId = account.rows[0]!.id;
  // A user access token as Ciudadanía Digital issues it to the demo relying party, with the
  // scope that files applications and the person's consent to it (docs/api-auth.md).
  const client = await app.oidcProvider.Client.find('demo-rp');
  if (!client) throw new Error('the demo relying party is missing: the seed did not run');
  const scope = 'openid cases:write';
  const grant = new app.oidcProvider.Grant({ accountId, clientId: client.clientId });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  await sql`INSERT INTO identity.consent (account_id, client_id, scopes) VALUES (${accountId}, ${client.clientId}, ${scope.split(' ')})
    ON CONFLICT (account_id, client_id) DO UPDATE SET scopes = EXCLUDED.scopes, revoked_at = NULL`.execute(db);
  const token = await new app.oidcProvider.AccessToken({ accountId, client, grantId, gty: 'authorization_code', scope }).save();
  const body = JSON.stringify({ procedure: slug, answers: ANSWERS });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  const viaRoute = async () => {
    const response = await fetch(`${input.baseUrl}/api/v1/cases`, { method: 'POST', headers, body });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`POST /api/v1/cases answered ${response.status}`);
  };
  // Baseline: bare Fastify doing one pg INSERT of the same case row, over HTTP (bench/baseline.ts).
  const rawInsert = async () => {
    const row = { id: randomUUID(), trackingCode: `RAW-${randomBytes(6).toString('hex')}`, accountId, procedureId, versionId, answers: ANSWERS };
    const response = await fetch(`${input.baselineUrl}/baseline/cases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(row) });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`POST /baseline/cases answered ${response.status}`);
  };
  const run = (write: () => Promise<unknown>) => (seconds: number) => runWriters({ writers: input.writers, seconds, maxOperations: input.maxOperations, write: () => write() });
  await run(rawInsert)(input.warmupSeconds);
  await run(viaRoute)(input.warmupSeconds);
  const measured = await abba(input.seconds, run(rawInsert), run(viaRoute));
  return {
    id: 'cases.submit',
    title: 'applications submitted',
    detail: `${input.writers} concurrent clients in this process, ${input.seconds} s each after a ${input.warmupSeconds} s warm-up; Tambo: POST /api/v1/cases over HTTP with a bearer token (token check, form validation, case insert, history row, audit entry, outbox event); baseline: bare Fastify + one pg INSERT of the same case row, over HTTP; order baseline, Tambo, Tambo, baseline`,
    unit: 'applications',
    baseline: { label: 'Fastify + pg INSERT', ...measured.baseline },
    tambo: { label: 'Tambo (route)', ...measured.subject },
    ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
  };
}
