// What the communal banks' HTTP tests share (test code, never imported by the application): a
// listening ve app with territories and agencies, a signed-in member (optionally the treasurer
// over a territory) and a post through a page's form.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { agenciesModule } from '../agencies/index.ts';
import { territoriesModule } from '../territories/index.ts';

/** Starts the app before the file's tests (and closes it after); the accessors read it once started. */
export function useBankTestApp() {
  let t: TestApp & { baseUrl: string };
  before(async () => {
    t = await listenTestApp({ env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' } });
    await territoriesModule.seed!(t.app.tambo.deps);
    await agenciesModule.seed!(t.app.tambo.deps);
  });
  after(async () => t.close());
  return { app: () => t, ...bankSessions(() => t) };
}

export function bankSessions(app: () => TestApp & { baseUrl: string }) {
  /** A signed-in person; with a territory code, the bank treasurer over it (or the `role` given). */
  async function member(treasurerOf?: string, role = 'bank_treasurer'): Promise<HttpSession> {
    const t = app();
    const documentNumber = `V-${randomInt(10_000_000, 30_000_000)}`;
    const email = `socio-${documentNumber}@prueba.tambo`;
    const id = await testAccount(t.app.tambo.deps, { country: 've', documentType: 'CEDULA', documentNumber, givenName: 'Socia', familyName: 'Prueba', email });
    if (treasurerOf) await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${id}, ${treasurerOf}, ${role})`.execute(t.app.tambo.deps.db);
    const browser = new HttpSession();
    assert.equal((await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD)).status, 200);
    return browser;
  }

  /** Submits the form of `page` whose action ends with `action`, with its hidden fields and these. */
  async function post(browser: HttpSession, page: string, action: string, fields: Record<string, string>): Promise<Response> {
    const { baseUrl } = app();
    const html = await (await browser.request(`${baseUrl}${page}`)).text();
    return browser.submit(
      `${baseUrl}${page}`,
      html,
      fields,
      formIndex(html, (f) => f.action.endsWith(action)),
    );
  }
  return { member, post };
}
