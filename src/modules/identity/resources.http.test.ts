// Resource indicators (RFC 8707) for agencies' APIs over real HTTP: agencies' APIs registered
// through the administration API (audited), a real relying party (openid-client) asking
// `resource` with code + PKCE (and PAR), the token's audience and scopes checked by
// introspection (opaque) or by verifying the JWT against the published keys, refresh keeping
// the resource, invalid_target for an unknown API or another agency's, introspection by the
// wrong agency inactive, and Tambo's own API refusing the token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { discoverProvider } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { ADMIN, CITIZEN, adminAccessToken, auditEntries, testClient } from './admin.test-helpers.ts';
import { upsertClient } from './client.queries.ts';
import { DEMO_RESOURCE, DEMO_RP } from './identity.seed.ts';

let t: TestApp & { baseUrl: string };
let adminToken: string;
const RP = { clientId: 'rp-recursos', secret: 'rp-recursos-secret-0123456789', redirectUri: 'http://127.0.0.1:8491/callback' };
const SEGIP_API = { clientId: 'api-segip-recursos', secret: 'api-segip-recursos-secret-0123' };
const SIN_API = { clientId: 'api-sin-recursos', secret: 'api-sin-recursos-secret-01234' };
const SIN_RESOURCE = 'https://api.impuestos.gob.bo/v1/';
const JWT_RESOURCE = 'https://api.segip.gob.bo/firmados/';

const api = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${t.baseUrl}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
};

const newServer = (overrides: Record<string, unknown> = {}) => ({
  identifier: SIN_RESOURCE,
  agencyCode: 'SIN',
  name: 'API de impuestos',
  description: 'Consultar sus obligaciones tributarias',
  scopes: ['sin:obligaciones'],
  ...overrides,
});

before(async () => {
  t = await listenTestApp({ demo: true });
  const db = t.app.tambo.deps.db;
  await upsertClient(db, testClient(RP.clientId, RP.secret, 'SEGIP', [RP.redirectUri], ['openid', 'profile', 'cases:read']));
  await upsertClient(db, testClient(SEGIP_API.clientId, SEGIP_API.secret, 'SEGIP', ['http://127.0.0.1:8492/cb'], ['openid']));
  await upsertClient(db, testClient(SIN_API.clientId, SIN_API.secret, 'SIN', ['http://127.0.0.1:8493/cb'], ['openid']));
  adminToken = await adminAccessToken(t.baseUrl, ADMIN);
});
after(async () => t.close());

/**
 * A person signs in for RP asking `resource` (consenting when asked); returns the tokens, the
 * consent page when there was one, or the error the provider sent back.
 */
async function signInFor(request: { scope: string; resource?: string | string[]; tokenResource?: string; par?: boolean }) {
  const config = await discoverProvider(t.baseUrl, RP.clientId, RP.secret);
  const state = oidc.randomState();
  const resources = request.resource === undefined ? [] : Array.isArray(request.resource) ? request.resource : [request.resource];
  const verifier = oidc.randomPKCECodeVerifier();
  const parameters: Record<string, string> = {
    redirect_uri: RP.redirectUri,
    scope: request.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  };
  const search = new URLSearchParams(parameters);
  for (const resource of resources) search.append('resource', resource);
  const url = request.par ? await oidc.buildAuthorizationUrlWithPAR(config, search) : oidc.buildAuthorizationUrl(config, search);
  const origin = new URL(RP.redirectUri).origin;
  const browser = new HttpSession();
  let { response, url: at } = await browser.follow(url.toString(), {}, origin);
  if (new URL(at).origin === origin) return { config, error: new URL(at).searchParams.get('error') };
  const posted = await browser.submit(at, await response.text(), { login: CITIZEN.login, password: CITIZEN.password });
  assert.equal(posted.status, 303, 'the sign-in is accepted');
  ({ response, url: at } = await browser.follow(new URL(posted.headers.get('location')!, at).toString(), {}, origin));
  let consentHtml: string | undefined;
  if (new URL(at).origin !== origin) {
    consentHtml = await response.text();
    const decided = await browser.submit(at, consentHtml, { decision: 'allow' });
    ({ url: at } = await browser.follow(new URL(decided.headers.get('location')!, at).toString(), {}, origin));
  }
  const error = new URL(at).searchParams.get('error');
  if (error) return { config, error, consentHtml };
  const tokens = await oidc.authorizationCodeGrant(config, new URL(at), { pkceCodeVerifier: verifier, expectedState: state }, request.tokenResource ? { resource: request.tokenResource } : undefined);
  return { config, tokens, consentHtml };
}

const introspect = async (caller: { clientId: string; secret: string }, token: string) => oidc.tokenIntrospection(await discoverProvider(t.baseUrl, caller.clientId, caller.secret), token);

describe("agencies' APIs in the administration API", () => {
  it('registers an API for platform administrators only, checks every field at once, audits it', async () => {
    assert.equal((await api('/api/v1/admin/resource-servers')).status, 401);
    const citizenToken = await adminAccessToken(t.baseUrl, CITIZEN);
    assert.equal((await api('/api/v1/admin/resource-servers', { token: citizenToken })).status, 403);

    const bad = await api('/api/v1/admin/resource-servers', {
      method: 'POST',
      token: adminToken,
      json: newServer({ identifier: 'http://api.example.bo/#x', agencyCode: 'NOPE', scopes: ['cases:read'], accessTokenTtl: 60, tokenFormat: 'opaque' }),
    });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /problem\+json/);
    const problem = (await bad.json()) as { code: string; errors: Array<{ pointer?: string; field?: string }> };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    const pointers = problem.errors.map((e) => e.pointer ?? e.field);
    for (const pointer of ['/identifier', '/agencyCode', '/scopes']) assert.ok(pointers.includes(pointer), `${pointer} in ${pointers.join(', ')}`);

    const created = await api('/api/v1/admin/resource-servers', { method: 'POST', token: adminToken, json: newServer() });
    assert.equal(created.status, 201);
    const server = (await created.json()) as { id: string; identifier: string; tokenFormat: string; accessTokenTtl: number; isActive: boolean };
    assert.deepEqual([server.identifier, server.tokenFormat, server.accessTokenTtl, server.isActive], [SIN_RESOURCE, 'opaque', 600, true]);
    assert.equal(created.headers.get('location'), `/api/v1/admin/resource-servers/${server.id}`);
    const [entry] = await auditEntries(t.app.tambo.deps.db, 'identity.resource_server_registered', server.id);
    assert.equal(entry?.actor_type, 'admin');
    assert.equal(entry?.data.identifier, SIN_RESOURCE);

    const again = await api('/api/v1/admin/resource-servers', { method: 'POST', token: adminToken, json: newServer({ identifier: 'https://api.impuestos.gob.bo/v1/' }) });
    assert.equal(again.status, 400, 'one registration per identifier');

    // Forty identical registrations at once: one API, one audit entry, the others told it exists.
    const burst = 'https://api.impuestos.gob.bo/rafaga/';
    const answers = await Promise.all(Array.from({ length: 40 }, () => api('/api/v1/admin/resource-servers', { method: 'POST', token: adminToken, json: newServer({ identifier: burst }) })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, ...Array.from({ length: 39 }, () => 400)]);
    const winner = (await answers.find((a) => a.status === 201)!.json()) as { id: string };
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.resource_server_registered', winner.id)).length, 1);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.resource_server_registered')).filter((e) => e.data.identifier === burst).length, 1);
    const listed = (await (await api('/api/v1/admin/resource-servers', { token: adminToken })).json()) as { items: Array<{ identifier: string }> };
    assert.ok(
      listed.items.some((s) => s.identifier === DEMO_RESOURCE.identifier),
      'the demo API is listed',
    );
    const missing = await api('/api/v1/admin/resource-servers/00000000-0000-7000-8000-000000000000', { token: adminToken });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'IDENTITY_RESOURCE_SERVER_NOT_FOUND');
    const unknownChange = await api('/api/v1/admin/resource-servers/00000000-0000-7000-8000-000000000000', { method: 'PATCH', token: adminToken, json: { isActive: false } });
    assert.deepEqual([unknownChange.status, ((await unknownChange.json()) as { code: string }).code], [404, 'IDENTITY_RESOURCE_SERVER_NOT_FOUND']);
    // Every route of the API, with a request that is otherwise valid: no token 401, a citizen's token 403, nothing changed.
    const routes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/admin/resource-servers', newServer({ identifier: 'https://api.ajena.gob.bo/' })],
      ['GET', `/api/v1/admin/resource-servers/${server.id}`, undefined],
      ['PATCH', `/api/v1/admin/resource-servers/${server.id}`, { isActive: false }],
    ];
    for (const [method, path, json] of routes) {
      const anonymous = await api(path, { method, json });
      assert.deepEqual([anonymous.status, ((await anonymous.json()) as { code: string }).code], [401, 'UNAUTHENTICATED'], `${method} ${path} without a token`);
      const citizen = await api(path, { method, json, token: citizenToken });
      assert.deepEqual([citizen.status, ((await citizen.json()) as { code: string }).code], [403, 'FORBIDDEN'], `${method} ${path} with a citizen's token`);
    }
    const unchanged = (await (await api(`/api/v1/admin/resource-servers/${server.id}`, { token: adminToken })).json()) as { isActive: boolean };
    assert.equal(unchanged.isActive, true);

    const page = await (await fetch(`${t.baseUrl}/desarrolladores`)).text();
    assert.match(page, /id="apis"/);
    assert.ok(page.includes(SIN_RESOURCE) && page.includes('sin:obligaciones'), 'the developer portal lists the registered API');
  });
});

describe('a relying party asking for a token for an agency API', () => {
  it('gets an opaque token whose audience is the API, with only its scopes; refresh keeps it; only its agency can introspect; Tambo refuses it', async () => {
    const { tokens, consentHtml } = await signInFor({ scope: `openid profile cases:read ${DEMO_RESOURCE.scopes[0]}`, resource: DEMO_RESOURCE.identifier });
    assert.ok(tokens, 'tokens issued');
    assert.ok(consentHtml?.includes('API de certificados de demostración'), 'the consent page names the API');
    assert.equal(tokens.scope, DEMO_RESOURCE.scopes[0], 'only the scopes the API accepts');

    const seen = await introspect(SEGIP_API, tokens.access_token);
    assert.equal(seen.active, true);
    assert.equal(seen.aud, DEMO_RESOURCE.identifier);
    assert.equal(seen.scope, DEMO_RESOURCE.scopes[0]);
    assert.equal((await introspect(SIN_API, tokens.access_token)).active, false, "another agency's API learns nothing");

    const refused = await api('/api/v1/cases', { token: tokens.access_token });
    assert.equal(refused.status, 401, "Tambo's own API refuses a token for an agency's API");
    assert.match(refused.headers.get('content-type') ?? '', /problem\+json/);
    assert.match(refused.headers.get('www-authenticate') ?? '', /Bearer/);

    const config = await discoverProvider(t.baseUrl, RP.clientId, RP.secret);
    const refreshed = await oidc.refreshTokenGrant(config, String(tokens.refresh_token));
    const again = await introspect(SEGIP_API, refreshed.access_token);
    assert.equal(again.active, true);
    assert.equal(again.aud, DEMO_RESOURCE.identifier, 'refresh keeps the resource');
    assert.equal(again.scope, DEMO_RESOURCE.scopes[0]);
  });

  it("remembers the person's consent to an API, and asks again for an API she has not seen", async () => {
    const first = await signInFor({ scope: `openid ${DEMO_RESOURCE.scopes[0]}`, resource: DEMO_RESOURCE.identifier });
    assert.ok(first.tokens);
    const second = await signInFor({ scope: `openid ${DEMO_RESOURCE.scopes[0]}`, resource: DEMO_RESOURCE.identifier });
    assert.equal(second.consentHtml, undefined, 'no question the second time');
    assert.equal(second.tokens?.scope, DEMO_RESOURCE.scopes[0]);

    const other = 'https://api.segip.gob.bo/otra/';
    const created = await api('/api/v1/admin/resource-servers', {
      method: 'POST',
      token: adminToken,
      json: newServer({ identifier: other, agencyCode: 'SEGIP', name: 'Otra API del SEGIP', scopes: DEMO_RESOURCE.scopes }),
    });
    assert.equal(created.status, 201);
    const third = await signInFor({ scope: `openid ${DEMO_RESOURCE.scopes[0]}`, resource: other });
    assert.ok(third.consentHtml?.includes('Otra API del SEGIP'), 'the same scope name for another API is asked again');
    assert.equal(third.tokens?.scope, DEMO_RESOURCE.scopes[0]);
  });

  it('without resource, the token is for Tambo as before', async () => {
    const { tokens } = await signInFor({ scope: 'openid cases:read' });
    assert.ok(tokens);
    assert.equal((await api('/api/v1/cases', { token: tokens.access_token })).status, 200);
    const seen = await introspect(SEGIP_API, tokens.access_token);
    assert.equal(seen.active, true);
    assert.equal(seen.aud, undefined);
  });

  it('answers invalid_target for an unknown API, pushed or not, and for another agency’s API until it lists the client', async () => {
    assert.equal((await signInFor({ scope: 'openid x:y', resource: 'https://api.desconocida.gob.bo/' })).error, 'invalid_target');
    await assert.rejects(signInFor({ scope: 'openid x:y', resource: 'https://api.desconocida.gob.bo/', par: true }), (error: Error & { error?: string }) => error.error === 'invalid_target');

    const sinScope = 'sin:padron';
    const SIN_RESOURCE = 'https://api.impuestos.gob.bo/padron/';
    const sin = (await (await api('/api/v1/admin/resource-servers', { method: 'POST', token: adminToken, json: newServer({ identifier: SIN_RESOURCE, scopes: [sinScope] }) })).json()) as {
      id: string;
    };
    assert.equal((await signInFor({ scope: `openid ${sinScope}`, resource: SIN_RESOURCE })).error, 'invalid_target', 'a SEGIP client may not ask for the SIN API');
    const patched = await api(`/api/v1/admin/resource-servers/${sin.id}`, { method: 'PATCH', token: adminToken, json: { clientIds: [RP.clientId] } });
    assert.equal(patched.status, 200);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.resource_server_updated', sin.id)).length, 1);

    const { tokens } = await signInFor({ scope: `openid ${sinScope}`, resource: SIN_RESOURCE, par: true });
    assert.ok(tokens, 'a listed client may ask (the change is seen at once)');
    assert.equal((await introspect(SIN_API, tokens.access_token)).aud, SIN_RESOURCE);
    assert.equal((await introspect(SEGIP_API, tokens.access_token)).active, false, "the client's own agency is not the API's owner");

    await api(`/api/v1/admin/resource-servers/${sin.id}`, { method: 'PATCH', token: adminToken, json: { isActive: false } });
    assert.equal((await introspect(SIN_API, tokens.access_token)).active, false, 'a deactivated API: its tokens are inactive');
    assert.equal((await signInFor({ scope: `openid ${sinScope}`, resource: SIN_RESOURCE })).error, 'invalid_target');
  });

  it("gives an agency's system acting by itself (client credentials) a token for its agency's API, which Tambo's agency API refuses", async () => {
    const config = await discoverProvider(t.baseUrl, DEMO_RP.clientId, DEMO_RP.clientSecret);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: `cases:feed ${DEMO_RESOURCE.scopes[0]}`, resource: DEMO_RESOURCE.identifier });
    assert.equal(tokens.scope, DEMO_RESOURCE.scopes[0], "only the API's scopes");
    const seen = await introspect(SEGIP_API, tokens.access_token);
    assert.deepEqual([seen.active, seen.aud, seen.sub], [true, DEMO_RESOURCE.identifier, undefined]);
    assert.equal((await api('/api/v1/agency/cases', { token: tokens.access_token })).status, 401);
    await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'x:y', resource: 'https://api.desconocida.gob.bo/' }), (error: Error & { error?: string }) => error.error === 'invalid_target');
  });

  it('issues a JWT for an API that checks tokens offline, verifiable with the published keys', async () => {
    const created = await api('/api/v1/admin/resource-servers', {
      method: 'POST',
      token: adminToken,
      json: newServer({ identifier: JWT_RESOURCE, agencyCode: 'SEGIP', name: 'API firmada del SEGIP', scopes: ['segip:firmas'], tokenFormat: 'jwt', accessTokenTtl: 300 }),
    });
    assert.equal(created.status, 201);
    const { tokens } = await signInFor({ scope: 'openid segip:firmas', resource: [JWT_RESOURCE, DEMO_RESOURCE.identifier], tokenResource: JWT_RESOURCE });
    assert.ok(tokens, 'resource chosen at /token among those authorized');
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${t.baseUrl}/auth/jwks`)), {
      issuer: `${t.baseUrl}/auth`,
      audience: JWT_RESOURCE,
      typ: 'at+jwt',
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.scope, 'segip:firmas');
    assert.equal(payload.client_id, RP.clientId);
    assert.equal(Number(payload.exp) - Number(payload.iat), 300, "the API's lifetime");
    const refused = await api('/api/v1/cases', { token: tokens.access_token });
    assert.equal(refused.status, 401);
  });
});
