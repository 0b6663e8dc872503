// CSRF where the credentials are a cookie (issue 8): a signed-in person's browser posting,
// from another page, a form-encoded body to the reports JSON API (415: cookie-authenticated
// APIs take JSON only, even with a valid token) or to a page route that says it accepts JSON,
// without the token, is refused and stores nothing. The site's own JSON request with the token
// goes through; bearer-token calls are not held to the rule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../helpers/http-client.ts';
import { signInPortal } from '../helpers/identity.ts';
import { listenTestApp } from '../helpers/listen.ts';
import type { TestApp } from '../helpers/app.ts';
import { csrfFieldValue } from './fixtures.ts';

let t: TestApp & { baseUrl: string };
let browser: HttpSession;
const FORM = 'application/x-www-form-urlencoded';
const reportCount = async (description: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports.report WHERE description = ${description}`.execute(t.app.tambo.deps.db)).rows[0]!.n;

before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  browser = new HttpSession();
  const signedIn = await signInPortal(t, browser, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
  assert.equal(new URL(signedIn.url).pathname, '/cuenta');
});
after(async () => t.close());

describe('CSRF with cookie credentials', () => {
  it('refuses a form-encoded POST to the reports JSON API carrying the session cookie, with or without a valid token: 415', async () => {
    const description = 'Basura en la esquina, enviada desde otra página';
    const body = new URLSearchParams({ categoryCode: 'residuos', description, address: 'Calle Comercio' });
    const forged = await browser.request(`${t.baseUrl}/api/v1/reports`, { method: 'POST', headers: { 'content-type': FORM }, body: body.toString() });
    assert.equal(forged.status, 415, await forged.clone().text());
    assert.equal(((await forged.json()) as { code: string }).code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.equal(await reportCount(description), 0, 'nothing filed in her name');

    // Even the site's own token does not make a form body acceptable here.
    const withToken = csrfFieldValue(await (await browser.request(`${t.baseUrl}/cuenta`)).text());
    for (const [type, payload] of [
      [FORM, new URLSearchParams({ categoryCode: 'residuos', description, address: 'Calle Comercio', _csrf: withToken }).toString()],
      ['text/plain', JSON.stringify({ categoryCode: 'residuos', description, address: 'Calle Comercio' })],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="description"\r\n\r\n${description}\r\n--x--\r\n`],
    ]) {
      const refused = await browser.request(`${t.baseUrl}/api/v1/reports`, { method: 'POST', headers: { 'content-type': type!, 'x-csrf-token': withToken }, body: payload });
      assert.equal(refused.status, 415, `${type}: ${await refused.clone().text()}`);
    }
    assert.equal(await reportCount(description), 0, 'still nothing filed');
    // A bearer-token call is not a browser's: the rule does not apply (the token decides: 401 here).
    const bearer = await browser.request(`${t.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': FORM, authorization: 'Bearer not-a-live-token-but-long-enough' },
      body: new URLSearchParams({ procedure: 'x' }).toString(),
    });
    assert.notEqual(bearer.status, 415);

    const page = await browser.request(`${t.baseUrl}/cuenta`);
    const token = csrfFieldValue(await page.text());
    const own = await browser.request(`${t.baseUrl}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
      body: JSON.stringify({ categoryCode: 'residuos', description, address: 'Calle Comercio' }),
    });
    assert.equal(own.status, 201, await own.clone().text());
    assert.equal(await reportCount(description), 1);
  });

  it('refuses a page POST without the token even when it says it accepts only JSON', async () => {
    const description = 'Reporte enviado con Accept JSON';
    const forged = await browser.request(`${t.baseUrl}/reportes/nuevo`, {
      method: 'POST',
      headers: { 'content-type': FORM, accept: 'application/json' },
      body: new URLSearchParams({ categoria: 'residuos', descripcion: description, direccion: 'Calle Comercio' }).toString(),
    });
    assert.equal(forged.status, 403);
    assert.equal(await reportCount(description), 0);
  });
});
