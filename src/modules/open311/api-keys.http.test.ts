// Open311 API keys over real HTTP: only a platform administrator sees the page, issues a
// key (shown once, stored hashed, audited) and revokes it; a revoked key stops working.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { CSRF_COOKIE, csrfTokenFor } from '../../platform/http/security.ts';
import type { TestApp } from '../../../test/helpers/app.ts';

const PAGE = '/admin/open311';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true, env: { COUNTRY: 'bo' } });
});
after(async () => t.close());

/** Signs in on the portal through the provider's pages; returns the page asked for. */
async function signedIn(login: string, password: string): Promise<HttpSession> {
  const browser = new HttpSession();
  let { response, url } = await browser.follow(`${t.baseUrl}/ingresar?volver=${encodeURIComponent(PAGE)}`);
  let html = await response.text();
  assert.match(html, /name="password"/, `sign-in form expected at ${url}`);
  const posted = await browser.submit(url, html, { login, password });
  assert.equal(posted.status, 303, 'signed in');
  ({ response, url } = await browser.follow(new URL(posted.headers.get('location')!, url).toString()));
  html = await response.clone().text();
  if (html.includes('name="decision"')) {
    const decided = await browser.submit(url, html, { decision: 'allow' });
    await browser.follow(new URL(decided.headers.get('location')!, url).toString());
  }
  return browser;
}

async function createWith(key: string) {
  return fetch(`${t.baseUrl}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: key, service_code: 'residuos', address_string: 'Plaza Murillo', description: 'Basura acumulada' }).toString(),
  });
}

describe('Open311 keys page', () => {
  it('sends people who are not signed in to sign in, and refuses a citizen', async () => {
    const anonymous = await fetch(`${t.baseUrl}${PAGE}`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location') ?? '', /^\/ingresar\?volver=/);
    const citizen = await signedIn('ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    const page = await citizen.request(`${t.baseUrl}${PAGE}`);
    assert.equal(page.status, 403);
    assert.doesNotMatch(await page.text(), /demo-open/);
    // Even with a valid CSRF token of their own, a citizen can neither issue nor revoke keys.
    const csrfCookie = 'c'.repeat(32);
    citizen.cookies.set(CSRF_COOKIE, csrfCookie);
    const _csrf = csrfTokenFor(t.config.sessionSecret, csrfCookie);
    const formPost = (path: string, fields: Record<string, string>) =>
      citizen.request(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf, ...fields }).toString() });
    const liveKeys = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM open311.api_key WHERE revoked_at IS NULL`.execute(t.app.tambo.deps.db)).rows[0]!.n;
    const before = await liveKeys();
    assert.equal((await formPost(`${PAGE}/claves`, { application: 'Intruder' })).status, 403);
    const demoKeyId = await sql<{ id: string }>`SELECT id FROM open311.api_key WHERE revoked_at IS NULL ORDER BY id LIMIT 1`.execute(t.app.tambo.deps.db);
    assert.equal((await formPost(`${PAGE}/claves/${demoKeyId.rows[0]!.id}/revocar`, {})).status, 403);
    assert.equal(await liveKeys(), before, 'nothing issued, nothing revoked');
  });

  it('lets the administrator issue a key that works once shown, and revoke it', async () => {
    const admin = await signedIn('admin@demo.tambo', 'Demo-2026-admin');
    const page = await admin.request(`${t.baseUrl}${PAGE}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Demo Open311 client/, 'the demo key is listed');
    assert.doesNotMatch(html, /demo-open311-key/, 'never the key itself');

    const empty = await admin.submit(`${t.baseUrl}${PAGE}`, html, { application: '  ' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /resumen-errores[\s\S]*#campo-application/);

    const issuedPage = await admin.submit(`${t.baseUrl}${PAGE}`, html, { application: 'App Vecinal' });
    assert.equal(issuedPage.status, 200);
    const issuedHtml = await issuedPage.text();
    const key = /<code id="clave-emitida">([^<]+)<\/code>/.exec(issuedHtml)?.[1];
    assert.ok(key?.startsWith('o311_'), 'the key is shown once');
    if (!key) return;
    const stored = await sql<{ key_hash: string }>`SELECT key_hash FROM open311.api_key WHERE application = 'App Vecinal'`.execute(t.app.tambo.deps.db);
    assert.equal(stored.rows.length, 1);
    assert.notEqual(stored.rows[0]!.key_hash, key, 'only a hash is stored');
    assert.equal((await createWith(key)).status, 200);

    const listHtml = await (await admin.request(`${t.baseUrl}${PAGE}`)).text();
    assert.doesNotMatch(listHtml, new RegExp(key), 'not shown again');
    const appKeyId = (await sql<{ id: string }>`SELECT id FROM open311.api_key WHERE application = 'App Vecinal'`.execute(t.app.tambo.deps.db)).rows[0]!.id;
    const revokeIndex = formsIn(listHtml).findIndex((f) => f.action === `${PAGE}/claves/${appKeyId}/revocar`);
    assert.ok(revokeIndex > 0, 'a revoke form per live key');
    const revoked = await admin.submit(`${t.baseUrl}${PAGE}`, listHtml, {}, revokeIndex);
    assert.equal(revoked.status, 303);
    // The key was kept by this process (api-key.service.ts); its revocation forgets it at once.
    const refused = await createWith(key);
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as Array<{ code: number }>)[0]!.code, 403);
    assert.equal((await createWith('demo-open311-key')).status, 200, 'other keys still work');

    const audit = await sql<{ action: string; actor_type: string }>`SELECT action, actor_type FROM audit.entry WHERE action LIKE 'open311.%' AND actor_type = 'admin' ORDER BY occurred_at`.execute(
      t.app.tambo.deps.db,
    );
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['open311.api_key_issued', 'open311.api_key_revoked'],
    );
  });

  it('is listed on the /admin home for platform administrators only; the old address redirects', async () => {
    const admin = await signedIn('admin@demo.tambo', 'Demo-2026-admin');
    const home = await admin.request(`${t.baseUrl}/admin`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<a href="\/admin\/open311">Claves de Open311<\/a>/);
    // The official (a registrar) uses /admin too, but not this page.
    const official = await signedIn('funcionario@demo.tambo', 'Demo-2026-funcionario');
    const theirs = await official.request(`${t.baseUrl}/admin`);
    assert.equal(theirs.status, 200);
    assert.doesNotMatch(await theirs.text(), /\/admin\/open311/);
    const old = await fetch(`${t.baseUrl}/administracion/open311`, { redirect: 'manual' });
    assert.deepEqual([old.status, old.headers.get('location')], [301, PAGE]);
  });
});
