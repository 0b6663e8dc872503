// Test helpers for the administration side (used by *.http.test.ts and e2e; not part of the app):
// signing in through the portal, posting forms with the CSRF token, and getting an
// administration access token from the provider with the `tambo-admin` tool client.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import * as oidc from 'openid-client';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { ensureAccount } from './account.service.ts';
import { totpCode } from './totp.ts';
import type { RoleAssignment } from './account.types.ts';
import { ADMIN_TOOL_CLIENT_ID, ADMIN_TOOL_REDIRECT_URIS } from './routes/admin.tsx';

export const ADMIN = { login: 'admin@demo.tambo', password: 'Demo-2026-admin' };
export const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' };
/** case_handler + registrar of SEGIP (demo seed). */
export const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario' };

/** A listening test app with the demo data, started before the file's tests and closed after them. */
export function seededTestApp(options: Parameters<typeof listenTestApp>[0] = {}): () => TestApp & { baseUrl: string } {
  let t: (TestApp & { baseUrl: string }) | undefined;
  before(async () => {
    t = await listenTestApp(options);
    await t.app.tambo.seed();
  });
  after(async () => {
    await t?.close();
  });
  return () => {
    if (!t) throw new Error('the test app starts in before()');
    return t;
  };
}

/** Follows the provider's sign-in page when it shows up; returns where the redirects stopped. */
export async function signInAtProvider(browser: HttpSession, start: string, login: string, password: string, stopAtOrigin?: string): Promise<{ response: Response; url: string }> {
  let { response, url } = await browser.follow(start, {}, stopAtOrigin);
  if (stopAtOrigin && new URL(url).origin === stopAtOrigin) return { response, url };
  const html = await response.text();
  const index = formsIn(html).findIndex((form) => form.action.includes('/ingreso/'));
  assert.ok(index >= 0, `sign-in form expected at ${url}`);
  const posted = await browser.submit(url, html, { login, password }, index);
  assert.equal(posted.status, 303, `sign-in of ${login} failed (${posted.status})`);
  ({ response, url } = await browser.follow(new URL(posted.headers.get('location')!, url).toString(), {}, stopAtOrigin));
  if (url.includes('/segundo-factor')) {
    // Staff outside the demo seed must enrol a second factor: do it with the key on the page.
    const page = await response.text();
    const key = /<code>([A-Z2-7 ]+)<\/code>/.exec(page)?.[1]?.replace(/\s+/g, '');
    assert.ok(key, `${login} was asked for a second factor it does not have`);
    const confirmed = await browser.submit(url, page, { code: totpCode(key) });
    assert.equal(confirmed.status, 303, `second-factor enrolment of ${login} failed (${confirmed.status})`);
    ({ response, url } = await browser.follow(new URL(confirmed.headers.get('location')!, url).toString(), {}, stopAtOrigin));
  }
  return { response, url };
}

/** A browser signed in on the portal. */
export async function portalSession(baseUrl: string, person: { login: string; password: string }): Promise<HttpSession> {
  const browser = new HttpSession();
  const { url } = await signInAtProvider(browser, `${baseUrl}/ingresar?volver=/cuenta`, person.login, person.password);
  assert.equal(new URL(url).pathname, '/cuenta', `${person.login} should land on /cuenta`);
  return browser;
}

export async function getPage(browser: HttpSession, url: string): Promise<{ status: number; html: string; location: string | null }> {
  const response = await browser.request(url);
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

/** POSTs a form with the CSRF token of the session (taken from any page's form). */
export async function postForm(browser: HttpSession, baseUrl: string, path: string, fields: Record<string, string | string[]>): Promise<{ status: number; html: string; location: string | null }> {
  const home = await browser.request(`${baseUrl}/cuenta`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())?.[1];
  const body = new URLSearchParams();
  if (csrf) body.append('_csrf', csrf);
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  const response = await browser.request(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

/** An access token for the administration API: code + PKCE with the public `tambo-admin` client. */
export async function adminAccessToken(baseUrl: string, person: { login: string; password: string }): Promise<string> {
  const config = await oidc.discovery(new URL(`${baseUrl}/auth`), ADMIN_TOOL_CLIENT_ID, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const redirectUri = ADMIN_TOOL_REDIRECT_URIS[0]!;
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid tambo:admin',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const { url: callback } = await signInAtProvider(new HttpSession(), url.toString(), person.login, person.password, new URL(redirectUri).origin);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
  return tokens.access_token;
}

let counter = 0;
/** A person with an account (bajo unless said), a known password and roles; returns id and login. */
export async function createPerson(
  deps: Deps,
  options: { level?: 'bajo' | 'sustancial'; roles?: RoleAssignment[]; isPlatformAdmin?: boolean } = {},
): Promise<{ id: string; login: string; password: string; documentNumber: string }> {
  counter += 1;
  const documentNumber = String(7_100_000 + counter * 17);
  const login = `persona${counter}-${documentNumber}@prueba.tambo`;
  const password = 'Prueba-2026-segura';
  const id = await ensureAccount(deps, {
    country: deps.country.code,
    documentType: 'CI',
    documentNumber,
    givenName: 'Rosa',
    familyName: `Prueba ${counter}`,
    birthDate: '1990-05-01',
    email: login,
    emailVerified: true,
    phone: null,
    phoneVerified: false,
    address: null,
    territoryCode: null,
    level: options.level ?? 'bajo',
    isPlatformAdmin: options.isPlatformAdmin ?? false,
    password,
    roles: options.roles ?? [],
  });
  return { id, login, password, documentNumber };
}

export interface AuditRow {
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_id: string;
  data: Record<string, unknown>;
}

export async function auditEntries(db: Queryable, action: string, subjectId?: string): Promise<AuditRow[]> {
  const result = await sql<AuditRow>`
    SELECT actor_type, actor_id, action, subject_id, data FROM audit.entry
     WHERE action = ${action} AND (${subjectId ?? null}::text IS NULL OR subject_id = ${subjectId ?? null})
     ORDER BY occurred_at, id`.execute(db);
  return result.rows;
}

/** An agency's system as upsertClient registers it in tests: confidential, level bajo, public subjects. */
export const testClient = (clientId: string, clientSecret: string, agencyCode: string, redirectUris: string[], scopes: string[]) => ({
  clientId,
  clientSecret,
  name: `Sistema ${clientId}`,
  agencyCode,
  redirectUris,
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  scopes,
  minimumLevel: 'bajo' as const,
  sectorIdentifier: null,
  subjectType: 'public' as const,
  requirePar: false,
  isFirstParty: false,
  purpose: 'Prueba',
  isActive: true,
});
