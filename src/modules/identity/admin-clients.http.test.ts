// Agencies' systems over real HTTP: the clients API (bearer token from our own provider) and
// a real relying party using a client registered through it; the client pages; authorization
// on every route; audit entries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { freePort } from '../../platform/db/embedded.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { authorizationRequest, discoverProvider } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { findClient } from './client.queries.ts';
import { ADMIN, CITIZEN, OFFICIAL, adminAccessToken, auditEntries, getPage, portalSession, postForm, signInAtProvider } from './admin.test-helpers.ts';

let t: TestApp & { baseUrl: string };
let adminToken: string;
let citizenToken: string;
let rpOrigin: string;

before(async () => {
  t = await listenTestApp({ demo: true });
  rpOrigin = `http://127.0.0.1:${await freePort()}`;
  [adminToken, citizenToken] = [await adminAccessToken(t.baseUrl, ADMIN), await adminAccessToken(t.baseUrl, CITIZEN)];
});
after(async () => t.close());

const api = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${t.baseUrl}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
};

const newClient = (overrides: Record<string, unknown> = {}) => ({
  name: 'Sistema de licencias',
  agencyCode: 'GAMLP',
  redirectUris: [`${rpOrigin}/callback`],
  postLogoutRedirectUris: [`${rpOrigin}/`],
  scopes: ['openid', 'profile', 'documento'],
  minimumLevel: 'bajo',
  subjectType: 'pairwise',
  purpose: 'Emitir licencias de funcionamiento',
  ...overrides,
});

describe('clients API', () => {
  it('refuses requests without a token (401 with a challenge), with a bad one, and from a non-administrator (403)', async () => {
    const none = await api('/api/v1/admin/clients');
    assert.equal(none.status, 401);
    assert.match(none.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer .*tambo:admin/);
    assert.equal((await api('/api/v1/admin/clients', { token: 'not-a-real-token-0123456789abcdef' })).status, 401);
    const citizen = await api('/api/v1/admin/clients', { token: citizenToken });
    assert.equal(citizen.status, 403);
    assert.equal(((await citizen.json()) as { code: string }).code, 'FORBIDDEN');
    const posted = await api('/api/v1/admin/clients', { method: 'POST', token: citizenToken, json: newClient() });
    assert.equal(posted.status, 403);
    // Every route, each with a request that gets past validation: no token 401, the citizen's 403,
    // the administrator's for a system that does not exist 404.
    const routes: Array<{ method: string; path: string; json?: unknown }> = [
      { method: 'POST', path: '/api/v1/admin/clients', json: newClient() },
      { method: 'GET', path: '/api/v1/admin/clients/no-such-client' },
      { method: 'PATCH', path: '/api/v1/admin/clients/no-such-client', json: { name: 'Otro nombre' } },
      { method: 'POST', path: '/api/v1/admin/clients/no-such-client/secret' },
      { method: 'PUT', path: '/api/v1/admin/clients/no-such-client/certificate', json: { subjectDn: 'CN=sistema,O=SEGIP,C=BO' } },
    ];
    const codeOf = async (response: Response) => [response.status, ((await response.json()) as { code: string }).code];
    for (const { method, path, json } of routes) {
      assert.deepEqual(await codeOf(await api(path, { method, json })), [401, 'UNAUTHENTICATED'], `${method} ${path}`);
      assert.deepEqual(await codeOf(await api(path, { method, json, token: citizenToken })), [403, 'FORBIDDEN'], `${method} ${path}`);
      if (path.includes('no-such-client')) assert.deepEqual(await codeOf(await api(path, { method, json, token: adminToken })), [404, 'IDENTITY_CLIENT_NOT_FOUND'], `${method} ${path}`);
    }
  });

  it('refuses an access token issued to an agency system without the admin scope', async () => {
    // The demo relying party signs the administrator in: its token must not open the admin API.
    const config = await discoverProvider(t.baseUrl, 'demo-rp', 'demo-rp-secret');
    const { url, verifier } = await authorizationRequest(config, { redirectUri: 'http://localhost:8400/callback', scope: 'openid', state: 's1' });
    const browser = new HttpSession();
    let { response, url: at } = await signInAtProvider(browser, url.toString(), ADMIN.login, ADMIN.password, 'http://localhost:8400');
    if (new URL(at).origin !== 'http://localhost:8400') {
      const html = await response.text();
      const decided = await browser.submit(at, html, { decision: 'allow' });
      ({ url: at } = await browser.follow(new URL(decided.headers.get('location')!, at).toString(), {}, 'http://localhost:8400'));
    }
    const tokens = await oidc.authorizationCodeGrant(config, new URL(at), { pkceCodeVerifier: verifier, expectedState: 's1' });
    const refused = await api('/api/v1/admin/clients', { token: tokens.access_token });
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get('www-authenticate') ?? '', /insufficient_scope/);
    // And an agency's system cannot even ask for the admin scope.
    const { url: asking } = await authorizationRequest(config, { redirectUri: 'http://localhost:8400/callback', scope: 'openid tambo:admin', state: 's2' }, verifier);
    const answer = await browser.request(asking.toString());
    assert.equal(new URL(answer.headers.get('location') ?? '', t.baseUrl).searchParams.get('error'), 'invalid_scope');
  });

  it('answers invalid bodies with problem+json and pointers to each field', async () => {
    const bad = await api('/api/v1/admin/clients', { method: 'POST', token: adminToken, json: newClient({ redirectUris: ['http://example.org/cb'], scopes: ['profile'], agencyCode: 'NOPE' }) });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = (await bad.json()) as { code: string; errors: Array<{ pointer: string; detail: string }> };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    const pointers = problem.errors.map((e) => e.pointer).sort();
    assert.deepEqual(pointers, ['/agencyCode', '/redirectUris', '/scopes']);
    assert.ok(problem.errors.every((e) => e.detail.length > 0));

    const schema = await api('/api/v1/admin/clients', { method: 'POST', token: adminToken, json: { name: 'x', unknownField: 1 } });
    assert.equal(schema.status, 400);
    assert.equal(((await schema.json()) as { code: string }).code, 'VALIDATION_FAILED');
    const missing = await api('/api/v1/admin/clients/no-such-client', { token: adminToken });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'IDENTITY_CLIENT_NOT_FOUND');
    const portal = await api('/api/v1/admin/clients/tambo-portal', { token: adminToken });
    assert.equal(portal.status, 404, 'first-party clients are not administered here');
  });

  it("allows a client the modules' scopes (cases:read…) but no undeclared one, nor mailbox:send", async () => {
    const created = await api('/api/v1/admin/clients', { method: 'POST', token: adminToken, json: newClient({ scopes: ['openid', 'cases:read', 'cases:handle'] }) });
    assert.equal(created.status, 201, await created.clone().text());
    assert.deepEqual(((await created.json()) as { client: { scopes: string[] } }).client.scopes, ['openid', 'cases:read', 'cases:handle']);
    for (const scope of ['cases:destroy', 'mailbox:send']) {
      const refused = await api('/api/v1/admin/clients', { method: 'POST', token: adminToken, json: newClient({ scopes: ['openid', scope] }) });
      assert.equal(refused.status, 400, scope);
      assert.deepEqual(
        ((await refused.json()) as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer),
        ['/scopes'],
      );
    }
    // The provider announces them, and the administration's form offers them in plain words.
    const discovery = (await (await fetch(`${t.baseUrl}/auth/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    assert.ok(['cases:read', 'cases:write', 'cases:handle'].every((s) => discovery.scopes_supported.includes(s)));
  });

  it('registers a client that a real relying party uses for code + PKCE; rotation and deactivation take effect at once', async () => {
    const created = await api('/api/v1/admin/clients', { method: 'POST', token: adminToken, json: newClient() });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const { client, clientSecret } = (await created.json()) as { client: { clientId: string; isActive: boolean; subjectType: string }; clientSecret: string };
    assert.match(client.clientId, /^gamlp-[0-9a-f]{10}$/);
    assert.equal(created.headers.get('location'), `/api/v1/admin/clients/${client.clientId}`);
    assert.ok(clientSecret.length >= 40);
    const stored = await findClient(t.app.tambo.deps.db, client.clientId);
    assert.match(stored!.clientSecret ?? '', /^sha256:/, 'only the hash is stored');
    const [audit] = await auditEntries(t.app.tambo.deps.db, 'identity.client_registered', client.clientId);
    assert.equal(audit?.actor_type, 'admin');
    assert.ok(!JSON.stringify(audit?.data).includes(clientSecret), 'the secret is never audited');

    const listed = (await (await api('/api/v1/admin/clients', { token: adminToken })).json()) as { items: Array<{ clientId: string }> };
    assert.ok(listed.items.some((c) => c.clientId === client.clientId));
    assert.ok(!listed.items.some((c) => c.clientId === 'tambo-portal'));

    // A real relying party with the credentials just issued.
    const browser = new HttpSession();
    const codeFlow = async (secret: string) => {
      const config = await discoverProvider(t.baseUrl, client.clientId, secret);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const { url, verifier } = await authorizationRequest(config, { redirectUri: `${rpOrigin}/callback`, scope: 'openid profile documento', state, extra: { nonce } });
      let { response, url: at } = await signInAtProvider(browser, url.toString(), CITIZEN.login, CITIZEN.password, rpOrigin);
      if (new URL(at).origin !== rpOrigin) {
        const html = await response.text();
        assert.match(html, /Sistema de licencias/);
        const decided = await browser.submit(at, html, { decision: 'allow' });
        ({ url: at } = await browser.follow(new URL(decided.headers.get('location')!, at).toString(), {}, rpOrigin));
      }
      return oidc.authorizationCodeGrant(config, new URL(at), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    };
    const tokens = await codeFlow(clientSecret);
    const claims = tokens.claims()!;
    assert.equal(claims.aud, client.clientId);
    assert.equal(claims.acr, 'sustancial');
    assert.equal(claims.given_name, 'María');

    // A new secret: the old one stops working, the new one works.
    const rotated = await api(`/api/v1/admin/clients/${client.clientId}/secret`, { method: 'POST', token: adminToken });
    assert.equal(rotated.status, 200);
    const { clientSecret: newSecret } = (await rotated.json()) as { clientSecret: string };
    assert.notEqual(newSecret, clientSecret);
    await assert.rejects(codeFlow(clientSecret), (error: Error & { error?: string }) => error.error === 'invalid_client');
    assert.equal((await codeFlow(newSecret)).claims()?.aud, client.clientId);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.client_secret_rotated', client.clientId)).length, 1);

    // PATCH: a bad address is refused with a pointer; a good change is audited; deactivation closes the door.
    const badPatch = await api(`/api/v1/admin/clients/${client.clientId}`, { method: 'PATCH', token: adminToken, json: { redirectUris: ['ftp://x'] } });
    assert.equal(badPatch.status, 400);
    assert.deepEqual(
      ((await badPatch.json()) as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer),
      ['/redirectUris'],
    );
    const patched = await api(`/api/v1/admin/clients/${client.clientId}`, { method: 'PATCH', token: adminToken, json: { name: 'Licencias municipales', minimumLevel: 'sustancial' } });
    assert.equal(patched.status, 200);
    const after = (await patched.json()) as { name: string; minimumLevel: string; redirectUris: string[] };
    assert.equal(after.name, 'Licencias municipales');
    assert.equal(after.minimumLevel, 'sustancial');
    assert.deepEqual(after.redirectUris, [`${rpOrigin}/callback`], 'fields left out stay as they were');
    const [update] = await auditEntries(t.app.tambo.deps.db, 'identity.client_updated', client.clientId);
    assert.deepEqual((update!.data.changes as Record<string, unknown>).name, { from: 'Sistema de licencias', to: 'Licencias municipales' });

    const off = await api(`/api/v1/admin/clients/${client.clientId}`, { method: 'PATCH', token: adminToken, json: { isActive: false } });
    assert.equal(((await off.json()) as { isActive: boolean }).isActive, false);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.client_deactivated', client.clientId)).length, 1);
    await assert.rejects(codeFlow(newSecret));
    const got = (await (await api(`/api/v1/admin/clients/${client.clientId}`, { token: adminToken })).json()) as { isActive: boolean };
    assert.equal(got.isActive, false);
  });
});

describe('client pages', () => {
  it('sends people who are not signed in to sign in, and refuses citizens and officials', async () => {
    const anonymous = await getPage(new HttpSession(), `${t.baseUrl}/admin/clientes`);
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.location ?? '', /^\/ingresar\?volver=/);
    const citizen = await portalSession(t.baseUrl, CITIZEN);
    assert.equal((await getPage(citizen, `${t.baseUrl}/admin/clientes`)).status, 403);
    assert.equal((await getPage(citizen, `${t.baseUrl}/admin/clientes/nuevo`)).status, 403);
    assert.equal((await getPage(citizen, `${t.baseUrl}/admin/clientes/demo-rp`)).status, 403);
    assert.equal((await postForm(citizen, t.baseUrl, '/admin/clientes/nuevo', { name: 'x' })).status, 403);
    assert.equal((await postForm(citizen, t.baseUrl, '/admin/clientes/demo-rp/secreto', {})).status, 403);
    assert.equal((await postForm(citizen, t.baseUrl, '/admin/clientes/demo-rp/estado', { active: 'false' })).status, 403);
    const official = await portalSession(t.baseUrl, OFFICIAL);
    assert.equal((await getPage(official, `${t.baseUrl}/admin/clientes`)).status, 403);
    assert.equal((await findClient(t.app.tambo.deps.db, 'demo-rp'))?.isActive, true);
  });

  it('lets a platform administrator register, edit, rotate the secret of and deactivate a client', async () => {
    const admin = await portalSession(t.baseUrl, ADMIN);
    const list = await getPage(admin, `${t.baseUrl}/admin/clientes`);
    assert.equal(list.status, 200);
    assert.match(list.html, /demo-rp/);
    assert.doesNotMatch(list.html, /tambo-portal/);
    assert.equal((await getPage(admin, `${t.baseUrl}/admin/clientes/nuevo`)).status, 200);

    // Bad input: the form comes back with a linked summary and what was typed.
    const bad = await postForm(admin, t.baseUrl, '/admin/clientes/nuevo', {
      name: 'Sistema de catastro',
      agencyCode: 'GAMLP',
      redirectUris: 'http://catastro.example.bo/cb',
      scopes: ['profile'],
      minimumLevel: 'bajo',
      subjectType: 'pairwise',
      purpose: '',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /<title>Error:/);
    assert.match(bad.html, /href="#campo-redirectUris"/);
    assert.match(bad.html, /href="#campo-scopes"/);
    assert.match(bad.html, /href="#campo-purpose"/);
    assert.match(bad.html, /value="Sistema de catastro"/);
    assert.match(bad.html, /http:\/\/catastro\.example\.bo\/cb<\/textarea>/);

    const created = await postForm(admin, t.baseUrl, '/admin/clientes/nuevo', {
      name: 'Sistema de catastro',
      agencyCode: 'GAMLP',
      redirectUris: `${rpOrigin}/cb\n${rpOrigin}/cb2`,
      scopes: ['openid', 'profile'],
      minimumLevel: 'sustancial',
      subjectType: 'pairwise',
      requirePar: 'yes',
      purpose: 'Catastro urbano',
    });
    assert.equal(created.status, 200);
    const clientId = /<code>(gamlp-[0-9a-f]{10})<\/code>/.exec(created.html)?.[1];
    assert.ok(clientId, 'the client id is shown');
    const secret = /id="campo-clientSecret"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="campo-clientSecret"/.exec(created.html);
    assert.ok(secret, 'the secret is shown once');
    const stored = (await findClient(t.app.tambo.deps.db, clientId))!;
    assert.deepEqual(stored.redirectUris, [`${rpOrigin}/cb`, `${rpOrigin}/cb2`]);
    assert.equal(stored.requirePar, true);
    assert.equal(stored.minimumLevel, 'sustancial');
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.client_registered', clientId)).length, 1);

    const edit = await getPage(admin, `${t.baseUrl}/admin/clientes/${clientId}`);
    assert.equal(edit.status, 200);
    assert.doesNotMatch(edit.html, new RegExp((secret[1] ?? secret[2])!), 'the secret is never shown again');
    const editForm = (name: string) =>
      postForm(admin, t.baseUrl, `/admin/clientes/${clientId}`, {
        name,
        agencyCode: 'GAMLP',
        redirectUris: `${rpOrigin}/cb`,
        scopes: ['openid'],
        minimumLevel: 'bajo',
        subjectType: 'public',
        purpose: 'Catastro',
      });
    const badEdit = await editForm('');
    assert.equal(badEdit.status, 400);
    assert.match(badEdit.html, /href="#campo-name"/);
    const saved = await editForm('Catastro');
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/admin/clientes/${clientId}?hecho=guardado`);
    assert.equal((await findClient(t.app.tambo.deps.db, clientId))?.name, 'Catastro');
    assert.match((await getPage(admin, `${t.baseUrl}${saved.location}`)).html, /Los cambios se guardaron/);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.client_updated', clientId)).length, 1);

    const rotated = await postForm(admin, t.baseUrl, `/admin/clientes/${clientId}/secreto`, {});
    assert.equal(rotated.status, 200);
    assert.match(rotated.html, /id="campo-clientSecret"/);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.client_secret_rotated', clientId)).length, 1);

    const off = await postForm(admin, t.baseUrl, `/admin/clientes/${clientId}/estado`, { active: 'false' });
    assert.equal(off.status, 303);
    assert.equal((await findClient(t.app.tambo.deps.db, clientId))?.isActive, false);
    const on = await postForm(admin, t.baseUrl, `/admin/clientes/${clientId}/estado`, { active: 'true' });
    assert.equal(on.status, 303);
    assert.equal((await findClient(t.app.tambo.deps.db, clientId))?.isActive, true);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.client_reactivated', clientId)).length, 1);
    assert.equal((await getPage(admin, `${t.baseUrl}/admin/clientes/no-such-client`)).status, 404);
  });

  it('refuses a form without the CSRF token', async () => {
    const admin = await portalSession(t.baseUrl, ADMIN);
    const response = await admin.request(`${t.baseUrl}/admin/clientes/demo-rp/estado`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'active=false' });
    assert.equal(response.status, 403);
    assert.equal((await findClient(t.app.tambo.deps.db, 'demo-rp'))?.isActive, true);
  });
});
