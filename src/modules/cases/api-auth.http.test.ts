// Who may use /api/v1/cases with a person's access token (issue #8, "token audience and
// scope"): real tokens from the provider, through the sign-in and consent pages, for the demo
// agency's system (SEGIP) and for systems of other agencies registered here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { userAccessToken } from '../../../test/helpers/identity.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import { CasesHarness } from './cases.test-helpers.ts';

const h = new CasesHarness();
before(h.start);
after(h.close);

const DEMO = { clientId: 'demo-rp', secret: 'demo-rp-secret', redirectUri: 'http://localhost:8400/callback' };
const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' };
const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario' };
const ANSWERS = { birthDate: '2020-01-01', copies: 1, purpose: 'work' };

/** A confidential client of another agency (the secret is kept in plain, as the provider still accepts). */
async function registerClient(clientId: string, agencyCode: string, scopes: string[]): Promise<typeof DEMO> {
  const redirectUri = 'http://127.0.0.1:8401/callback';
  await sql`INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, scopes, purpose)
    VALUES (${clientId}, ${`${clientId}-secret`}, ${`Sistema ${agencyCode}`}, ${agencyCode}, ${[redirectUri]}, ${scopes}, 'Pruebas')`.execute(h.t.app.tambo.deps.db);
  return { clientId, secret: `${clientId}-secret`, redirectUri };
}

async function token(client: typeof DEMO, person: typeof CITIZEN, scope: string): Promise<string> {
  const { tokens } = await userAccessToken(h.t.baseUrl, { ...client, ...person, scope });
  assert.ok(tokens?.access_token, 'a token was issued');
  return tokens.access_token;
}

async function call(accessToken: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; challenge: string | null }> {
  const response = await fetch(`${h.t.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, challenge: response.headers.get('www-authenticate') };
}

describe('the cases API checks the scope and the audience of user tokens', () => {
  it('a token with only openid reads nothing and files nothing: 403 insufficient_scope', async () => {
    const code = await h.applyOnline();
    const openidOnly = await token(DEMO, CITIZEN, 'openid');
    for (const [path, body] of [['/api/v1/cases'], [`/api/v1/cases/${code}`], ['/api/v1/cases', { procedure: 'certificado-prueba', answers: ANSWERS }]] as const) {
      const answer = await call(openidOnly, path, body);
      assert.equal(answer.status, 403, path);
      assert.equal(answer.json.code, 'INSUFFICIENT_SCOPE');
      assert.match(answer.challenge ?? '', /error="insufficient_scope"/);
    }
    const filed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases.case WHERE channel = 'online'`.execute(h.t.app.tambo.deps.db);
    assert.equal((await call(openidOnly, '/api/v1/cases', { procedure: 'certificado-prueba', answers: ANSWERS })).status, 403);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases.case WHERE channel = 'online'`.execute(h.t.app.tambo.deps.db);
    assert.equal(after.rows[0]!.n, filed.rows[0]!.n, 'nothing was filed');
  });

  it('cases:read reads only her own cases and files nothing; cases:write files', async () => {
    const code = await h.applyOnline();
    const reader = await token(DEMO, CITIZEN, 'openid cases:read');
    const mine = await call(reader, '/api/v1/cases');
    assert.equal(mine.status, 200);
    const items = mine.json.items as Array<{ trackingCode: string }>;
    assert.ok(items.some((c) => c.trackingCode === code));
    const others = await sql<{ tracking_code: string }>`SELECT c.tracking_code FROM cases.case c JOIN identity.account a ON a.id = c.account_id WHERE a.email <> ${CITIZEN.login}`.execute(
      h.t.app.tambo.deps.db,
    );
    assert.ok(
      items.every((c) => !others.rows.some((o) => o.tracking_code === c.trackingCode)),
      'no one else’s case is listed',
    );
    assert.equal((await call(reader, `/api/v1/cases/${code}`)).status, 200);
    assert.equal((await call(reader, '/api/v1/cases', { procedure: 'certificado-prueba', answers: ANSWERS })).status, 403);
    const writer = await token(DEMO, CITIZEN, 'openid cases:write');
    assert.equal((await call(writer, '/api/v1/cases', { procedure: 'certificado-prueba', answers: ANSWERS })).status, 201);
    assert.equal((await call(writer, '/api/v1/cases')).status, 403, 'writing is not reading');
    // A submission with a warm token reads neither the account again (the token check's is passed on) nor the procedure (cached).
    const { result: filed, statements } = await countStatements(() => call(writer, '/api/v1/cases', { procedure: 'certificado-prueba', answers: ANSWERS }));
    assert.equal(filed.status, 201);
    assert.equal(statements.length, 1, `the write alone (5 when the service read the account and the procedure, 3 before clients and consents were cached):\n${statements.join('\n')}`);
    assert.match(statements[0]!, /^\/\* prepared \*\/ WITH main AS \(INSERT INTO "cases"\."case"/);
    // Her consents page names what she allowed in plain words.
    const consents = await h.page(await h.citizen(), '/cuenta/consentimientos');
    assert.match(consents.html, /Ver sus trámites en curso y terminados/);
    assert.match(consents.html, /Presentar solicitudes de trámites/);
    assert.doesNotMatch(consents.html, /identity\.scope\.|contract\.scope/);
  });

  it('another client of the same person, to which she did not consent cases:read, is refused', async () => {
    await h.applyOnline();
    // She consented cases:read to the demo system (above and here), not to this one.
    await token(DEMO, CITIZEN, 'openid cases:read');
    const other = await registerClient('sistema-sereci', 'SERECI', ['openid', 'profile', 'cases:read']);
    const asked = await userAccessToken(h.t.baseUrl, { ...other, ...CITIZEN, scope: 'openid profile' });
    assert.ok(asked.tokens?.access_token);
    assert.equal((await call(asked.tokens.access_token, '/api/v1/cases')).status, 403);
    // The consent page names the scope in plain words when it is asked for.
    const consenting = await userAccessToken(h.t.baseUrl, { ...other, ...CITIZEN, scope: 'openid cases:read', consent: 'deny' });
    assert.equal(consenting.denied, true);
    assert.match(consenting.consentHtml ?? '', /podrá, en su nombre/);
    assert.match(consenting.consentHtml ?? '', /Ver sus trámites en curso y terminados/);
    // A client not allowed the scope cannot even ask for it.
    const notAllowed = await registerClient('sistema-sin-tramites', 'SERECI', ['openid']);
    await assert.rejects(userAccessToken(h.t.baseUrl, { ...notAllowed, ...CITIZEN, scope: 'openid cases:read' }));
  });

  it('a token stops working for a scope once its client is no longer allowed it, or the consent is gone', async () => {
    await registerClient('sistema-revocado', 'SEGIP', ['openid', 'cases:read']);
    const client = { clientId: 'sistema-revocado', secret: 'sistema-revocado-secret', redirectUri: 'http://127.0.0.1:8401/callback' };
    const reader = await token(client, CITIZEN, 'openid cases:read');
    assert.equal((await call(reader, '/api/v1/cases')).status, 200);
    await sql`UPDATE identity.consent SET scopes = ARRAY['openid'] WHERE client_id = 'sistema-revocado'`.execute(h.t.app.tambo.deps.db);
    await h.t.app.tambo.deps.bus.sync(); // the change, announced by the database, has reached this process's caches
    assert.equal((await call(reader, '/api/v1/cases')).status, 403, 'the person no longer consents to it');
    await sql`UPDATE identity.consent SET scopes = ARRAY['openid', 'cases:read'] WHERE client_id = 'sistema-revocado'`.execute(h.t.app.tambo.deps.db);
    await h.t.app.tambo.deps.bus.sync(); // the change, announced by the database, has reached this process's caches
    assert.equal((await call(reader, '/api/v1/cases')).status, 200);
    await sql`UPDATE identity.client SET scopes = ARRAY['openid'] WHERE client_id = 'sistema-revocado'`.execute(h.t.app.tambo.deps.db);
    await h.t.app.tambo.deps.bus.sync(); // the change, announced by the database, has reached this process's caches
    assert.equal((await call(reader, '/api/v1/cases')).status, 403, 'the client is no longer allowed it');
  });

  it("an official's token moves a case only from a client bound to the case's agency, with cases:handle", async () => {
    const code = await h.applyOnline(); // a SEGIP case
    // The demo official handles cases at SEGIP and SERECI; this system belongs to SERECI.
    const sereci = await registerClient('sistema-sereci-gestion', 'SERECI', ['openid', 'cases:handle']);
    const fromSereci = await token(sereci, OFFICIAL, 'openid cases:handle');
    assert.equal((await call(fromSereci, `/api/v1/cases/${code}/transitions`, { transition: 'take' })).status, 404);
    assert.equal((await call(fromSereci, `/api/v1/cases/${code}`)).status, 404);
    // The official's token from SEGIP's system without cases:handle moves nothing.
    const segipRead = await token(DEMO, OFFICIAL, 'openid cases:read');
    assert.equal((await call(segipRead, `/api/v1/cases/${code}/transitions`, { transition: 'take' })).status, 403);
    // The citizen's token with cases:handle from SEGIP's system: she handles nothing there.
    const citizenHandle = await token(DEMO, CITIZEN, 'openid cases:handle');
    assert.equal((await call(citizenHandle, `/api/v1/cases/${code}/transitions`, { transition: 'take' })).status, 404);
    const state = async () => (await sql<{ state: string }>`SELECT state FROM cases.case WHERE tracking_code = ${code}`.execute(h.t.app.tambo.deps.db)).rows[0]!.state;
    assert.equal(await state(), 'submitted');
    // The right one: SEGIP's system, cases:handle, an official who handles SEGIP's cases.
    const segip = await token(DEMO, OFFICIAL, 'openid cases:handle');
    const read = await call(segip, `/api/v1/cases/${code}`);
    assert.equal(read.status, 200);
    const taken = await call(segip, `/api/v1/cases/${code}/transitions`, { transition: 'take' });
    assert.equal(taken.status, 200, JSON.stringify(taken.json));
    assert.notEqual(await state(), 'submitted');
    // Taken already: the workflow has no `take` from here.
    const again = await call(segip, `/api/v1/cases/${code}/transitions`, { transition: 'take' });
    assert.deepEqual([again.status, again.json.code], [409, 'CASES_TRANSITION_NOT_ALLOWED']);
  });
});
