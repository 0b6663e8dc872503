// Administration of Ciudadanía Digital over real HTTP: the clients API (bearer token from our
// own provider) and a real relying party using a client registered through it; the pages for
// clients, roles and the registrar; authorization on every route; audit entries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { freePort } from '../../platform/db/embedded.ts';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { findAccountById, findActivity, findRoles } from './account.queries.ts';
import { findClient } from './client.queries.ts';
import { listSigningKeys } from './admin/keys.service.ts';
import { ADMIN, CITIZEN, OFFICIAL, adminAccessToken, auditEntries, createPerson, getPage, portalSession, postForm, signInAtProvider } from './admin.test-helpers.ts';

let t: TestApp & { baseUrl: string };
let adminToken: string;
let citizenToken: string;
let rpOrigin: string;

before(async () => {
  t = await listenTestApp();
  await t.app.tambo.seed();
  rpOrigin = `http://127.0.0.1:${await freePort()}`;
  adminToken = await adminAccessToken(t.baseUrl, ADMIN);
  citizenToken = await adminAccessToken(t.baseUrl, CITIZEN);
});
after(async () => {
  await t.close();
});

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
  });

  it('refuses an access token issued to an agency system without the admin scope', async () => {
    // The demo relying party signs the administrator in: its token must not open the admin API.
    const config = await oidc.discovery(new URL(`${t.baseUrl}/auth`), 'demo-rp', 'demo-rp-secret', undefined, { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://localhost:8400/callback',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's1',
    });
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
    const asking = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://localhost:8400/callback',
      scope: 'openid tambo:admin',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's2',
    });
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
      const config = await oidc.discovery(new URL(`${t.baseUrl}/auth`), client.clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${rpOrigin}/callback`,
        scope: 'openid profile documento',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
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

describe('administration home', () => {
  it('shows each person the areas they may use, and nothing to citizens', async () => {
    const admin = await getPage(await portalSession(t.baseUrl, ADMIN), `${t.baseUrl}/admin`);
    assert.equal(admin.status, 200);
    assert.match(admin.html, /href="\/admin\/clientes"/);
    assert.match(admin.html, /href="\/admin\/roles"/);
    assert.doesNotMatch(admin.html, /href="\/registrar"/);
    const official = await getPage(await portalSession(t.baseUrl, OFFICIAL), `${t.baseUrl}/admin`);
    assert.equal(official.status, 200);
    assert.match(official.html, /href="\/registrar"/);
    assert.doesNotMatch(official.html, /href="\/admin\/clientes"/);
    assert.equal((await getPage(await portalSession(t.baseUrl, CITIZEN), `${t.baseUrl}/admin`)).status, 403);
  });
});

describe('signing keys page', () => {
  it('lets platform administrators stage, activate and retire keys (audited), and nobody else', async () => {
    const db = t.app.tambo.deps.db;
    const official = await portalSession(t.baseUrl, OFFICIAL);
    assert.equal((await getPage(official, `${t.baseUrl}/admin/llaves`)).status, 403);
    assert.equal((await postForm(official, t.baseUrl, '/admin/llaves', {})).status, 403);
    assert.equal((await listSigningKeys(db)).length, 1);

    const admin = await portalSession(t.baseUrl, ADMIN);
    const current = String(t.app.platformSigningJwk.kid);
    const page = await getPage(admin, `${t.baseUrl}/admin/llaves`);
    assert.equal(page.status, 200);
    assert.match(page.html, new RegExp(`<code>${current}</code>`));
    const added = await postForm(admin, t.baseUrl, '/admin/llaves', {});
    assert.equal(added.status, 303);
    const keys = await listSigningKeys(db);
    assert.equal(keys.length, 2);
    assert.equal(keys[0]?.kid, current, 'the added key is staged: the current key still signs after a restart');
    const staged = keys[1]!.kid;
    assert.equal((await auditEntries(db, 'identity.signing_key_added', staged))[0]?.actor_type, 'admin');
    assert.equal((await postForm(official, t.baseUrl, `/admin/llaves/${staged}/activar`, {})).status, 403);
    assert.equal((await postForm(admin, t.baseUrl, `/admin/llaves/${staged}/activar`, {})).status, 303);
    assert.equal((await listSigningKeys(db))[0]?.kid, staged);
    assert.equal((await postForm(admin, t.baseUrl, `/admin/llaves/${staged}/retirar`, {})).status, 409, 'the signing key cannot be retired');
    assert.equal((await postForm(official, t.baseUrl, `/admin/llaves/${current}/retirar`, {})).status, 403);
    const retired = await postForm(admin, t.baseUrl, `/admin/llaves/${current}/retirar`, {});
    assert.equal(retired.status, 303);
    assert.match((await getPage(admin, `${t.baseUrl}${retired.location}`)).html, /Llave retirada/);
    assert.equal((await auditEntries(db, 'identity.signing_key_retired', current))[0]?.actor_type, 'admin');
    assert.equal((await postForm(admin, t.baseUrl, '/admin/llaves/00000000-0000-0000-0000-000000000000/activar', {})).status, 404);
    // The running process keeps its keys until it restarts: its JWKS is unchanged.
    const jwks = (await (await fetch(`${t.baseUrl}/auth/jwks`)).json()) as { keys: Array<{ kid: string }> };
    assert.deepEqual(
      jwks.keys.map((k) => k.kid),
      [current],
    );
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
    const badEdit = await postForm(admin, t.baseUrl, `/admin/clientes/${clientId}`, {
      name: '',
      agencyCode: 'GAMLP',
      redirectUris: `${rpOrigin}/cb`,
      scopes: ['openid'],
      minimumLevel: 'bajo',
      subjectType: 'public',
      purpose: 'Catastro',
    });
    assert.equal(badEdit.status, 400);
    assert.match(badEdit.html, /href="#campo-name"/);
    const saved = await postForm(admin, t.baseUrl, `/admin/clientes/${clientId}`, {
      name: 'Catastro',
      agencyCode: 'GAMLP',
      redirectUris: `${rpOrigin}/cb`,
      scopes: ['openid'],
      minimumLevel: 'bajo',
      subjectType: 'public',
      purpose: 'Catastro',
    });
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

describe('registrar page', () => {
  it('is for registrars only', async () => {
    const citizen = await portalSession(t.baseUrl, CITIZEN);
    assert.equal((await getPage(citizen, `${t.baseUrl}/registrar`)).status, 403);
    const person = await createPerson(t.app.tambo.deps);
    const refused = await postForm(citizen, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'SEGIP', office: 'Central', documentChecked: 'yes' });
    assert.equal(refused.status, 403);
    assert.equal((await findAccountById(t.app.tambo.deps.db, person.id))?.level, 'bajo');
    // A registrar of SEGIP cannot verify on behalf of another agency.
    const official = await portalSession(t.baseUrl, OFFICIAL);
    const other = await postForm(official, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'GAMLP', office: 'Central', documentChecked: 'yes' });
    assert.equal(other.status, 403);
    assert.equal((await findAccountById(t.app.tambo.deps.db, person.id))?.level, 'bajo');
  });

  it('finds a person by document, keeps what was typed on errors, and raises the level to sustancial (audited, in their activity)', async () => {
    const person = await createPerson(t.app.tambo.deps);
    const official = await portalSession(t.baseUrl, OFFICIAL);
    assert.equal((await getPage(official, `${t.baseUrl}/registrar`)).status, 200);

    const invalid = await postForm(official, t.baseUrl, '/registrar', { documentType: 'CI', documentNumber: 'abc' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.html, /href="#campo-documentNumber"/);
    assert.match(invalid.html, /value="abc"/);

    const found = await postForm(official, t.baseUrl, '/registrar', { documentType: 'CI', documentNumber: ` ${person.documentNumber} ` });
    assert.equal(found.status, 200);
    assert.match(found.html, /Rosa Prueba/);
    assert.match(found.html, /action="\/registrar\/verificar"/);
    const [lookup] = await auditEntries(t.app.tambo.deps.db, 'identity.person_looked_up', person.id);
    assert.equal(lookup?.actor_type, 'official', 'looking a person up is audited');

    const unchecked = await postForm(official, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'SEGIP', office: 'Oficina El Alto', notes: 'Cédula vigente' });
    assert.equal(unchecked.status, 400);
    assert.match(unchecked.html, /href="#campo-documentChecked"/);
    assert.match(unchecked.html, /value="Oficina El Alto"/);
    assert.match(unchecked.html, /Cédula vigente<\/textarea>/);
    assert.equal((await findAccountById(t.app.tambo.deps.db, person.id))?.level, 'bajo');

    const done = await postForm(official, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'SEGIP', office: 'Oficina El Alto', notes: '', documentChecked: 'yes' });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/registrar?hecho=verificado');
    assert.equal((await findAccountById(t.app.tambo.deps.db, person.id))?.level, 'sustancial');
    const [audit] = await auditEntries(t.app.tambo.deps.db, 'identity.level_raised', person.id);
    assert.equal(audit?.actor_type, 'official');
    assert.equal(audit?.data.agency, 'SEGIP');
    assert.equal(audit?.data.to, 'sustancial');
    assert.ok((await findActivity(t.app.tambo.deps.db, person.id)).some((a) => a.kind === 'level_raised'));

    const again = await postForm(official, t.baseUrl, '/registrar/verificar', { accountId: person.id, agencyCode: 'SEGIP', office: 'Oficina El Alto', documentChecked: 'yes' });
    assert.equal(again.status, 409);
  });

  it('registers in person someone without an account, with a temporary password shown once that must be replaced at the first sign-in (audited)', async () => {
    const official = await portalSession(t.baseUrl, OFFICIAL);
    const number = '9876543';
    const notFound = await postForm(official, t.baseUrl, '/registrar', { documentType: 'CI', documentNumber: number });
    assert.equal(notFound.status, 200);
    assert.match(notFound.html, /action="\/registrar\/alta"/);

    const bad = await postForm(official, t.baseUrl, '/registrar/alta', {
      documentType: 'CI',
      documentNumber: number,
      givenName: 'Juan',
      familyName: '',
      'birthDate-day': '31',
      'birthDate-month': '2',
      'birthDate-year': '1990',
      email: 'no-es-correo',
      agencyCode: 'SEGIP',
      office: 'Central',
      documentChecked: 'yes',
    });
    assert.equal(bad.status, 400);
    for (const field of ['familyName', 'birthDate', 'email']) assert.match(bad.html, new RegExp(`href="#campo-${field}"`));
    assert.match(bad.html, /value="Juan"/);

    const created = await postForm(official, t.baseUrl, '/registrar/alta', {
      documentType: 'CI',
      documentNumber: number,
      givenName: 'Juan',
      familyName: 'Mamani',
      'birthDate-day': '3',
      'birthDate-month': '2',
      'birthDate-year': '1990',
      email: '',
      phone: '',
      agencyCode: 'SEGIP',
      office: 'Central',
      documentChecked: 'yes',
    });
    assert.equal(created.status, 200);
    const password = /value="([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})"/.exec(created.html)?.[1];
    assert.ok(password, 'temporary password shown');
    const [audit] = await auditEntries(t.app.tambo.deps.db, 'identity.account_created');
    const entries = await auditEntries(t.app.tambo.deps.db, 'identity.account_created');
    const assisted = entries.find((e) => e.data.assisted === true);
    assert.ok(audit && assisted, 'assisted registration audited');
    assert.equal(assisted.actor_type, 'official');
    const account = (await findAccountById(t.app.tambo.deps.db, assisted.subject_id))!;
    assert.equal(account.level, 'sustancial');
    assert.equal(account.birthDate, '1990-02-03');
    assert.equal(account.passwordChangeRequired, true);
    // The person signs in with their document number and the temporary password, and must
    // choose their own before the sign-in completes.
    const person = new HttpSession();
    const { response, url } = await signInAtProvider(person, `${t.baseUrl}/ingresar?volver=/cuenta`, number, password);
    assert.match(new URL(url).pathname, /^\/ingreso\/[\w-]+\/nueva-contrasena$/);
    const page = await response.text();
    assert.match(page, /autocomplete="new-password"/);
    // Not signed in yet: the portal does not know the person, and the second-factor step cannot be jumped to.
    assert.equal((await getPage(person, `${t.baseUrl}/cuenta`)).status, 303);
    assert.equal((await getPage(person, url.replace('nueva-contrasena', 'segundo-factor'))).status, 400);

    const short = await person.submit(url, page, { password: 'corta' });
    assert.equal(short.status, 400);
    const shortHtml = await short.text();
    assert.match(shortHtml, /href="#campo-password"/);
    assert.match(shortHtml, /al menos 10 caracteres/);
    const same = await person.submit(url, page, { password });
    assert.equal(same.status, 400);
    assert.match(await same.text(), /no puede ser la contraseña temporal/);
    assert.equal((await findAccountById(t.app.tambo.deps.db, account.id))!.passwordChangeRequired, true);

    const chosen = await person.submit(url, page, { password: 'Mi-clave-propia-2026' });
    assert.equal(chosen.status, 303);
    const landed = await person.follow(new URL(chosen.headers.get('location')!, url).toString());
    assert.equal(new URL(landed.url).pathname, '/cuenta');
    assert.match(await landed.response.text(), /Juan/);
    assert.equal((await findAccountById(t.app.tambo.deps.db, account.id))!.passwordChangeRequired, false);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.temporary_password_replaced', account.id)).length, 1);
    assert.ok((await findActivity(t.app.tambo.deps.db, account.id)).some((a) => a.kind === 'password_changed'));
    // From now on the person's own password signs in directly; the temporary one no longer does.
    await portalSession(t.baseUrl, { login: number, password: 'Mi-clave-propia-2026' });
    const old = new HttpSession();
    const first = await old.follow(`${t.baseUrl}/ingresar?volver=/cuenta`);
    const firstHtml = await first.response.text();
    const refused = await old.submit(
      first.url,
      firstHtml,
      { login: number, password },
      formsIn(firstHtml).findIndex((form) => form.action.includes('/ingreso/')),
    );
    assert.equal(refused.status, 401);

    const duplicate = await postForm(official, t.baseUrl, '/registrar/alta', {
      documentType: 'CI',
      documentNumber: number,
      givenName: 'Juan',
      familyName: 'Mamani',
      'birthDate-day': '3',
      'birthDate-month': '2',
      'birthDate-year': '1990',
      agencyCode: 'SEGIP',
      office: 'Central',
      documentChecked: 'yes',
    });
    assert.equal(duplicate.status, 400);
    assert.match(duplicate.html, /href="#campo-documentNumber"/);
  });
});

describe('roles page', () => {
  it('a registrar or a citizen cannot manage roles', async () => {
    const official = await portalSession(t.baseUrl, OFFICIAL);
    assert.equal((await getPage(official, `${t.baseUrl}/admin/roles`)).status, 403);
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const refused = await postForm(official, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'SEGIP', documentType: 'CI', documentNumber: target.documentNumber, role: 'registrar' });
    assert.equal(refused.status, 403);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), []);
    const citizen = await portalSession(t.baseUrl, CITIZEN);
    assert.equal((await getPage(citizen, `${t.baseUrl}/admin/roles`)).status, 403);
  });

  it('an agency administrator manages roles of their agency only; every change is audited', async () => {
    const boss = await createPerson(t.app.tambo.deps, { level: 'sustancial', roles: [{ agencyCode: 'GAMLP', role: 'agency_admin' }] });
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const unverified = await createPerson(t.app.tambo.deps);
    const session = await portalSession(t.baseUrl, boss);
    const page = await getPage(session, `${t.baseUrl}/admin/roles`);
    assert.equal(page.status, 200);
    assert.match(page.html, /GAMLP/);
    assert.equal((await getPage(session, `${t.baseUrl}/admin/roles?institucion=SEGIP`)).html.includes('value="SEGIP"'), false, 'other agencies are not offered');

    const other = await postForm(session, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'SEGIP', documentType: 'CI', documentNumber: target.documentNumber, role: 'registrar' });
    assert.equal(other.status, 403);
    const notVerified = await postForm(session, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'GAMLP', documentType: 'CI', documentNumber: unverified.documentNumber, role: 'case_handler' });
    assert.equal(notVerified.status, 400);
    assert.match(notVerified.html, /href="#campo-documentNumber"/);
    assert.match(notVerified.html, new RegExp(`value="${unverified.documentNumber}"`));
    const noRole = await postForm(session, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'GAMLP', documentType: 'CI', documentNumber: target.documentNumber });
    assert.equal(noRole.status, 400);
    assert.match(noRole.html, /href="#campo-role"/);

    const granted = await postForm(session, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'GAMLP', documentType: 'CI', documentNumber: target.documentNumber, role: 'case_handler' });
    assert.equal(granted.status, 303);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), [{ agencyCode: 'GAMLP', role: 'case_handler' }]);
    const [grant] = await auditEntries(t.app.tambo.deps.db, 'identity.role_granted', target.id);
    assert.equal(grant?.actor_type, 'official');
    assert.equal(grant?.actor_id, boss.id);
    assert.deepEqual(grant?.data, { agencyCode: 'GAMLP', role: 'case_handler' });
    assert.match((await getPage(session, `${t.baseUrl}/admin/roles?institucion=GAMLP&hecho=otorgado`)).html, /El rol fue otorgado/);

    const otherRevoke = await postForm(session, t.baseUrl, '/admin/roles/revocar', { agencyCode: 'SEGIP', accountId: target.id, role: 'case_handler' });
    assert.equal(otherRevoke.status, 403);
    const revoked = await postForm(session, t.baseUrl, '/admin/roles/revocar', { agencyCode: 'GAMLP', accountId: target.id, role: 'case_handler' });
    assert.equal(revoked.status, 303);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), []);
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'identity.role_revoked', target.id)).length, 1);
    assert.equal((await postForm(session, t.baseUrl, '/admin/roles/revocar', { agencyCode: 'GAMLP', accountId: target.id, role: 'case_handler' })).status, 303);

    // The person sees both changes in "Mi actividad" (once each: revoking again changed nothing).
    const activity = (await findActivity(t.app.tambo.deps.db, target.id)).filter((a) => a.kind.startsWith('role_'));
    assert.deepEqual(activity.map((a) => [a.kind, a.detail]).sort(), [
      ['role_granted', { agencyCode: 'GAMLP', role: 'case_handler' }],
      ['role_revoked', { agencyCode: 'GAMLP', role: 'case_handler' }],
    ]);
    const mine = await getPage(await portalSession(t.baseUrl, target), `${t.baseUrl}/cuenta/actividad`);
    assert.equal(mine.status, 200);
    assert.match(mine.html, /Rol otorgado: Tramitador<\/td><td[^>]*>GAMLP</);
    assert.match(mine.html, /Rol retirado: Tramitador<\/td><td[^>]*>GAMLP</);
  });

  it('a platform administrator manages roles in every agency', async () => {
    const target = await createPerson(t.app.tambo.deps, { level: 'sustancial' });
    const admin = await portalSession(t.baseUrl, ADMIN);
    const page = await getPage(admin, `${t.baseUrl}/admin/roles?institucion=SEGIP`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Choque Flores/, 'the demo official of SEGIP is listed');
    const granted = await postForm(admin, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'SEGIP', documentType: 'CI', documentNumber: target.documentNumber, role: 'registrar' });
    assert.equal(granted.status, 303);
    const [grant] = await auditEntries(t.app.tambo.deps.db, 'identity.role_granted', target.id);
    assert.equal(grant?.actor_type, 'admin');
    const unknown = await postForm(admin, t.baseUrl, '/admin/roles/otorgar', { agencyCode: 'NOPE', documentType: 'CI', documentNumber: target.documentNumber, role: 'registrar' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(await findRoles(t.app.tambo.deps.db, target.id), [{ agencyCode: 'SEGIP', role: 'registrar' }]);
  });
});
