// Helpers for tests of Ciudadanía Digital over real HTTP: register a person through the
// pages (code read from the messaging sink), make an account with roles directly, sign in to
// the portal (with the second factor when asked), start an authorization request as a relying
// party would, and pick a form on a page.
import assert from 'node:assert/strict';
import http from 'node:http';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { findSinkMessages } from '../../src/modules/messaging/index.ts';
import { ensureAccount, totpCode } from '../../src/modules/identity/index.ts';
import type { Deps } from '../../src/platform/module.ts';
import { freePort } from '../../src/platform/db/embedded.ts';
import type { TestApp } from './app.ts';
import { HttpSession, formsIn } from './http-client.ts';

let counter = 0;

/** A new, valid Bolivian CI number (unique per test run). */
export function newDocument(): string {
  counter += 1;
  return `${String(6_100_000 + counter * 137 + (process.pid % 100))} SC`;
}

/** The 6-digit code in the newest message the sink holds for an address. */
export async function codeFromSink(t: TestApp, to: string): Promise<string> {
  await t.drain();
  const [message] = await findSinkMessages(t.app.tambo.deps.db, to);
  const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
  assert.ok(code, `a code was sent to ${to}`);
  return code;
}

/** The index of the first form on a page whose action (or hidden fields) match. */
export function formIndex(html: string, match: (form: { action: string; hidden: Record<string, string> }) => boolean): number {
  const index = formsIn(html).findIndex(match);
  assert.ok(index >= 0, 'form expected on the page');
  return index;
}

/** The password of every account `testAccount` makes. */
export const TEST_ACCOUNT_PASSWORD = 'Clave-de-prueba-2026';

/**
 * A Bolivian account made directly (no pages): verified e-mail, level "sustancial", password
 * `TEST_ACCOUNT_PASSWORD`, the roles given (none by default). Returns its id. The person's other
 * fields (`birthDate`, `level`, …) may be given to differ from those defaults.
 */
export function testAccount(deps: Deps, person: { documentNumber: string; givenName: string; familyName: string; email: string } & Partial<Parameters<typeof ensureAccount>[1]>): Promise<string> {
  return ensureAccount(deps, {
    country: 'bo',
    documentType: 'CI',
    birthDate: '1980-02-02',
    emailVerified: true,
    phone: null,
    phoneVerified: false,
    address: null,
    territoryCode: null,
    level: 'sustancial',
    isPlatformAdmin: false,
    password: TEST_ACCOUNT_PASSWORD,
    roles: [],
    ...person,
  });
}

/** Discovers the provider at `<baseUrl>/auth` as a confidential client (over plain http, as tests run). */
export function discoverProvider(baseUrl: string, clientId: string, secret: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(`${baseUrl}/auth`), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
}

/**
 * A relying party's authorization request with PKCE (S256): the address to send the browser to
 * (pushed first when `par`) and the verifier to redeem the code with. `extra` adds parameters
 * (`prompt`, `nonce`, …).
 */
export async function authorizationRequest(
  config: oidc.Configuration,
  request: { redirectUri: string; scope: string; state: string; par?: boolean; extra?: Record<string, string> },
  verifier = oidc.randomPKCECodeVerifier(),
): Promise<{ url: URL; verifier: string }> {
  const parameters = {
    redirect_uri: request.redirectUri,
    scope: request.scope,
    ...request.extra,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: request.state,
  };
  const url = request.par ? await oidc.buildAuthorizationUrlWithPAR(config, parameters) : oidc.buildAuthorizationUrl(config, parameters);
  return { url, verifier };
}

/**
 * A person's access token for a client, obtained as a relying party would: authorization
 * request (code + PKCE), the provider's sign-in page in a fresh browser, the consent page
 * answered with `consent` (default allow; the page's HTML is returned as `consentHtml`), and
 * the code redeemed. `secret` undefined: a public client. `certificate`: a mutual-TLS client
 * (`tls_client_auth` or `self_signed_tls_client_auth`), these headers (what a trusted proxy passes)
 * sent to the token endpoint, so the token is bound to that certificate. Returns the token response.
 */
export async function userAccessToken(
  baseUrl: string,
  input: { clientId: string; secret?: string; certificate?: Record<string, string>; redirectUri: string; scope: string; login: string; password: string; consent?: 'allow' | 'deny' },
): Promise<{ tokens?: oidc.TokenEndpointResponse; consentHtml?: string; denied?: boolean }> {
  const config = input.secret
    ? await discoverProvider(baseUrl, input.clientId, input.secret)
    : await oidc.discovery(new URL(`${baseUrl}/auth`), input.clientId, undefined, input.certificate ? oidc.TlsClientAuth() : oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const certificate = input.certificate;
  if (certificate)
    config[oidc.customFetch] = (url, options) => fetch(url, { ...options, body: options.body as BodyInit, headers: { ...Object.fromEntries(new Headers(options.headers)), ...certificate } });
  const state = oidc.randomState();
  const { url, verifier } = await authorizationRequest(config, { redirectUri: input.redirectUri, scope: input.scope, state });
  const origin = new URL(input.redirectUri).origin;
  const browser = new HttpSession();
  let { response, url: at } = await browser.follow(url.toString(), {}, origin);
  const posted = await browser.submit(at, await response.text(), { login: input.login, password: input.password });
  assert.equal(posted.status, 303, 'the sign-in is accepted');
  ({ response, url: at } = await browser.follow(new URL(posted.headers.get('location')!, at).toString(), {}, origin));
  let consentHtml: string | undefined;
  if (new URL(at).origin !== origin) {
    consentHtml = await response.text();
    const decided = await browser.submit(at, consentHtml, { decision: input.consent ?? 'allow' });
    ({ url: at } = await browser.follow(new URL(decided.headers.get('location')!, at).toString(), {}, origin));
  }
  if (new URL(at).searchParams.get('error') === 'access_denied') return { consentHtml, denied: true };
  const tokens = await oidc.authorizationCodeGrant(config, new URL(at), { pkceCodeVerifier: verifier, expectedState: state });
  return { tokens, consentHtml };
}

export interface RegisteredPerson {
  email: string;
  password: string;
  documentNumber: string;
  id: string;
}

/** Registers through /registro and the code page; returns the new account. */
/** The fields of /registro for a person with this e-mail (a new document number each time), with what a test changes. */
export function registrationFields(email: string, changes: Record<string, string> = {}): Record<string, string> {
  return {
    documentType: 'CI',
    documentNumber: newDocument(),
    givenName: 'Rosa',
    familyName: 'Mamani Condori',
    'birthDate-day': '5',
    'birthDate-month': '6',
    'birthDate-year': '1990',
    email,
    phone: '',
    password: 'Clave-segura-2026',
    ...changes,
  };
}

/** Opens /registro in this browser and sends it with these fields; the answer as is. */
export async function submitRegistration(t: TestApp & { baseUrl: string }, browser: HttpSession, fields: Record<string, string>): Promise<Response> {
  const page = await browser.request(`${t.baseUrl}/registro`);
  return browser.submit(`${t.baseUrl}/registro`, await page.text(), fields);
}

/** Sends /registro (it must be accepted) and opens the page that asks for the code: its address and HTML. */
export async function startRegistration(t: TestApp & { baseUrl: string }, browser: HttpSession, fields: Record<string, string>): Promise<{ codeUrl: string; codeHtml: string }> {
  const posted = await submitRegistration(t, browser, fields);
  assert.equal(posted.status, 303, 'the registration form is accepted');
  const codeUrl = new URL(posted.headers.get('location')!, t.baseUrl).toString();
  return { codeUrl, codeHtml: await (await browser.request(codeUrl)).text() };
}

export async function registerPerson(t: TestApp & { baseUrl: string }, email: string, password = 'Clave-segura-2026'): Promise<RegisteredPerson> {
  const browser = new HttpSession();
  const fields = registrationFields(email, { password });
  const { codeUrl, codeHtml } = await startRegistration(t, browser, fields);
  const documentNumber = fields.documentNumber!;
  const done = await browser.submit(codeUrl, codeHtml, { code: await codeFromSink(t, email) });
  assert.equal(done.headers.get('location'), '/registro/listo');
  const row = await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = ${email}`.execute(t.app.tambo.deps.db);
  return { email, password, documentNumber, id: row.rows[0]!.id };
}

/** Lets a test use the current TOTP code again (the server refuses a code twice; tests set that through data). */
export async function forgetTotpStep(t: TestApp, accountId: string): Promise<void> {
  await sql`UPDATE identity.account SET totp_last_step = NULL WHERE id = ${accountId}`.execute(t.app.tambo.deps.db);
}

/**
 * Signs in to the portal with the provider's pages; answers the second-factor page when asked
 * with `totp`: a base32 key (its current code is computed) or `{ code }` (exactly that code).
 * Staff who must enrol a second factor (any role, outside the demo seed) are enrolled on the
 * way with the key the page shows, so tests of officials' pages can sign them in as is.
 * Returns where it landed and that page's HTML.
 */
export async function signInPortal(
  t: TestApp & { baseUrl: string },
  browser: HttpSession,
  login: string,
  password: string,
  totp?: string | { code: string },
): Promise<{ url: string; status: number; html: string }> {
  const start = await browser.follow(`${t.baseUrl}/ingresar?volver=/cuenta`);
  // Already signed in at the provider (single sign-on): no page to fill in.
  if (!new URL(start.url).pathname.startsWith('/ingreso/')) return { url: start.url, status: start.response.status, html: await start.response.text() };
  const posted = await browser.submit(start.url, await start.response.text(), { login, password });
  if (posted.status !== 303) return { url: start.url, status: posted.status, html: await posted.text() };
  let landed = await browser.follow(new URL(posted.headers.get('location')!, start.url).toString());
  if (landed.url.includes('/segundo-factor')) {
    const html = await landed.response.text();
    // Staff without a second factor are made to enrol one: do it with the key on the page.
    const enrolKey = /<code>([A-Z2-7 ]+)<\/code>/.exec(html)?.[1]?.replace(/\s+/g, '');
    const secret = enrolKey ?? (typeof totp === 'string' ? totp : undefined);
    if (!secret && !totp) return { url: landed.url, status: landed.response.status, html };
    const code = await browser.submit(landed.url, html, { code: secret ? totpCode(secret) : (totp as { code: string }).code });
    if (code.status !== 303) return { url: landed.url, status: code.status, html: await code.text() };
    landed = await browser.follow(new URL(code.headers.get('location')!, landed.url).toString());
  }
  return { url: landed.url, status: landed.response.status, html: await landed.response.text() };
}

/** Turns the second factor on from /cuenta/seguridad; returns the base32 key. */
export async function enrolTotp(t: TestApp & { baseUrl: string }, browser: HttpSession): Promise<string> {
  const security = await browser.request(`${t.baseUrl}/cuenta/seguridad`);
  const html = await security.text();
  const started = await browser.submit(
    `${t.baseUrl}/cuenta/seguridad`,
    html,
    {},
    formIndex(html, (f) => f.action === '/cuenta/seguridad/activar'),
  );
  assert.equal(started.status, 200);
  const enrolHtml = await started.text();
  const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(enrolHtml)?.[1]?.replace(/\s+/g, '');
  assert.ok(secret, 'the key is shown as text');
  const confirmed = await browser.submit(
    `${t.baseUrl}/cuenta/seguridad`,
    enrolHtml,
    { code: totpCode(secret) },
    formIndex(enrolHtml, (f) => f.action === '/cuenta/seguridad/confirmar'),
  );
  assert.equal(confirmed.headers.get('location'), '/cuenta/seguridad?hecho=activado');
  return secret;
}

/**
 * An agency system's stand-in: answers 200 at any path and keeps the back-channel logout tokens
 * it receives. `waitForLogoutTokens(n)` resolves once it holds at least n tokens (or fails after
 * `timeoutMs`): tests wait for the delivery itself, not for a fixed time.
 */
export async function startLogoutReceiver(): Promise<{
  url: string;
  logoutTokens: string[];
  waitForLogoutTokens(count: number, timeoutMs?: number): Promise<string[]>;
  close(): Promise<void>;
}> {
  const port = await freePort();
  const logoutTokens: string[] = [];
  const waiters = new Set<() => void>();
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
      response.writeHead(200).end();
      for (const wake of [...waiters]) wake();
    });
  });
  const waitForLogoutTokens = (count: number, timeoutMs = 5000) =>
    new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`expected ${count} back-channel logout token(s) within ${timeoutMs} ms, got ${logoutTokens.length}`));
      }, timeoutMs);
      function check() {
        if (logoutTokens.length < count) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve([...logoutTokens]);
      }
      waiters.add(check);
      check();
    });
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, logoutTokens, waitForLogoutTokens, close: () => new Promise((resolve) => receiver.close(() => resolve())) };
}
