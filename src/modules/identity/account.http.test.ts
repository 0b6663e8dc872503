// The person's side of Ciudadanía Digital over real HTTP: self-registration and password
// reset with codes from the messaging sink, the second factor (enrolment, sign-in, lockout,
// staff enrolment), levels of assurance with step-up (at sign-in and for a person already
// signed in), sessions and consents the person sees and revokes, "Mi actividad", and that
// nobody reaches another person's sessions or consents.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { findSinkMessages } from '../messaging/index.ts';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import {
  codeFromSink,
  enrolTotp,
  forgetTotpStep,
  formIndex,
  registerPerson,
  registrationFields,
  signInPortal,
  startLogoutReceiver,
  startRegistration,
  submitRegistration,
} from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { upsertClient } from './client.queries.ts';
import { totpCode } from './totp.ts';

let t: TestApp & { baseUrl: string };
let receiverUrl: string;
let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;
let logoutTokens: string[];
const db = () => t.app.tambo.deps.db;

before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  receiver = await startLogoutReceiver();
  receiverUrl = receiver.url;
  logoutTokens = receiver.logoutTokens;
  const common = {
    agencyCode: 'SEGIP',
    redirectUris: [`${receiverUrl}/callback`],
    postLogoutRedirectUris: [],
    sectorIdentifier: null,
    subjectType: 'public' as const,
    isFirstParty: false,
    purpose: 'Prueba',
    isActive: true,
  };
  const clients = [
    { clientId: 'rp-bajo', name: 'Sistema de trámites', minimumLevel: 'bajo', backchannelLogoutUri: `${receiverUrl}/backchannel`, scopes: ['openid', 'profile', 'email', 'offline_access'] },
    { clientId: 'rp-sustancial', name: 'Sistema sustancial', minimumLevel: 'sustancial', backchannelLogoutUri: null, scopes: ['openid', 'profile'] },
    { clientId: 'rp-alto', name: 'Sistema de alta seguridad', minimumLevel: 'alto', backchannelLogoutUri: null, scopes: ['openid', 'profile'] },
  ] as const;
  for (const c of clients) await upsertClient(db(), { ...common, ...c, scopes: [...c.scopes], clientSecret: `${c.clientId}-secret-0123456789`, requirePar: false });
});
after(async () => {
  await receiver.close();
  await t.close();
});

async function client(clientId: string) {
  return oidc.discovery(new URL(`${t.baseUrl}/auth`), clientId, `${clientId}-secret-0123456789`, undefined, { execute: [oidc.allowInsecureRequests] });
}

/** Starts an authorization at a client; follows until a page of ours or the client's callback. */
async function authorize(browser: HttpSession, clientId: string, scope = 'openid profile') {
  const config = await client(clientId);
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${receiverUrl}/callback`,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: 'st',
    ...(scope.includes('offline_access') ? { prompt: 'consent' } : {}),
  });
  const { response, url: at } = await browser.follow(url.toString(), {}, receiverUrl);
  const callback = new URL(at).origin === receiverUrl ? new URL(at) : undefined;
  const html = callback ? '' : await response.text();
  return {
    config,
    verifier,
    at,
    html,
    status: response.status,
    callback,
    /** Exchanges the callback's code for tokens. */
    tokens: async (to: URL) => oidc.authorizationCodeGrant(config, to, { pkceCodeVerifier: verifier, expectedState: 'st' }),
  };
}

/** Submits a form and follows to the client's callback (or our next page). */
async function submitAndFollow(browser: HttpSession, pageUrl: string, html: string, fields: Record<string, string>, index = 0) {
  const posted = await browser.submit(pageUrl, html, fields, index);
  if (posted.status !== 303) return { status: posted.status, html: await posted.text(), url: pageUrl, callback: undefined };
  const { response, url } = await browser.follow(new URL(posted.headers.get('location')!, pageUrl).toString(), {}, receiverUrl);
  const callback = new URL(url).origin === receiverUrl ? new URL(url) : undefined;
  return { status: response.status, html: callback ? '' : await response.text(), url, callback };
}

describe('self-registration', () => {
  it('re-renders the form with every error, keeping what was typed', async () => {
    const response = await submitRegistration(
      t,
      new HttpSession(),
      registrationFields('no-es-correo', { documentNumber: '12', familyName: '', 'birthDate-day': '31', 'birthDate-month': '2', password: 'corta' }),
    );
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<title>Error:/);
    assert.match(html, /href="#campo-documentNumber"/);
    assert.match(html, /href="#campo-familyName"/);
    assert.match(html, /href="#campo-birthDate"/);
    assert.match(html, /href="#campo-email"/);
    assert.match(html, /href="#campo-password"/);
    assert.match(html, /value="Rosa"/);
    assert.match(html, /value="no-es-correo"/);
    assert.doesNotMatch(html, /value="corta"/, 'the password is never shown back');
  });

  it('creates a level bajo account after the right code, refusing a wrong and an expired one; audited', async () => {
    const browser = new HttpSession();
    const email = 'rosa.registro@correo.bo';
    const { codeUrl, codeHtml } = await startRegistration(t, browser, registrationFields(email, { familyName: 'Mamani' }));
    assert.match(codeHtml, /rosa\.registro@correo\.bo/);
    const code = await codeFromSink(t, email);
    const wrong = await browser.submit(codeUrl, codeHtml, { code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /le quedan 4 intentos/);
    await sql`UPDATE identity.verification SET expires_at = now() - interval '1 minute' WHERE id = ${codeUrl.split('/').pop()!}`.execute(db());
    const expired = await browser.submit(codeUrl, codeHtml, { code });
    assert.equal(expired.status, 400);
    assert.match(await expired.text(), /venció/);
    await sql`UPDATE identity.verification SET expires_at = now() + interval '10 minutes' WHERE id = ${codeUrl.split('/').pop()!}`.execute(db());
    const done = await browser.submit(codeUrl, codeHtml, { code });
    assert.equal(done.headers.get('location'), '/registro/listo');
    const account = await sql<{
      id: string;
      level: string;
      email_verified_at: Date | null;
      password_hash: string;
    }>`SELECT id, level, email_verified_at, password_hash FROM identity.account WHERE email = ${email}`.execute(db());
    assert.equal(account.rows[0]!.level, 'bajo');
    assert.ok(account.rows[0]!.email_verified_at);
    assert.match(account.rows[0]!.password_hash, /^\$argon2id\$/);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.account_created' AND subject_id = ${account.rows[0]!.id}`.execute(db());
    assert.equal(audit.rows[0]!.n, 1);
    const again = await browser.submit(codeUrl, codeHtml, { code });
    assert.equal(again.status, 404, 'a code works once');
    const signedIn = await signInPortal(t, new HttpSession(), email, 'Clave-segura-2026');
    assert.equal(new URL(signedIn.url).pathname, '/cuenta');
    assert.match(signedIn.html, /Básico \(autorregistro\)/);
  });

  it('answers the same when the e-mail already has an account (a notice goes to it instead of a code)', async () => {
    const posted = await submitRegistration(t, new HttpSession(), registrationFields('ciudadana@demo.tambo', { givenName: 'Otra', familyName: 'Persona' }));
    assert.equal(posted.status, 303);
    assert.match(posted.headers.get('location')!, /^\/registro\/[0-9a-f-]{36}$/);
    await t.drain();
    const [notice] = await findSinkMessages(db(), 'ciudadana@demo.tambo');
    assert.match(notice!.body, /ya existe una cuenta/);
    assert.doesNotMatch(notice!.body, /\b\d{6}\b/);
  });

  it('throttles codes to one address: at most five an hour', async () => {
    const email = 'muchos.codigos@correo.bo';
    let last: Response | undefined;
    for (let i = 0; i < 6; i += 1) {
      last = await submitRegistration(t, new HttpSession(), registrationFields(email, { givenName: 'Muchos', familyName: 'Codigos' }));
      if (i < 5) assert.equal(last.status, 303);
    }
    assert.equal(last!.status, 400);
    const html = await last!.text();
    assert.match(html, /demasiados códigos/);
    assert.match(html, /value="muchos.codigos@correo.bo"/);
  });
});

describe('password reset', () => {
  it('answers the same whether or not an account exists, and resets with the code', async () => {
    const person = await registerPerson(t, 'olvido@correo.bo');
    const portal = new HttpSession();
    await signInPortal(t, portal, person.email, person.password);
    const pages: string[] = [];
    let codeUrl = '';
    for (const login of ['nadie@correo.bo', person.email]) {
      const browser = new HttpSession();
      const start = await browser.request(`${t.baseUrl}/recuperar`);
      const posted = await browser.submit(`${t.baseUrl}/recuperar`, await start.text(), { login });
      assert.equal(posted.status, 303);
      codeUrl = new URL(posted.headers.get('location')!, t.baseUrl).toString();
      const html = await (await browser.request(codeUrl)).text();
      pages.push(html.replace(/recuperar\/[0-9a-f-]{36}/g, 'ID').replace(/name="_csrf" value="[^"]*"/g, ''));
    }
    assert.equal(pages[0], pages[1], 'the same page for an unknown login');
    const browser = new HttpSession();
    const html = await (await browser.request(codeUrl)).text();
    const code = await codeFromSink(t, person.email);
    const weak = await browser.submit(codeUrl, html, { code, password: '12345678901' });
    assert.equal(weak.status, 400);
    assert.match(await weak.text(), /solo números/);
    const done = await browser.submit(codeUrl, html, { code, password: 'Nueva-clave-2026' });
    assert.equal(done.headers.get('location'), '/recuperar/listo');
    const old = await signInPortal(t, new HttpSession(), person.email, person.password);
    assert.equal(old.status, 401);
    const fresh = await signInPortal(t, new HttpSession(), person.email, 'Nueva-clave-2026');
    assert.equal(new URL(fresh.url).pathname, '/cuenta');
    const before = await portal.request(`${t.baseUrl}/cuenta`);
    assert.equal(before.status, 303, 'the sessions open before the reset have ended');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.password_reset' AND subject_id = ${person.id}`.execute(db());
    assert.equal(audit.rows[0]!.n, 1);
  });
});

describe('second factor and levels of assurance', () => {
  it('enrols TOTP with a confirmation code, then asks for it at sign-in; wrong codes lock the account', async () => {
    const person = await registerPerson(t, 'totp@correo.bo');
    const browser = new HttpSession();
    await signInPortal(t, browser, person.email, person.password);
    const security = await (await browser.request(`${t.baseUrl}/cuenta/seguridad`)).text();
    const started = await browser.submit(
      `${t.baseUrl}/cuenta/seguridad`,
      security,
      {},
      formIndex(security, (f) => f.action === '/cuenta/seguridad/activar'),
    );
    const enrolHtml = await started.text();
    assert.match(enrolHtml, /otpauth:\/\/totp\/Tambo/);
    assert.match(enrolHtml, /<svg class="qr-code" role="img" aria-label="Código QR con la clave[^"]*"[^>]*viewBox="0 0 \d+ \d+"/, 'the key as a QR code drawn on the server');
    const wrong = await browser.submit(
      `${t.baseUrl}/cuenta/seguridad`,
      enrolHtml,
      { code: '000000' },
      formIndex(enrolHtml, (f) => f.action === '/cuenta/seguridad/confirmar'),
    );
    assert.equal(wrong.status, 400);
    const secret = await enrolTotp(t, browser);
    const stored = await sql<{ totp_secret: string; totp_enabled_at: Date }>`SELECT totp_secret, totp_enabled_at FROM identity.account WHERE id = ${person.id}`.execute(db());
    assert.ok(stored.rows[0]!.totp_enabled_at);
    assert.ok(!stored.rows[0]!.totp_secret.includes(secret), 'the key is stored sealed');

    await forgetTotpStep(t, person.id);
    const code = totpCode(secret);
    const ok = await signInPortal(t, new HttpSession(), person.email, person.password, { code });
    assert.equal(new URL(ok.url).pathname, '/cuenta', 'signed in with the code');
    assert.match(ok.html, /Nivel de esta sesión<\/dt>\s*<dd[^>]*>Básico/, 'a bajo account stays bajo with a second factor');
    const replay = await signInPortal(t, new HttpSession(), person.email, person.password, { code });
    assert.equal(replay.status, 401, 'the same code does not work twice');

    const attacker = new HttpSession();
    const start = await attacker.follow(`${t.baseUrl}/ingresar`);
    const posted = await attacker.submit(start.url, await start.response.text(), { login: person.email, password: person.password });
    const factorUrl = new URL(posted.headers.get('location')!, start.url).toString();
    const factorHtml = await (await attacker.request(factorUrl)).text();
    assert.match(factorHtml, /aplicación de autenticación/);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await attacker.submit(factorUrl, factorHtml, { code: '000000' })).status);
    assert.deepEqual(statuses, [401, 401, 401, 429], 'the replay above was the first failure; the fifth locks');
    await forgetTotpStep(t, person.id);
    const locked = await attacker.submit(factorUrl, factorHtml, { code: totpCode(secret) });
    assert.equal(locked.status, 429, 'locked even with the right code');
  });

  it('makes staff enrol a second factor before they continue (the demo staff excepted)', async () => {
    const person = await registerPerson(t, 'nueva.funcionaria@correo.bo');
    await sql`INSERT INTO identity.role_assignment (account_id, agency_code, role) VALUES (${person.id}, 'SEGIP', 'case_handler')`.execute(db());
    const browser = new HttpSession();
    const start = await browser.follow(`${t.baseUrl}/ingresar`);
    const posted = await browser.submit(start.url, await start.response.text(), { login: person.email, password: person.password });
    const factor = await browser.follow(new URL(posted.headers.get('location')!, start.url).toString());
    const html = await factor.response.text();
    assert.match(html, /Active un segundo factor para continuar/);
    const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/\s+/g, '');
    const done = await submitAndFollow(browser, factor.url, html, { code: totpCode(secret) });
    assert.equal(new URL(done.url).pathname, '/cuenta');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.second_factor_enabled' AND subject_id = ${person.id}`.execute(db());
    assert.equal(audit.rows[0]!.n, 1);
    const demo = await signInPortal(t, new HttpSession(), 'funcionario@demo.tambo', 'Demo-2026-funcionario');
    assert.equal(new URL(demo.url).pathname, '/cuenta', 'the demo official is not asked');
  });

  it("refuses a client above the person's level, then gives alto with sustancial + TOTP", async () => {
    // A person of their own (not the demo citizen): verified in person, without a second factor yet.
    const person = await registerPerson(t, 'alto@correo.bo');
    await sql`UPDATE identity.account SET level = 'sustancial' WHERE id = ${person.id}`.execute(db());
    const browser = new HttpSession();
    const first = await authorize(browser, 'rp-alto');
    const refused = await submitAndFollow(browser, first.at, first.html, { login: person.email, password: person.password });
    assert.equal(refused.status, 403);
    assert.equal(refused.callback, undefined, 'no code below the level');
    assert.match(refused.html, /active primero un segundo factor/);

    const portal = new HttpSession();
    await signInPortal(t, portal, person.email, person.password);
    const secret = await enrolTotp(t, portal);
    const accountId = person.id;

    // Already signed in at the provider with sustancial (before enrolling): asked for the code only.
    const step = await authorize(portal, 'rp-alto');
    assert.equal(step.callback, undefined, 'no code for a sustancial session');
    assert.match(step.html, /name="code"/);
    assert.doesNotMatch(step.html, /name="password"/);
    const wrongStep = await portal.submit(step.at, step.html, { code: '000000' });
    assert.equal(wrongStep.status, 401);
    await forgetTotpStep(t, accountId);
    let stepped = await submitAndFollow(portal, step.at, step.html, { code: totpCode(secret) });
    assert.match(stepped.html, /quiere acceder a sus datos/, 'then the consent for this client');
    stepped = await submitAndFollow(portal, stepped.url, stepped.html, { decision: 'allow' });
    assert.ok(stepped.callback?.searchParams.get('code'), `a code after the second factor (${stepped.status} ${stepped.url})`);
    const tokens = await step.tokens(stepped.callback!);
    assert.equal(tokens.claims()!.acr, 'alto');

    // A fresh sign-in: password, then the code.
    await forgetTotpStep(t, accountId);
    const fresh = new HttpSession();
    const again = await authorize(fresh, 'rp-alto');
    const factor = await submitAndFollow(fresh, again.at, again.html, { login: person.email, password: person.password });
    assert.match(factor.html, /name="code"/);
    const ok = await submitAndFollow(fresh, factor.url, factor.html, { code: totpCode(secret) });
    assert.equal((await again.tokens(ok.callback!)).claims()!.acr, 'alto');
  });

  it("tells a signed-in person below a client's minimum how to raise the level, without a code", async () => {
    const person = await registerPerson(t, 'bajo@correo.bo');
    const browser = new HttpSession();
    await signInPortal(t, browser, person.email, person.password);
    const result = await authorize(browser, 'rp-sustancial');
    assert.equal(result.callback, undefined);
    assert.equal(result.status, 403);
    assert.match(result.html, /oficina de registro/);
    const cancelled = await submitAndFollow(browser, result.at, result.html, {});
    assert.equal(cancelled.callback?.searchParams.get('error'), 'access_denied');
  });
});

describe('sessions, consents and activity of the person', () => {
  it('lists sessions and ends another one: its refresh token stops working and the client is told', async () => {
    const person = await registerPerson(t, 'sesiones@correo.bo');
    const laptop = new HttpSession();
    await signInPortal(t, laptop, person.email, person.password);
    const phone = new HttpSession();
    await signInPortal(t, phone, person.email, person.password);
    // The phone also signs in to an agency's system (single sign-on) and gets a refresh token.
    const rp = await authorize(phone, 'rp-bajo', 'openid profile offline_access');
    const consent = await submitAndFollow(phone, rp.at, rp.html, { decision: 'allow' });
    const tokens = await rp.tokens(consent.callback!);
    assert.ok(tokens.refresh_token);

    const list = await laptop.request(`${t.baseUrl}/cuenta/sesiones`);
    const html = await list.text();
    const handles = formsIn(html)
      .map((f) => f.hidden.session)
      .filter(Boolean);
    assert.equal(handles.length, 2);
    assert.match(html, /Esta sesión/);
    assert.match(html, /Sistema de trámites/);
    assert.doesNotMatch(html, new RegExp([...laptop.cookies.values()].join('|')), 'no cookie value in the page');
    const rows = html.split('<tr').filter((row) => row.includes('name="session"'));
    const other = rows.find((row) => !row.includes('Esta sesión'))!;
    const otherHandle = /name="session" value="([^"]+)"/.exec(other)![1]!;
    const tokensBefore = logoutTokens.length;
    const ended = await laptop.submit(
      `${t.baseUrl}/cuenta/sesiones`,
      html,
      {},
      formIndex(html, (f) => f.hidden.session === otherHandle),
    );
    assert.equal(ended.headers.get('location'), '/cuenta/sesiones?hecho=cerrada');
    assert.equal((await phone.request(`${t.baseUrl}/cuenta`)).status, 303, 'the phone is signed out');
    assert.equal((await laptop.request(`${t.baseUrl}/cuenta`)).status, 200, 'this session goes on');
    await assert.rejects(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!), 'the refresh token no longer works');
    const received = (await receiver.waitForLogoutTokens(tokensBefore + 1)).slice(tokensBefore);
    assert.equal(received.length, 1, 'back-channel logout sent to the agency system');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.sessions_revoked' AND subject_id = ${person.id}`.execute(db());
    assert.equal(audit.rows[0]!.n, 1);
  });

  it('revokes a consent: the grant goes, the refresh token fails, and the client must ask again', async () => {
    const person = await registerPerson(t, 'consentimiento@correo.bo');
    const browser = new HttpSession();
    const rp = await authorize(browser, 'rp-bajo', 'openid profile offline_access');
    const consentPage = await submitAndFollow(browser, rp.at, rp.html, { login: person.email, password: person.password });
    assert.match(consentPage.html, /quiere acceder a sus datos/);
    const allowed = await submitAndFollow(browser, consentPage.url, consentPage.html, { decision: 'allow' });
    const tokens = await rp.tokens(allowed.callback!);

    await signInPortal(t, browser, person.email, person.password);
    const list = await (await browser.request(`${t.baseUrl}/cuenta/consentimientos`)).text();
    assert.match(list, /Sistema de trámites/);
    const revoked = await browser.submit(
      `${t.baseUrl}/cuenta/consentimientos`,
      list,
      {},
      formIndex(list, (f) => f.hidden.client === 'rp-bajo'),
    );
    assert.equal(revoked.headers.get('location'), '/cuenta/consentimientos?hecho=retirado');
    assert.match(await (await browser.request(`${t.baseUrl}/cuenta/consentimientos`)).text(), /No ha autorizado/);
    await assert.rejects(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!));
    const again = await authorize(browser, 'rp-bajo', 'openid profile');
    assert.equal(again.callback, undefined, 'no silent code after the consent was withdrawn');
    assert.match(again.html, /quiere acceder a sus datos/);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'identity.consent_revoked' AND subject_id = ${person.id}`.execute(db());
    assert.equal(audit.rows[0]!.n, 1);
  });

  it('shows sign-ins and data releases per agency in Mi actividad, page by page', async () => {
    const person = await registerPerson(t, 'actividad@correo.bo');
    const browser = new HttpSession();
    const rp = await authorize(browser, 'rp-bajo', 'openid profile');
    const consentPage = await submitAndFollow(browser, rp.at, rp.html, { login: person.email, password: person.password });
    const allowed = await submitAndFollow(browser, consentPage.url, consentPage.html, { decision: 'allow' });
    await rp.tokens(allowed.callback!);
    await signInPortal(t, browser, person.email, person.password);
    const page = await (await browser.request(`${t.baseUrl}/cuenta/actividad`)).text();
    assert.match(page, /Datos entregados/);
    assert.match(page, /Sistema de trámites \(SEGIP\)/);
    assert.match(page, /Ingreso/);
    await sql`INSERT INTO identity.activity (account_id, kind) SELECT ${person.id}, 'sign_in' FROM generate_series(1, 25)`.execute(db());
    const first = await (await browser.request(`${t.baseUrl}/cuenta/actividad`)).text();
    assert.match(first, /pagina=2/);
    const second = await browser.request(`${t.baseUrl}/cuenta/actividad?pagina=2`);
    assert.equal(second.status, 200);
  });

  it("never lets a person see or end another person's sessions or consents", async () => {
    const a = await registerPerson(t, 'persona.a@correo.bo');
    const b = await registerPerson(t, 'persona.b@correo.bo');
    const browserA = new HttpSession();
    const rp = await authorize(browserA, 'rp-bajo', 'openid profile');
    const consentPage = await submitAndFollow(browserA, rp.at, rp.html, { login: a.email, password: a.password });
    await submitAndFollow(browserA, consentPage.url, consentPage.html, { decision: 'allow' });
    await signInPortal(t, browserA, a.email, a.password);
    const pageA = await (await browserA.request(`${t.baseUrl}/cuenta/sesiones`)).text();
    const handlesA = formsIn(pageA)
      .map((f) => f.hidden.session)
      .filter((h): h is string => Boolean(h));
    assert.ok(handlesA.length >= 1);

    const browserB = new HttpSession();
    await signInPortal(t, browserB, b.email, b.password);
    const pageB = await (await browserB.request(`${t.baseUrl}/cuenta/sesiones`)).text();
    for (const handle of handlesA) assert.ok(!pageB.includes(handle), "B does not see A's sessions");
    const consentsB = await (await browserB.request(`${t.baseUrl}/cuenta/consentimientos`)).text();
    assert.doesNotMatch(consentsB, /Sistema de trámites/);
    // B posts A's handle and A's client id with B's own valid form tokens.
    const csrf = formsIn(pageB)[0]!.hidden._csrf!;
    const post = (path: string, body: Record<string, string>) =>
      browserB.request(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, ...body }).toString() });
    for (const handle of handlesA) assert.equal((await post('/cuenta/sesiones/cerrar', { session: handle })).status, 404);
    assert.equal((await post('/cuenta/consentimientos/retirar', { client: 'rp-bajo' })).status, 404);
    assert.equal((await browserA.request(`${t.baseUrl}/cuenta`)).status, 200, 'A is still signed in');
    assert.match(await (await browserA.request(`${t.baseUrl}/cuenta/consentimientos`)).text(), /Sistema de trámites/, "A's consent stands");

    const anonymous = new HttpSession();
    for (const path of ['/cuenta/sesiones', '/cuenta/consentimientos', '/cuenta/actividad', '/cuenta/seguridad']) {
      assert.equal((await anonymous.request(`${t.baseUrl}${path}`)).status, 303, `${path} needs sign-in`);
    }
  });

  it('ends every other session at once, and a session idle for 30 minutes ends by itself', async () => {
    const person = await registerPerson(t, 'otras@correo.bo');
    const devices = [new HttpSession(), new HttpSession(), new HttpSession()];
    for (const device of devices) await signInPortal(t, device, person.email, person.password);
    const [current, second, third] = devices as [HttpSession, HttpSession, HttpSession];
    const html = await (await current.request(`${t.baseUrl}/cuenta/sesiones`)).text();
    assert.match(html, /Cerrar las otras sesiones \(2\)/);
    const ended = await current.submit(
      `${t.baseUrl}/cuenta/sesiones`,
      html,
      {},
      formIndex(html, (f) => f.action === '/cuenta/sesiones/cerrar-otras'),
    );
    assert.equal(ended.status, 303);
    assert.equal((await second.request(`${t.baseUrl}/cuenta`)).status, 303);
    assert.equal((await third.request(`${t.baseUrl}/cuenta`)).status, 303);
    assert.equal((await current.request(`${t.baseUrl}/cuenta`)).status, 200);
    await sql`UPDATE identity.web_session SET last_seen_at = now() - interval '31 minutes' WHERE account_id = ${person.id} AND revoked_at IS NULL`.execute(db());
    // Sessions are kept a few seconds per process; this change reaches it through the bus.
    await t.app.tambo.deps.bus.sync();
    assert.equal((await current.request(`${t.baseUrl}/cuenta`)).status, 303, 'idle timeout');
  });

  it("shows the provider's own pages in the person's language", async () => {
    const person = await registerPerson(t, 'idioma@correo.bo');
    const browser = new HttpSession();
    await signInPortal(t, browser, person.email, person.password);
    const es = await (await browser.request(`${t.baseUrl}/auth/session/end`)).text();
    assert.match(es, /¿Cerrar su sesión de Ciudadanía Digital\?/);
    assert.match(es, /<html lang="es">/);
    const en = await (await browser.request(`${t.baseUrl}/auth/session/end?ui_locales=en`)).text();
    assert.match(en, /Sign out of Ciudadanía Digital\?/);
    assert.match(en, /<html lang="en">/);
    const error = await (await fetch(`${t.baseUrl}/auth/auth?client_id=no-such-client`, { headers: { 'accept-language': 'en' } })).text();
    assert.match(error, /We could not complete the sign-in/);
  });
});
