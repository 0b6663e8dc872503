// The xAPI 1.0.3 statement resource over real HTTP: the version header (required, echoed),
// /about, POST and PUT (204 on the same statement again, 409 on a different one with the same
// id, 400 naming the broken rule), GET by id and voidedStatementId, voiding, since/until/limit
// and `more`, the agent and activity filters, and agencies kept apart (another agency's client gets 404 and never lists them).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { VERB } from './xapi.ts';

let t: TestApp & { baseUrl: string };
const agetic = { id: `xapi-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}`, agency: 'AGETIC', token: '' };
const sin = { id: `xapi-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}`, agency: 'SIN', token: '' };
const noScope = { id: `xapi-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}`, agency: 'AGETIC', token: '' };

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const c of [agetic, sin, noScope]) {
    const rights = c === noScope ? ['norms:write'] : ['training:xapi'];
    await sql`
      INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
        minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
      VALUES (${c.id}, ${c.secret}, ${`LMS ${c.id}`}, ${c.agency}, '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true, ${rights}::text[])`.execute(t.app.tambo.deps.db);
    const token = await fetch(`${t.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: c === noScope ? 'norms:write' : 'training:xapi' }).toString(),
    });
    c.token = ((await token.json()) as { access_token: string }).access_token;
  }
});
after(async () => {
  await t?.close();
});

async function xapi(method: string, path: string, options: { body?: unknown; client?: { token: string }; version?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.version !== null) headers['x-experience-api-version'] = options.version ?? '1.0.3';
  if (options.client) headers.authorization = `Bearer ${options.client.token}`;
  const response = await fetch(`${t.baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : null };
}

const statement = (over: Record<string, unknown> = {}) => ({
  actor: { objectType: 'Agent', mbox: 'mailto:ana@example.org' },
  verb: { id: VERB.completed, display: { 'es-BO': 'completó' } },
  object: { id: 'https://lms.example/curso/firma-digital' },
  ...over,
});

it('answers /about and requires and echoes the version header', async () => {
  const about = await xapi('GET', '/api/v1/xapi/about', { version: null });
  assert.equal(about.status, 200);
  assert.deepEqual(about.body.version, ['1.0.3']);
  assert.equal(about.headers.get('x-experience-api-version'), '1.0.3');
  const missing = await xapi('GET', '/api/v1/xapi/statements', { client: agetic, version: null });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.code, 'TRAINING_XAPI_VERSION');
  assert.equal(missing.headers.get('x-experience-api-version'), '1.0.3');
  assert.equal((await xapi('GET', '/api/v1/xapi/statements', { client: agetic, version: '0.95' })).status, 400);
  // Writes too: without the header, nothing is stored and the code says why.
  for (const method of ['POST', 'PUT']) {
    const path = method === 'PUT' ? `/api/v1/xapi/statements?statementId=${randomUUID()}` : '/api/v1/xapi/statements';
    const unversioned = await xapi(method, path, { client: agetic, version: null, body: statement() });
    assert.deepEqual([unversioned.status, unversioned.body.code], [400, 'TRAINING_XAPI_VERSION'], method);
  }
  assert.equal((await xapi('GET', '/api/v1/xapi/statements')).status, 401);
  // The token comes before the header: a stranger without either is refused for the token.
  assert.equal((await xapi('POST', '/api/v1/xapi/statements', { version: null, body: statement() })).status, 401);
  assert.equal((await xapi('POST', '/api/v1/xapi/statements', { client: noScope, version: null, body: statement() })).status, 403);
  assert.equal((await xapi('GET', '/api/v1/xapi/statements', { client: noScope })).status, 403);
});

it('stores by POST and PUT: same statement again 204, a different one with the same id 409, invalid 400 naming the rule', async () => {
  const posted = await xapi('POST', '/api/v1/xapi/statements', { client: agetic, body: [statement(), statement({ verb: { id: VERB.passed } })] });
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  assert.equal(posted.body.length, 2);
  const got = await xapi('GET', `/api/v1/xapi/statements?statementId=${posted.body[0]}`, { client: agetic });
  assert.equal(got.status, 200);
  assert.equal(got.body.id, posted.body[0]);
  assert.equal(got.body.version, '1.0.3');
  assert.ok(got.body.stored && got.body.authority?.account?.name === agetic.id, 'stored and authority set by the LRS');
  assert.ok(got.headers.get('x-experience-api-consistent-through'));

  const id = randomUUID();
  assert.equal((await xapi('PUT', `/api/v1/xapi/statements?statementId=${id}`, { client: agetic, body: statement() })).status, 204);
  assert.equal((await xapi('PUT', `/api/v1/xapi/statements?statementId=${id}`, { client: agetic, body: statement() })).status, 204, 'identical: 204');
  const conflict = await xapi('PUT', `/api/v1/xapi/statements?statementId=${id}`, { client: agetic, body: statement({ verb: { id: VERB.failed } }) });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.body.code, 'TRAINING_XAPI_CONFLICT');
  assert.equal((await xapi('POST', '/api/v1/xapi/statements', { client: agetic, body: { ...statement({ verb: { id: VERB.failed } }), id } })).status, 409);
  assert.equal((await xapi('PUT', `/api/v1/xapi/statements?statementId=${id}`, { client: sin, body: statement() })).status, 409, 'the id is taken, whoever asks');

  const burstId = randomUUID();
  const burst = await Promise.all(Array.from({ length: 20 }, () => xapi('PUT', `/api/v1/xapi/statements?statementId=${burstId}`, { client: agetic, body: statement() })));
  assert.ok(
    burst.every((r) => r.status === 204),
    burst.map((r) => r.status).join(),
  );
  const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM training.statement WHERE id = ${burstId}`.execute(t.app.tambo.deps.db);
  assert.equal(stored.rows[0]!.n, 1);

  const invalid = await xapi('POST', '/api/v1/xapi/statements', { client: agetic, body: { verb: { id: 'completed' }, object: { id: 'x y' } } });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.code, 'TRAINING_XAPI_INVALID');
  const pointers = (invalid.body.errors as Array<{ pointer: string }>).map((e) => e.pointer);
  for (const p of ['/actor', '/verb/id', '/object/id']) assert.ok(pointers.includes(p), `${p} in ${pointers}`);
  assert.equal((await xapi('PUT', '/api/v1/xapi/statements?statementId=nope', { client: agetic, body: statement() })).status, 400);
  assert.equal((await xapi('PUT', `/api/v1/xapi/statements?statementId=${randomUUID()}`, { client: agetic, body: { ...statement(), id: randomUUID() } })).status, 400);
});

it('voids: the target leaves the list and answers only to voidedStatementId; a voiding statement cannot be voided', async () => {
  const [target] = (await xapi('POST', '/api/v1/xapi/statements', { client: agetic, body: statement() })).body as string[];
  const voiding = statement({ verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: target } });
  const [voidId] = (await xapi('POST', '/api/v1/xapi/statements', { client: agetic, body: voiding })).body as string[];
  assert.equal((await xapi('GET', `/api/v1/xapi/statements?statementId=${target}`, { client: agetic })).status, 404);
  assert.equal((await xapi('GET', `/api/v1/xapi/statements?voidedStatementId=${target}`, { client: agetic })).body.id, target);
  assert.equal((await xapi('GET', `/api/v1/xapi/statements?voidedStatementId=${voidId}`, { client: agetic })).status, 404, 'not voided');
  const again = await xapi('POST', '/api/v1/xapi/statements', { client: agetic, body: statement({ verb: { id: VERB.voided }, object: { objectType: 'StatementRef', id: voidId } }) });
  assert.equal(again.status, 400);
  assert.equal((await xapi('GET', `/api/v1/xapi/statements?statementId=${target}&limit=1`, { client: agetic })).status, 400, 'nothing else with statementId');
});

it('pages with since, until, limit and more; another agency sees none of them', async () => {
  const since = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const ids: string[] = [];
  for (let i = 0; i < 5; i++)
    ids.push(...((await xapi('POST', '/api/v1/xapi/statements', { client: agetic, body: statement({ object: { id: `https://lms.example/curso/${i}` } }) })).body as string[]));
  const seen: string[] = [];
  let next = `/api/v1/xapi/statements?since=${encodeURIComponent(since)}&limit=2&ascending=true`;
  for (let pages = 0; next && pages < 10; pages++) {
    const page = await xapi('GET', next, { client: agetic });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.ok(page.body.statements.length <= 2);
    seen.push(...page.body.statements.map((s: { id: string }) => s.id));
    next = page.body.more;
  }
  assert.deepEqual(seen, ids, 'every statement once, in order');
  const until = (await xapi('GET', `/api/v1/xapi/statements?statementId=${ids[2]}`, { client: agetic })).body.stored as string;
  const upTo = await xapi('GET', `/api/v1/xapi/statements?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`, { client: agetic });
  assert.deepEqual(upTo.body.statements.map((s: { id: string }) => s.id).sort(), ids.slice(0, 3).sort());
  const theirs = await xapi('GET', `/api/v1/xapi/statements?since=${encodeURIComponent(since)}`, { client: sin });
  assert.deepEqual(theirs.body, { statements: [], more: '' });
  assert.equal((await xapi('GET', `/api/v1/xapi/statements?statementId=${ids[0]}`, { client: sin })).status, 404);
  const first = await xapi('GET', `/api/v1/xapi/statements?since=${encodeURIComponent(since)}&limit=1`, { client: agetic });
  assert.equal((await xapi('GET', first.body.more, { client: sin })).status, 400, 'a cursor of another agency');
});

it('filters by agent (as actor or object, by its one identifier) and by activity; a malformed agent is 400', async () => {
  const course = `https://lms.example/curso/${randomUUID()}`;
  const mbox = `mailto:${randomUUID().slice(0, 8)}@example.org`;
  const account = { homePage: 'https://lms.example', name: randomUUID() };
  const ids = (
    await xapi('POST', '/api/v1/xapi/statements', {
      client: agetic,
      body: [
        statement({ actor: { mbox, name: 'Eva' }, object: { id: course } }),
        statement({ actor: { account }, object: { id: course } }),
        statement({ actor: { mbox: 'mailto:tutor@example.org' }, verb: { id: 'http://adlnet.gov/expapi/verbs/interacted' }, object: { objectType: 'Agent', mbox } }),
        statement({ actor: { mbox }, object: { id: `${course}/otra` } }),
      ],
    })
  ).body as string[];
  assert.equal(ids.length, 4);
  const list = async (query: Record<string, string>) => {
    const r = await xapi('GET', `/api/v1/xapi/statements?${new URLSearchParams(query)}`, { client: agetic });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body.statements as Array<{ id: string }>).map((s) => s.id).sort();
  };
  assert.deepEqual(await list({ agent: JSON.stringify({ objectType: 'Agent', mbox }) }), [ids[0], ids[2], ids[3]].sort(), 'actor or object, whatever the name');
  assert.deepEqual(await list({ agent: JSON.stringify({ account }) }), [ids[1]]);
  assert.deepEqual(await list({ activity: course }), [ids[0], ids[1]].sort());
  assert.deepEqual(await list({ activity: course, agent: JSON.stringify({ mbox }) }), [ids[0]]);
  const other = await xapi('GET', `/api/v1/xapi/statements?${new URLSearchParams({ agent: JSON.stringify({ mbox }) })}`, { client: sin });
  assert.deepEqual(other.body.statements, [], 'another agency');
  for (const agent of ['{not json', JSON.stringify({ mbox, openid: 'https://id.example/eva' }), JSON.stringify({ name: 'Eva' }), JSON.stringify({ account: { name: 'x' } })]) {
    const bad = await xapi('GET', `/api/v1/xapi/statements?${new URLSearchParams({ agent })}`, { client: agetic });
    assert.equal(bad.status, 400, agent);
    assert.equal(bad.body.code, 'TRAINING_XAPI_INVALID');
  }
});
