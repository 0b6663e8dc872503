// The platform administrator's reports page over real HTTP: only a platform administrator
// sees or changes it (a citizen and an official are refused, even with a valid CSRF token);
// bad input re-renders with an error summary and what was typed; every change is audited;
// a rule added on the page routes the next report, and removing it routes as before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession, formsIn } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { CSRF_COOKIE, csrfTokenFor } from '../../platform/http/security.ts';
import { createReport } from './index.ts';
import { findCategory } from './categories.queries.ts';
import { seedCategories } from './report.seed.ts';

const PAGE = '/admin/reportes';
let t: TestApp & { baseUrl: string };

async function signIn(login: string, password: string): Promise<HttpSession> {
  const session = new HttpSession();
  const { response, url } = await session.follow(`${t.baseUrl}/ingresar?volver=/cuenta`);
  const posted = await session.submit(url, await response.text(), { login, password });
  assert.equal(posted.status, 303);
  await session.follow(new URL(posted.headers.get('location')!, url).toString());
  return session;
}

const deps = () => t.app.tambo.deps;
const get = async (session: HttpSession, path: string) => {
  const response = await session.request(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text() };
};
/** Submits the page's form whose action is `action`. */
const submit = async (session: HttpSession, path: string, action: string, fields: Record<string, string>) => {
  const { html } = await get(session, path);
  const index = formsIn(html).findIndex((f) => f.action === action);
  assert.ok(index >= 0, `form ${action} on ${path}`);
  return session.submit(`${t.baseUrl}${path}`, html, fields, index);
};
const auditCount = async (action: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = ${action}`.execute(deps().db)).rows[0]!.n;
const waterReport = () => createReport(deps(), { categoryCode: 'agua', description: 'Fuga en la acera', answers: { problema: 'fuga' }, territoryCode: 'BO-L-01-02' }, { actor: { type: 'anonymous' } });

before(async () => {
  t = await listenTestApp({ demo: true, env: { COUNTRY: 'bo' } });
});
after(async () => t.close());

describe('reports administration', () => {
  it('is for platform administrators only', async () => {
    const anonymous = await fetch(`${t.baseUrl}${PAGE}`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    for (const [login, password] of [
      ['ciudadana@demo.tambo', 'Demo-2026-ciudadana'],
      ['funcionario@demo.tambo', 'Demo-2026-funcionario'],
    ] as const) {
      const session = await signIn(login, password);
      assert.equal((await get(session, PAGE)).status, 403, login);
      assert.equal((await get(session, `${PAGE}/categorias/agua`)).status, 403, login);
      const cookie = 'c'.repeat(32);
      session.cookies.set(CSRF_COOKIE, cookie);
      const _csrf = csrfTokenFor(t.config.sessionSecret, cookie);
      const post = (path: string, fields: Record<string, string>) =>
        session.request(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf, ...fields }).toString() });
      assert.equal((await post(`${PAGE}/reglas`, { categoria: 'agua', territorio: 'BO-L-01-02', institucion: 'GAMEA' })).status, 403);
      assert.equal((await post(`${PAGE}/categorias/agua`, { dias: '30', impugnacion: '1' })).status, 403);
      assert.equal((await post(`${PAGE}/reglas/1/quitar`, {})).status, 403);
    }
    const rules = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports.routing_rule WHERE category_code = 'agua' AND territory_code = 'BO-L-01-02'`.execute(deps().db);
    assert.equal(rules.rows[0]!.n, 0);
    assert.equal((await findCategory(deps().db, 'agua'))!.legalResponseDays, 5);
  });

  it('lets the administrator add a rule that routes the next report, and remove it', async () => {
    const admin = await signIn('admin@demo.tambo', 'Demo-2026-admin');
    const home = await get(admin, '/admin');
    assert.match(home.html, /href="\/admin\/reportes"/, 'linked from the administration home');
    const page = await get(admin, PAGE);
    assert.equal(page.status, 200);
    assert.match(page.html, /Agua potable/);
    assert.match(page.html, /EPSAS/);
    assert.equal((await waterReport()).report.agencyCode, 'EPSAS', 'the rule of BO-L applies at first');

    // No CSRF token: refused.
    const noToken = await admin.request(`${t.baseUrl}${PAGE}/reglas`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'categoria=agua&territorio=BO-L-01-02&institucion=GAMEA',
    });
    assert.equal(noToken.status, 403);

    const bad = await submit(admin, PAGE, `${PAGE}/reglas`, { categoria: 'agua', territorio: 'XX-NOWHERE', institucion: '' });
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /href="#campo-territorio"/, 'error summary linked to the territory');
    assert.match(badHtml, /href="#campo-institucion"/, 'and to the agency');
    assert.match(badHtml, /value="XX-NOWHERE"/, 'what was typed is kept');

    try {
      const added = await submit(admin, PAGE, `${PAGE}/reglas`, { categoria: 'agua', territorio: 'BO-L-01-02', institucion: 'GAMEA' });
      assert.equal(added.status, 303);
      assert.equal(await auditCount('reports.routing_rule_added'), 1);
      assert.equal((await waterReport()).report.agencyCode, 'GAMEA', 'the new, more specific rule routes the next report');

      const twice = await submit(admin, PAGE, `${PAGE}/reglas`, { categoria: 'agua', territorio: 'BO-L-01-02', institucion: 'EPSAS' });
      assert.equal(twice.status, 400, 'one rule per category and territory');

      const id = (await sql<{ id: string }>`SELECT id FROM reports.routing_rule WHERE category_code = 'agua' AND territory_code = 'BO-L-01-02'`.execute(deps().db)).rows[0]!.id;
      const removed = await submit(admin, PAGE, `${PAGE}/reglas/${id}/quitar`, {});
      assert.equal(removed.status, 303);
      assert.equal(await auditCount('reports.routing_rule_removed'), 1);
      assert.equal((await waterReport()).report.agencyCode, 'EPSAS');
    } finally {
      await sql`DELETE FROM reports.routing_rule WHERE category_code = 'agua' AND territory_code = 'BO-L-01-02'`.execute(deps().db);
    }
  });

  it('lets the administrator edit a category, with errors shown on the form', async () => {
    const admin = await signIn('admin@demo.tambo', 'Demo-2026-admin');
    const path = `${PAGE}/categorias/agua`;
    try {
      const bad = await submit(admin, path, path, { dias: 'cinco', impugnacion: '400' });
      assert.equal(bad.status, 400);
      const html = await bad.text();
      assert.match(html, /href="#campo-dias"/);
      assert.match(html, /href="#campo-impugnacion"/);
      assert.match(html, /value="cinco"/);
      assert.equal((await findCategory(deps().db, 'agua'))!.legalResponseDays, 5, 'nothing saved');

      // The checkbox left unticked: anonymous reports are no longer accepted.
      const saved = await submit(admin, path, path, { dias: '7', impugnacion: '3' });
      assert.equal(saved.status, 303);
      const agua = (await findCategory(deps().db, 'agua'))!;
      assert.deepEqual([agua.legalResponseDays, agua.anonymousAllowed, agua.contestDays], [7, false, 3]);
      assert.equal((await auditCount('reports.category_saved')) > 0, true);
      const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'reports.category_saved' AND actor_type = 'admin'`.execute(deps().db);
      assert.equal(audited.rows[0]!.n, 1);
      await assert.rejects(waterReport(), /VALIDATION_FAILED|anonymous/i, 'an anonymous water report is now refused');
      assert.match((await get(admin, PAGE)).html, /Agua potable<\/td><td[^>]*>7</);
    } finally {
      await seedCategories(deps()); // back to the demo settings, for any test that runs after
    }
  });
});
