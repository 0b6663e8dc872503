// A real relying party (openid-client) against the provider over HTTP: discovery, code +
// PKCE, ID token validated with the published keys, userinfo, refresh, RP-initiated logout
// with back-channel logout delivered to a receiver; consent; level enforcement; lockout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { sql } from 'kysely';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { authorizationRequest, discoverProvider, formIndex, registerPerson, signInPortal, startLogoutReceiver } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { upsertClient } from './client.queries.ts';
import { DEMO_RP } from './identity.seed.ts';

let t: TestApp & { baseUrl: string };
let receiverUrl: string;
let logoutTokens: string[];
let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;

before(async () => {
  t = await listenTestApp({ demo: true });
  receiver = await startLogoutReceiver();
  receiverUrl = receiver.url;
  logoutTokens = receiver.logoutTokens;
  await upsertClient(t.app.tambo.deps.db, {
    clientId: 'agency-rp',
    clientSecret: 'agency-rp-secret-0123456789',
    name: 'Sistema de la institución de prueba',
    agencyCode: 'SEGIP',
    redirectUris: [`${receiverUrl}/callback`],
    postLogoutRedirectUris: [`${receiverUrl}/`],
    backchannelLogoutUri: `${receiverUrl}/backchannel`,
    scopes: ['openid', 'profile', 'email', 'documento', 'offline_access'],
    minimumLevel: 'bajo',
    sectorIdentifier: null,
    subjectType: 'pairwise',
    requirePar: false,
    isFirstParty: false,
    purpose: 'Prueba',
    isActive: true,
  });
  await upsertClient(t.app.tambo.deps.db, {
    clientId: 'high-rp',
    clientSecret: 'high-rp-secret-0123456789',
    name: 'Sistema de alta seguridad',
    agencyCode: 'SEGIP',
    redirectUris: [`${receiverUrl}/callback`],
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: ['openid', 'profile'],
    minimumLevel: 'alto',
    sectorIdentifier: null,
    subjectType: 'public',
    requirePar: true,
    isFirstParty: false,
    purpose: 'Prueba',
    isActive: true,
  });
});
after(async () => {
  await receiver.close();
  await t.close();
});

const discover = (clientId: string, secret: string) => discoverProvider(t.baseUrl, clientId, secret);

/** Signs in through the provider's pages and returns the redirect back to the client. */
async function signIn(browser: HttpSession, authorizationUrl: URL, login: string, password: string, redirectOrigin: string, consent: 'allow' | 'deny' | 'none' = 'allow') {
  let { response, url } = await browser.follow(authorizationUrl.toString(), {}, redirectOrigin);
  if (new URL(url).origin === redirectOrigin) return { callback: new URL(url), response };
  assert.equal(response.status, 200, `sign-in page expected at ${url}: ${response.headers.get('location')} ${response.status === 303 ? '' : await response.clone().text()}`);
  let html = await response.text();
  if (html.includes('name="password"')) {
    const posted = await browser.submit(url, html, { login, password });
    if (posted.status !== 303) return { callback: undefined, response: posted, html: await posted.text() };
    ({ response, url } = await browser.follow(new URL(posted.headers.get('location')!, url).toString(), {}, redirectOrigin));
    if (new URL(url).origin === redirectOrigin) return { callback: new URL(url), response };
    html = await response.text();
  }
  assert.match(html, /quiere acceder a sus datos/, 'consent page expected');
  if (consent === 'none') return { callback: undefined, response, html };
  const decided = await browser.submit(url, html, { decision: consent });
  ({ url } = await browser.follow(new URL(decided.headers.get('location')!, url).toString(), {}, redirectOrigin));
  return { callback: new URL(url), response };
}

describe('OpenID Connect provider with a real relying party', () => {
  it('publishes a discovery document whose endpoints start with the issuer, code flow only', async () => {
    const response = await fetch(`${t.baseUrl}/auth/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    const document = (await response.json()) as Record<string, unknown>;
    assert.equal(document.issuer, `${t.baseUrl}/auth`);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint', 'pushed_authorization_request_endpoint']) {
      assert.ok(String(document[key]).startsWith(`${t.baseUrl}/auth/`), `${key} under the issuer`);
    }
    assert.deepEqual(document.response_types_supported, ['code']);
    assert.deepEqual(document.acr_values_supported, ['bajo', 'sustancial', 'alto']);
    assert.equal(document.backchannel_logout_supported, true);
    assert.ok((document.code_challenge_methods_supported as string[]).includes('S256'));
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${t.baseUrl}/auth/auth`);
    url.search = new URLSearchParams({ client_id: DEMO_RP.clientId, response_type: 'code', scope: 'openid', redirect_uri: 'http://localhost:8400/callback', state: 'x' }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '');
    assert.equal(location.origin, 'http://localhost:8400');
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description') ?? '', /PKCE/);
  });

  it('completes code + PKCE, validates the ID token, calls userinfo, refreshes, and records the release', async () => {
    const config = await discover(DEMO_RP.clientId, DEMO_RP.clientSecret);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const { url: authorizationUrl, verifier } = await authorizationRequest(config, {
      redirectUri: 'http://localhost:8400/callback',
      scope: 'openid profile email offline_access',
      state,
      extra: { prompt: 'consent', nonce },
    });
    const browser = new HttpSession();
    const { callback } = await signIn(browser, authorizationUrl, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana', 'http://localhost:8400');
    assert.ok(callback?.searchParams.get('code'), `code expected, got ${callback}`);
    const tokens = await oidc.authorizationCodeGrant(config, callback!, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims()!;
    assert.equal(claims.iss, `${t.baseUrl}/auth`);
    assert.equal(claims.acr, 'sustancial');
    // Independent check of the signature with the published keys.
    const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${t.baseUrl}/auth/jwks`)), { issuer: `${t.baseUrl}/auth`, audience: DEMO_RP.clientId });
    assert.equal(payload.sub, claims.sub);

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(userinfo.email, 'ciudadana@demo.tambo');
    assert.equal(userinfo.given_name, 'María');
    assert.equal(userinfo.nombre, 'María Quispe Mamani', 'Bolivian claim names offered in the bo profile');
    assert.equal(userinfo.nivel_identidad, 'sustancial');
    assert.equal(userinfo.documento_numero, undefined, 'documento scope was not asked for');

    assert.ok(tokens.refresh_token, 'a refresh token is issued');
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(refreshed.access_token && refreshed.access_token !== tokens.access_token);

    const activity = await sql<{ kind: string; client_id: string }>`SELECT kind, client_id FROM identity.activity WHERE client_id = ${DEMO_RP.clientId}`.execute(t.app.tambo.deps.db);
    assert.ok(activity.rows.some((row) => row.kind === 'data_released'));
    assert.ok(activity.rows.some((row) => row.kind === 'consent_granted'));
  });

  it('asks for consent once, remembers it, and a denial gives the client access_denied', async () => {
    const config = await discover(DEMO_RP.clientId, DEMO_RP.clientSecret);
    const start = async (browser: HttpSession, consent: 'allow' | 'deny' | 'none') => {
      const { url } = await authorizationRequest(config, { redirectUri: 'http://localhost:8400/callback', scope: 'openid phone address', state: 's' });
      return signIn(browser, url, 'funcionario@demo.tambo', 'Demo-2026-funcionario', 'http://localhost:8400', consent);
    };
    const denied = await start(new HttpSession(), 'deny');
    assert.equal(denied.callback?.searchParams.get('error'), 'access_denied');
    const first = await start(new HttpSession(), 'allow');
    assert.ok(first.callback?.searchParams.get('code'));
    // A new browser (new provider session): signs in again, but is not asked to consent again.
    const again = await start(new HttpSession(), 'none');
    assert.ok(again.callback?.searchParams.get('code'), 'remembered consent skips the consent page');
  });

  it('grants consent on record with the sign-in: from the password to the code in one redirect; a new scope still asks', async () => {
    const config = await discover(DEMO_RP.clientId, DEMO_RP.clientSecret);
    const authorize = async (scope: string) => (await authorizationRequest(config, { redirectUri: 'http://localhost:8400/callback', scope, state: 's' }, verifier)).url;
    const verifier = oidc.randomPKCECodeVerifier();
    const person = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' };
    const first = await signIn(new HttpSession(), await authorize('openid email'), person.login, person.password, 'http://localhost:8400', 'allow');
    assert.ok(first.callback?.searchParams.get('code'), 'consent given once');

    // A new browser: the sign-in page, the password, then the provider's resume answers with the code.
    const browser = new HttpSession();
    const { response, url } = await browser.follow((await authorize('openid email')).toString(), {}, 'http://localhost:8400');
    assert.match(new URL(url).pathname, /^\/ingreso\//, 'one redirect to the sign-in form');
    const posted = await browser.submit(url, await response.text(), person);
    assert.equal(posted.status, 303);
    const resume = new URL(posted.headers.get('location')!, url);
    assert.match(resume.pathname, /^\/auth\/auth\//, 'back to the provider');
    const issued = await browser.request(resume.toString());
    assert.equal(issued.status, 303);
    const callback = new URL(issued.headers.get('location')!, resume);
    assert.equal(callback.origin, 'http://localhost:8400', 'no stop at a consent interaction');
    assert.ok(callback.searchParams.get('code'));
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 's' });
    assert.equal(tokens.claims()?.email, person.login, 'the code gives the scopes on record');

    // A scope the person never allowed: asked.
    const asked = await signIn(new HttpSession(), await authorize('openid email phone'), person.login, person.password, 'http://localhost:8400', 'none');
    assert.match(asked.html ?? '', /quiere acceder a sus datos/);
  });

  it('gives each client sector its own pairwise subject', async () => {
    const config = await discover('agency-rp', 'agency-rp-secret-0123456789');
    const { url, verifier } = await authorizationRequest(config, { redirectUri: `${receiverUrl}/callback`, scope: 'openid', state: 'p' });
    const { callback } = await signIn(new HttpSession(), url, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana', receiverUrl);
    const tokens = await oidc.authorizationCodeGrant(config, callback!, { pkceCodeVerifier: verifier, expectedState: 'p' });
    const account = await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(t.app.tambo.deps.db);
    assert.notEqual(tokens.claims()!.sub, account.rows[0]!.id);
    assert.match(tokens.claims()!.sub, /^[\w-]{40,}$/);
  });

  it('refuses a client requiring level alto without PAR, and tells a person below the level how to raise it', async () => {
    const config = await discover('high-rp', 'high-rp-secret-0123456789');
    const { url: plain, verifier } = await authorizationRequest(config, { redirectUri: `${receiverUrl}/callback`, scope: 'openid', state: 'h' });
    const refused = await fetch(plain, { redirect: 'manual' });
    assert.match(new URL(refused.headers.get('location') ?? '', t.baseUrl).searchParams.get('error') ?? '', /invalid_request/);

    const { url: pushed } = await authorizationRequest(config, { redirectUri: `${receiverUrl}/callback`, scope: 'openid', state: 'h', par: true }, verifier);
    const result = await signIn(new HttpSession(), pushed, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana', receiverUrl, 'none');
    assert.equal(result.callback, undefined, 'no code for a person below the level');
    assert.equal(result.response.status, 403);
    assert.match(result.html ?? '', /nivel de identidad más alto/);
  });

  it('locks an account after five wrong passwords, even with the right one afterwards', async () => {
    const config = await discover(DEMO_RP.clientId, DEMO_RP.clientSecret);
    const { url } = await authorizationRequest(config, { redirectUri: 'http://localhost:8400/callback', scope: 'openid', state: 'l' });
    // A person of their own, so that the lock touches no other test.
    const person = await registerPerson(t, 'bloqueo@correo.bo');
    const browser = new HttpSession();
    const { response, url: page } = await browser.follow(url.toString(), {}, 'http://localhost:8400');
    const html = await response.text();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await browser.submit(page, html, { login: person.email, password: `wrong-password-${attempt}` });
      assert.equal(wrong.status, attempt < 5 ? 401 : 429);
    }
    const right = await browser.submit(page, html, { login: person.email, password: person.password });
    assert.equal(right.status, 429);
    assert.match(await right.text(), /bloqueada/);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.account_locked' AND subject_id = ${person.id}`.execute(t.app.tambo.deps.db);
    assert.equal(audit.rows[0]!.n, 1);
  });

  it('renders its own pages as plain forms without inline scripts: logout with no session, form_post', async () => {
    const noScript = (response: Response, html: string) => {
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(response.headers.get('content-security-policy') ?? '', /unsafe-inline|sha256-/);
      assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    };
    const visitor = new HttpSession();
    const end = await visitor.follow(`${t.baseUrl}/auth/session/end`);
    assert.equal(end.response.status, 200);
    const endHtml = await end.response.text();
    noScript(end.response, endHtml);
    assert.match(
      endHtml,
      /<form method="post" action="[^"]*\/auth\/session\/end\/confirm"><input type="hidden" name="xsrf" value="[^"]+"><input type="hidden" name="logout" value="yes"><button class="button" type="submit">Cerrar sesión<\/button><\/form>/,
    );
    const confirmed = await visitor.submit(end.url, endHtml, {});
    assert.ok(confirmed.status === 303 || confirmed.status === 302, `logout confirmed (${confirmed.status})`);
    const signedOut = await visitor.follow(new URL(confirmed.headers.get('location')!, end.url).toString());
    const signedOutHtml = await signedOut.response.text();
    noScript(signedOut.response, signedOutHtml);
    assert.match(signedOutHtml, /Cerró su sesión/);

    // An error the provider cannot send back to a client (unknown client): explained in the catalogs' words.
    const failed = await visitor.request(`${t.baseUrl}/auth/auth?client_id=nadie&response_type=code&scope=openid`);
    assert.equal(failed.status, 400);
    const failedHtml = await failed.text();
    noScript(failed, failedHtml);
    assert.match(failedHtml, /<h1>No pudimos completar el inicio de sesión<\/h1>/);
    assert.match(failedHtml, /Vuelva a ese servicio e inténtelo de nuevo/);
    assert.match(failedHtml, /<code>invalid_client<\/code>/);

    // The form_post response mode: the code goes back to the client through a form the person submits.
    const url = new URL(`${t.baseUrl}/auth/auth`);
    const verifier = oidc.randomPKCECodeVerifier();
    url.search = new URLSearchParams({
      client_id: 'tambo-portal',
      response_type: 'code',
      response_mode: 'form_post',
      scope: 'openid',
      redirect_uri: `${t.baseUrl}/ingresar/callback`,
      state: 'fp',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const browser = new HttpSession();
    const start = await browser.follow(url.toString());
    const posted = await browser.submit(start.url, await start.response.text(), { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' });
    assert.equal(posted.status, 303);
    const back = await browser.follow(new URL(posted.headers.get('location')!, start.url).toString());
    assert.equal(back.response.status, 200);
    const backHtml = await back.response.text();
    noScript(back.response, backHtml);
    assert.match(backHtml, new RegExp(`<form method="post" action="${t.baseUrl}/ingresar/callback">`));
    assert.match(backHtml, /name="code" value="[\w-]+"/);
    assert.match(backHtml, /name="state" value="fp"/);
    assert.match(backHtml, /<button class="button" type="submit">Continuar<\/button>/);
  });

  it('"Cerrar sesión" ends the portal and provider sessions in one POST, with back-channel logout to every client of the session', async () => {
    const person = await registerPerson(t, 'salida@correo.bo');
    const tokensBefore = logoutTokens.length;
    const browser = new HttpSession();
    // The portal and the agency's system share one provider session.
    const first = await signInPortal(t, browser, person.email, person.password);
    assert.equal(new URL(first.url).pathname, '/cuenta');
    const config = await discover('agency-rp', 'agency-rp-secret-0123456789');
    const { url, verifier } = await authorizationRequest(config, { redirectUri: `${receiverUrl}/callback`, scope: 'openid', state: 'b' });
    const { callback } = await signIn(browser, url, 'unused', 'unused', receiverUrl);
    assert.ok(callback?.searchParams.get('code'), 'single sign-on: no second password');
    await oidc.authorizationCodeGrant(config, callback!, { pkceCodeVerifier: verifier, expectedState: 'b' });

    // Every page's header says who is signed in and has the sign-out button (a plain POST form).
    const html = await (await browser.request(`${t.baseUrl}/tramites`)).text();
    assert.match(
      html,
      /<header class="site-header">[\s\S]*Ingresó como Rosa Mamani Condori[\s\S]*<button class="session-bar__button" type="submit" form="cerrar-sesion">Cerrar sesión<\/button>[\s\S]*<\/header>/,
    );
    assert.match(html, /<form id="cerrar-sesion" action="\/salir" method="post" hidden><input type="hidden" name="_csrf" value="[^"]+"\/?><\/form><\/body>/);
    // Without the CSRF field the sign-out is refused, and she stays signed in.
    const forged = await browser.request(`${t.baseUrl}/salir`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(forged.status, 403);
    assert.equal((await browser.request(`${t.baseUrl}/cuenta`)).status, 200);

    // A copy of the browser as it was, to replay the provider's cookie after sign-out.
    const stale = new HttpSession();
    for (const [name, value] of browser.cookies) stale.cookies.set(name, value);
    assert.ok(stale.cookies.has('_session'));
    const salir = await browser.submit(
      `${t.baseUrl}/tramites`,
      html,
      {},
      formIndex(html, (f) => f.action === '/salir'),
    );
    assert.equal(salir.status, 303);
    assert.equal(salir.headers.get('location'), '/salir', 'no provider page to confirm on');
    assert.equal(browser.cookies.has('_session'), false, "the provider's session cookie is cleared");
    const landed = await browser.follow(new URL(salir.headers.get('location')!, t.baseUrl).toString());
    assert.equal(landed.response.status, 200);
    const landedHtml = await landed.response.text();
    assert.match(landedHtml, /<h1>Cerró su sesión<\/h1>/);
    assert.match(landedHtml, /<title>Sesión cerrada · /);
    assert.doesNotMatch(landedHtml, /Ingresó como|session-bar/, 'the header no longer shows her');

    const received = (await receiver.waitForLogoutTokens(tokensBefore + 1)).slice(tokensBefore);
    assert.equal(received.length, 1, 'the agency client received a back-channel logout token');
    const { payload } = await jwtVerify(received[0]!, createRemoteJWKSet(new URL(`${t.baseUrl}/auth/jwks`)), { issuer: `${t.baseUrl}/auth`, audience: 'agency-rp' });
    assert.ok(payload.events && 'http://schemas.openid.net/event/backchannel-logout' in (payload.events as object));
    assert.equal((await browser.request(`${t.baseUrl}/cuenta`)).status, 303, 'the portal session has ended');
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.oidc_model WHERE model = 'Session' AND account_id = ${person.id}`.execute(t.app.tambo.deps.db);
    assert.equal(stored.rows[0]!.n, 0, 'the provider session is gone');

    // Even with the provider's old cookie kept (a browser that ignored the clearing), nobody is signed back in without the password.
    const again = await authorizationRequest(config, { redirectUri: `${receiverUrl}/callback`, scope: 'openid', state: 'c' });
    for (const session of [browser, stale]) {
      const agency = await session.follow(again.url.toString(), {}, receiverUrl);
      assert.notEqual(new URL(agency.url).origin, receiverUrl, 'no code for the agency');
      assert.match(await agency.response.text(), /name="password"/, 'the sign-in form is shown');
    }
    const portal = await browser.follow(`${t.baseUrl}/ingresar?volver=/cuenta`);
    assert.match(new URL(portal.url).pathname, /^\/ingreso\//);
    assert.match(await portal.response.text(), /name="password"/);

    // "Mi actividad" shows the exit once.
    await signInPortal(t, browser, person.email, person.password);
    const activity = await (await browser.request(`${t.baseUrl}/cuenta/actividad`)).text();
    assert.equal([...activity.matchAll(/>Salida</g)].length, 1);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.signed_out' AND subject_id = ${person.id}`.execute(t.app.tambo.deps.db);
    assert.equal(audit.rows[0]!.n, 1);
  });

  it('signing out after the portal session timed out still ends the provider session of this browser', async () => {
    const person = await registerPerson(t, 'salida-tarde@correo.bo');
    const browser = new HttpSession();
    await signInPortal(t, browser, person.email, person.password);
    // 30 minutes without activity: the portal session is over, the provider's (12 hours) is not.
    await sql`UPDATE identity.web_session SET revoked_at = now() WHERE account_id = ${person.id}`.execute(t.app.tambo.deps.db);
    await t.app.tambo.deps.bus.sync();
    const csrf = formsIn(await (await browser.request(`${t.baseUrl}/registro`)).text())[0]!.hidden._csrf!;
    const out = await browser.request(`${t.baseUrl}/salir`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(out.status, 303);
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.oidc_model WHERE model = 'Session' AND account_id = ${person.id}`.execute(t.app.tambo.deps.db);
    assert.equal(stored.rows[0]!.n, 0, 'the provider session is gone');
    const portal = await browser.follow(`${t.baseUrl}/ingresar?volver=/cuenta`);
    assert.match(new URL(portal.url).pathname, /^\/ingreso\//, 'the password is asked again');
  });
});
