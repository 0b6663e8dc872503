// What the cases module's HTTP tests share (test code, never imported by the application): one
// app per test file with the demo accounts and two procedures, sessions signed in through the
// provider's pages, and small steps (apply online, take a case) so that each test makes what
// it needs and runs alone.
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { testAccount, userAccessToken } from '../../../test/helpers/identity.ts';

/** The first page of the test form, filled in (the second asks the purpose). */
export const DATOS = { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' };

export { testAccount } from '../../../test/helpers/identity.ts';

export class CasesHarness {
  t!: TestApp & { baseUrl: string };
  /** SEGIP's agency admin, to whom overdue cases are escalated. */
  agencyAdminId = '';
  private readonly sessions = new Map<string, Promise<HttpSession>>();

  /** Starts the app with the demo accounts, `certificado-prueba` (SEGIP) and `certificado-otra` (another agency). */
  start = async (): Promise<void> => this.startWith({});

  /** As `start`, with the app's options (e.g. a config change). */
  startWith = async (options: Parameters<typeof listenTestApp>[0]): Promise<void> => {
    this.t = await listenTestApp(options);
    await this.t.app.tambo.seed();
    await this.createProcedure('certificado-prueba', 'SEGIP');
    await this.createProcedure('certificado-otra', 'OTRA');
    this.agencyAdminId = await testAccount(this.t.app.tambo.deps, {
      documentNumber: '7123456 LP',
      givenName: 'Rosa',
      familyName: 'Flores',
      email: 'jefa@prueba.tambo',
      roles: [{ agencyCode: 'SEGIP', role: 'agency_admin' }],
    });
  };

  close = async (): Promise<void> => this.t.close();

  /** The demo citizen's access token for `scope`, through the demo client (authorization code flow): the cases API as a person. */
  citizenToken = async (scope: string): Promise<string> => {
    const { tokens } = await userAccessToken(this.t.baseUrl, {
      clientId: 'demo-rp',
      secret: 'demo-rp-secret',
      redirectUri: 'http://localhost:8400/callback',
      login: 'ciudadana@demo.tambo',
      password: 'Demo-2026-ciudadana',
      scope,
    });
    return tokens!.access_token;
  };

  createProcedure = async (slug: string, agencyCode: string, tacitOutcome: 'approval' | 'denial' | 'none' = 'none'): Promise<{ procedureId: string; versionId: string }> =>
    createOnlineProcedure(this.t.app.tambo.deps.db, { slug, agencyCode, tacitOutcome });

  /** Signs in on the portal through the provider's pages; the session keeps the cookie. */
  signIn = async (login: string, password: string): Promise<HttpSession> => {
    const browser = new HttpSession();
    let { response, url } = await browser.follow(`${this.t.baseUrl}/ingresar?volver=/mis-tramites`);
    let html = await response.text();
    assert.match(html, /name="password"/, `sign-in form expected at ${url}`);
    const posted = await browser.submit(url, html, { login, password });
    ({ response, url } = await browser.follow(new URL(posted.headers.get('location')!, url).toString()));
    html = await response.text();
    if (/quiere acceder/.test(html)) {
      const decided = await browser.submit(url, html, { decision: 'allow' });
      ({ response, url } = await browser.follow(new URL(decided.headers.get('location')!, url).toString()));
    }
    assert.equal(new URL(url).pathname, '/mis-tramites');
    return browser;
  };

  /** A signed-in session of a demo account, signed in once per file (sessions are not test data). */
  private session(login: string, password: string): Promise<HttpSession> {
    let found = this.sessions.get(login);
    if (!found) {
      found = this.signIn(login, password);
      this.sessions.set(login, found);
    }
    return found;
  }

  citizen = (): Promise<HttpSession> => this.session('ciudadana@demo.tambo', 'Demo-2026-ciudadana');
  official = (): Promise<HttpSession> => this.session('funcionario@demo.tambo', 'Demo-2026-funcionario');

  page = async (browser: HttpSession, path: string): Promise<{ status: number; html: string; url: string }> => {
    const { response, url } = await browser.follow(`${this.t.baseUrl}${path}`);
    return { status: response.status, html: await response.text(), url };
  };

  post = async (browser: HttpSession, path: string, fields: Record<string, string>, formIndex = 0): Promise<{ status: number; location: string; html: string }> => {
    const shown = await this.page(browser, path);
    const response = await browser.submit(shown.url, shown.html, fields, formIndex);
    if (response.status === 303) return { status: 303, location: response.headers.get('location')!, html: '' };
    return { status: response.status, location: '', html: await response.text() };
  };

  /** The citizen applies for a procedure of the test form through the pages: its tracking code. */
  applyOnline = async (slug = 'certificado-prueba'): Promise<string> => {
    const citizen = await this.citizen();
    assert.equal((await this.post(citizen, `/solicitar/${slug}/datos`, DATOS)).status, 303);
    assert.equal((await this.post(citizen, `/solicitar/${slug}/motivo`, { purpose: 'work' })).status, 303);
    const sent = await this.post(citizen, `/solicitar/${slug}/revisar`, {});
    const code = /TR-[A-Z0-9-]+/.exec(sent.location)?.[0];
    assert.ok(code, `submitted: ${sent.status} ${sent.location}`);
    return code;
  };

  /** The official does one action of the case page, through that action's own form and reason field. */
  act = async (code: string, transition: string, reason?: string): Promise<{ status: number; location: string; html: string }> => {
    const official = await this.official();
    const path = `/gestion/expedientes/${code}`;
    const index = formsIn((await this.page(official, path)).html).findIndex((f) => f.hidden.transition === transition);
    assert.ok(index >= 0, `no form for ${transition}`);
    return this.post(official, path, reason === undefined ? {} : { [`reason-${transition}`]: reason }, index);
  };

  /** SEGIP's official takes a submitted case for review (the second form of the case page). */
  take = async (code: string): Promise<void> => {
    assert.equal((await this.act(code, 'take')).status, 303);
  };
}
