// The cases API for agencies' systems (issues #8 and #9): `POST /api/v1/cases` honours
// `Idempotency-Key` under parallel retries, and the lists page with an opaque cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { userAccessToken } from '../../../test/helpers/identity.ts';
import { CasesHarness } from './cases.test-helpers.ts';

const h = new CasesHarness();
let auth: Record<string, string>;
before(async () => {
  await h.start();
  const { tokens } = await userAccessToken(h.t.baseUrl, {
    clientId: 'demo-rp',
    secret: 'demo-rp-secret',
    redirectUri: 'http://localhost:8400/callback',
    login: 'ciudadana@demo.tambo',
    password: 'Demo-2026-ciudadana',
    scope: 'openid cases:read cases:write',
  });
  auth = { authorization: `Bearer ${tokens!.access_token}`, 'content-type': 'application/json' };
});
after(h.close);

const submit = (answers: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${h.t.baseUrl}/api/v1/cases`, { method: 'POST', headers: { ...auth, ...headers }, body: JSON.stringify({ procedure: 'certificado-prueba', answers }) });

const casesWithBirthDate = async (birthDate: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases.case WHERE answers->>'birthDate' = ${birthDate}`.execute(h.t.app.tambo.deps.db)).rows[0]!.n;

describe('Idempotency-Key on POST /api/v1/cases', () => {
  it('20 parallel retries create one case and all name it; the key with another body is refused with 422', async () => {
    const answers = { birthDate: '2011-03-04', copies: 1, purpose: 'work' };
    const key = 'sistema-segip-solicitud-0001';
    const responses = await Promise.all(Array.from({ length: 20 }, () => submit(answers, { 'idempotency-key': key })));
    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, replayed: r.headers.get('idempotent-replayed'), json: (await r.json()) as { trackingCode: string } })));
    assert.deepEqual(
      bodies.map((b) => b.status).sort((a, b) => a - b),
      [...Array<number>(19).fill(200), 201],
      'one created, nineteen replayed',
    );
    assert.equal(bodies.filter((b) => b.replayed === 'true').length, 19);
    assert.equal(new Set(bodies.map((b) => b.json.trackingCode)).size, 1, 'every retry names the same case');
    assert.equal(await casesWithBirthDate('2011-03-04'), 1, 'one case stored');
    const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'cases.case_submitted' AND data->>'trackingCode' = ${bodies[0]!.json.trackingCode}`.execute(
      h.t.app.tambo.deps.db,
    );
    assert.equal(audits.rows[0]!.n, 1, 'one submission audited');
    // A later retry is answered the same way; the key with another request is refused.
    const later = await submit(answers, { 'idempotency-key': key });
    assert.equal(later.status, 200);
    assert.equal(((await later.json()) as { trackingCode: string }).trackingCode, bodies[0]!.json.trackingCode);
    const reused = await submit({ ...answers, copies: 2 }, { 'idempotency-key': key });
    assert.equal(reused.status, 422);
    assert.equal(((await reused.json()) as { code: string }).code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(await casesWithBirthDate('2011-03-04'), 1);
    // Without a key, or with a new one, each request is a new case; a malformed key is a 400.
    assert.equal((await submit(answers)).status, 201);
    assert.equal((await submit(answers, { 'idempotency-key': 'sistema-segip-solicitud-0002' })).status, 201);
    assert.equal(await casesWithBirthDate('2011-03-04'), 3);
    assert.equal((await submit(answers, { 'idempotency-key': 'con espacios' })).status, 400);
  });

  it('a key that failed validation is not spent: the corrected request with it creates the case', async () => {
    const key = 'sistema-segip-solicitud-0003';
    const bad = await submit({ birthDate: '2012-13-01', copies: 1, purpose: 'work' }, { 'idempotency-key': key });
    assert.equal(bad.status, 400);
    const good = await submit({ birthDate: '2012-01-01', copies: 1, purpose: 'work' }, { 'idempotency-key': key });
    assert.equal(good.status, 201);
  });
});
