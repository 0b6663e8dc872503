// CSRF where the credentials are a cookie (issue 8): a signed-in person's browser posting,
// from another page, a form-encoded body to the reports JSON API or a page route that says it
// accepts JSON, without the token, is refused and stores nothing. The site's own request with
// the token goes through.
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
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await t.app.tambo.seed();
  browser = new HttpSession();
  const signedIn = await signInPortal(t, browser, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
  assert.equal(new URL(signedIn.url).pathname, '/cuenta');
});
after(async () => t.close());

describe('CSRF with cookie credentials', () => {
  it('refuses a form-encoded POST to the reports JSON API carrying the session cookie and no token', async () => {
    const description = 'Basura en la esquina, enviada desde otra página';
    const body = new URLSearchParams({ categoryCode: 'residuos', description, address: 'Calle Comercio' });
    const forged = await browser.request(`${t.baseUrl}/api/v1/reports`, { method: 'POST', headers: { 'content-type': FORM }, body: body.toString() });
    assert.equal(forged.status, 403, await forged.clone().text());
    assert.equal(((await forged.json()) as { code: string }).code, 'CSRF_INVALID');
    assert.equal(await reportCount(description), 0, 'nothing filed in her name');

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
