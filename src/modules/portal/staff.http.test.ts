// The staff start page over HTTP on the Bolivian demo data: the official sees their agency's
// case counts (an overdue case counted), the tools of their roles and a "Mi trabajo" link in
// the navigation; the administrator sees the triage queue and the platform's admin pages; a
// citizen is refused and sees no link.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ env: { DEMO: 'true', COUNTRY: 'bo' } });
});
after(async () => {
  await t.close();
});

async function signedIn(login: string, password: string): Promise<HttpSession> {
  const browser = new HttpSession();
  const landed = await signInPortal(t, browser, login, password);
  assert.equal(landed.status, 200, `${login} signed in`);
  return browser;
}
const open = async (browser: HttpSession, path: string) => {
  const response = await browser.request(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text() };
};
const navLink = /<nav class="main-nav"[\s\S]*?<a href="\/trabajo"[^>]*>Mi trabajo<\/a>/;

describe('staff start page', () => {
  it("shows an official their agency's cases, overdue ones counted, and the tools of their roles", async () => {
    const db = t.app.tambo.deps.db;
    const before = await open(await signedIn('funcionario@demo.tambo', 'Demo-2026-funcionario'), '/trabajo');
    const overdueBefore = Number(/filtro=overdue">(\d+)</.exec(before.html)?.[1] ?? 'NaN');
    // A case of SEGIP past its legal time.
    const [procedure] = (
      await sql<{ id: string; version: string; name: string }>`
      SELECT p.id, p.published_version_id AS version, v.name FROM catalog.procedure p JOIN catalog.procedure_version v ON v.id = p.published_version_id
      WHERE p.agency_code = 'SEGIP' LIMIT 1`.execute(db)
    ).rows;
    assert.ok(procedure);
    const citizen = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(db)).rows[0]!;
    await sql`INSERT INTO cases.case (id, tracking_code, procedure_id, version_id, procedure_name, agency_code, account_id, channel, state, answers, due_date, submitted_at)
      VALUES (gen_random_uuid(), 'TR-TEST-0001', ${procedure.id}, ${procedure.version}, ${procedure.name}, 'SEGIP', ${citizen.id}, 'online', 'submitted', '{}', current_date - 3, now() - interval '20 days')`.execute(
      db,
    );

    const browser = await signedIn('funcionario@demo.tambo', 'Demo-2026-funcionario');
    const { status, html } = await open(browser, '/trabajo');
    assert.equal(status, 200);
    assert.match(html, /<h1>Mi trabajo<\/h1>/);
    assert.match(html, navLink, 'the navigation leads there');
    assert.match(html, /Servicio General de Identificación Personal/);
    assert.equal(Number(/filtro=overdue">(\d+)</.exec(html)?.[1]), overdueBefore + 1, 'the overdue case is counted');
    for (const href of ['/gestion/expedientes', '/gestion/solicitar', '/registrar', '/admin']) assert.ok(html.includes(`href="${href}"`), `tool ${href}`);
    assert.ok(!html.includes('href="/reportes/triaje"'), 'no triage for an official');
    assert.ok(!html.includes('href="/gestion/tramites"'), 'not a publisher');
  });

  it('shows the administrator the triage queue and the platform administration pages', async () => {
    const browser = await signedIn('admin@demo.tambo', 'Demo-2026-admin');
    const { status, html } = await open(browser, '/trabajo');
    assert.equal(status, 200);
    assert.ok(html.includes('href="/reportes/triaje"'));
    assert.match(html, /(La bandeja de clasificación está vacía|esperan? clasificación)/);
    for (const href of ['/admin', '/admin/roles', '/admin/reportes', '/admin/feriados']) assert.ok(html.includes(`href="${href}"`), `admin page ${href}`);
    assert.ok(!html.includes('href="/gestion/expedientes"'), 'handles no cases');
  });

  it('refuses a citizen and shows them no link to it; asks the signed-out to sign in', async () => {
    const browser = await signedIn('ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    const page = await open(browser, '/trabajo');
    assert.equal(page.status, 403);
    assert.doesNotMatch((await open(browser, '/tramites')).html, navLink);
    const anonymous = await fetch(`${t.baseUrl}/trabajo`, { redirect: 'manual' });
    assert.ok([302, 303].includes(anonymous.status), `to sign in (got ${anonymous.status})`);
  });
});
