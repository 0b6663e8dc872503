// Subnational governments as tenants over real HTTP (docs/entities.md#tenants): only platform
// administrators onboard one (anyone else, a municipality's own administrator included, is
// refused); an unknown code, or an entity that is not a tenant, is a 404 and a central entity
// cannot be onboarded (a field error, the choice kept); twenty identical onboardings at once
// make one tenant and one audit entry; an official of municipality A never sees nor acts on
// municipality B's cases, and each tenant's page counts only its own applications.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { onboardTenant, saveAgency } from '../agencies/index.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { recordProcedureFigures } from '../catalog/index.ts';
import { reportsModule } from '../reports/index.ts';
import { ensurePlans } from './index.ts';
import { PLATFORM_ADMIN } from '../identity/index.ts';

let t: TestApp & { baseUrl: string };
const deps = () => t.app.tambo.deps;

/** A signed-in browser of a new person with these roles (or a platform administrator). */
async function person(options: { roles?: Array<{ role: string; agencyCode: string }>; admin?: boolean } = {}): Promise<HttpSession> {
  const email = `gob-${Math.random().toString(36).slice(2)}@prueba.bo`;
  await testAccount(deps(), { documentNumber: newDocument(), givenName: 'Rosa', familyName: 'Quispe', email, roles: options.roles ?? [], isPlatformAdmin: options.admin ?? false });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.equal(signed.status, 200, signed.html.slice(0, 300));
  return browser;
}

async function page(browser: HttpSession, path: string): Promise<{ status: number; html: string; url: string }> {
  const { response, url } = await browser.follow(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text(), url };
}

/** The test form's answers (test/helpers/procedures.ts). */
const DATOS = { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2020', copies: '1' };
const systemAdmin = { accountId: '019a1800-0000-7000-8000-00000000abcd', grants: [{ role: PLATFORM_ADMIN }] };

before(async () => {
  t = await listenTestApp({ demo: true });
});
after(async () => t.close());

describe('subnational governments as tenants', () => {
  it('only platform administrators onboard; unknown codes and non-tenants are 404; a central entity is a field error', async () => {
    const anonymous = await fetch(`${t.baseUrl}/admin/gobiernos`, { redirect: 'manual' });
    assert.notEqual(anonymous.status, 200, 'signed out: not the page');
    const citizen = await person();
    assert.equal((await page(citizen, '/admin/gobiernos')).status, 403);
    const mayor = await person({ roles: [{ role: 'agency_admin', agencyCode: 'GAMSCS' }] });
    assert.equal((await page(mayor, '/admin/gobiernos')).status, 403, "a municipality's administrator does not onboard");
    await assert.rejects(onboardTenant(deps(), 'GAMSCS', { accountId: 'x', grants: [{ role: 'agency_admin', agency: 'GAMSCS' }] }), { code: 'AGENCIES_FORBIDDEN' });

    assert.equal((await fetch(`${t.baseUrl}/gobiernos/NOEXISTE`)).status, 404);
    assert.equal((await fetch(`${t.baseUrl}/gobiernos/SEGIP`)).status, 404, 'an entity that is not a tenant');
    assert.equal((await fetch(`${t.baseUrl}/gobiernos/no-es-codigo`)).status, 400);
    // The demo onboards La Paz's municipal government with its procedures, audited as the seed's.
    const demoTenant = await (await fetch(`${t.baseUrl}/gobiernos/GAMLP`)).text();
    assert.match(demoTenant, /<h1>Gobierno Autónomo Municipal de La Paz<\/h1>/);
    assert.match(demoTenant, /href="\/tramites\/licencia-de-funcionamiento-la-paz"/, 'its procedures are on its page');
    assert.match(await (await fetch(`${t.baseUrl}/gobiernos`)).text(), /href="\/gobiernos\/GAMLP"/);
    const seeded = await sql<{ actor: string }>`SELECT actor_type || ':' || actor_id AS actor FROM audit.entry WHERE action = 'agencies.tenant_onboarded' AND subject_id = 'GAMLP'`.execute(deps().db);
    assert.deepEqual(
      seeded.rows.map((r) => r.actor),
      ['system:demo'],
    );

    const admin = await person({ admin: true });
    const form = await page(admin, '/admin/gobiernos');
    assert.equal(form.status, 200);
    assert.match(form.html, /Gobierno Autónomo Municipal de Santa Cruz de la Sierra/);
    assert.doesNotMatch(form.html, /<option value="SEGIP"/, 'only subnational entities are offered');
    const central = await admin.submit(form.url, form.html, { code: 'SEGIP' });
    assert.equal(central.status, 400);
    const html = await central.text();
    assert.match(html, /Solo una entidad territorial autónoma/);
    assert.match(html, /href="#campo-code"/, 'the error summary links to the field');
    const unknown = await admin.submit(form.url, form.html, { code: 'NOEXISTE' });
    assert.equal(unknown.status, 404);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM agencies.tenant WHERE code IN ('SEGIP', 'NOEXISTE')`.execute(deps().db);
    assert.equal(rows[0]!.n, 0);
  });

  it('twenty identical onboardings at once make one tenant and one audit entry; its page then answers', async () => {
    const admin = await person({ admin: true });
    const form = await page(admin, '/admin/gobiernos');
    const sent = await Promise.all(Array.from({ length: 20 }, () => admin.submit(form.url, form.html, { code: 'GAMC' })));
    assert.deepEqual(new Set(sent.map((r) => r.status)), new Set([303]));
    const tenants = await sql<{ n: number }>`SELECT count(*)::int AS n FROM agencies.tenant WHERE code = 'GAMC'`.execute(deps().db);
    assert.equal(tenants.rows[0]!.n, 1);
    const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'agencies.tenant_onboarded' AND subject_id = 'GAMC'`.execute(deps().db);
    assert.equal(audits.rows[0]!.n, 1);
    const done = await page(admin, new URL(sent[0]!.headers.get('location')!, t.baseUrl).pathname + new URL(sent[0]!.headers.get('location')!, t.baseUrl).search);
    assert.match(done.html, /GAMC está en la plataforma/);
    assert.match(done.html, /href="\/admin\/roles\?institucion=GAMC"/, 'where its administrators are granted');
    const home = await fetch(`${t.baseUrl}/gobiernos/GAMC`);
    assert.equal(home.status, 200);
    const homeHtml = await home.text();
    assert.match(homeHtml, /<h1>Gobierno Autónomo Municipal de Cochabamba<\/h1>/);
    assert.match(homeHtml, /Municipal/);
    assert.match(await (await fetch(`${t.baseUrl}/gobiernos`)).text(), /href="\/gobiernos\/GAMC"/);
  });

  it("an official of municipality A never sees nor handles municipality B's cases; each page counts its own", async () => {
    for (const code of ['GAMLP', 'GAMEA']) await onboardTenant(deps(), code, systemAdmin);
    await createOnlineProcedure(deps().db, { slug: 'permiso-gamlp', agencyCode: 'GAMLP' });
    await createOnlineProcedure(deps().db, { slug: 'permiso-gamea', agencyCode: 'GAMEA' });
    const citizen = await person();
    const apply = async (slug: string) => {
      const post = async (path: string, fields: Record<string, string>) => {
        const shown = await page(citizen, path);
        return citizen.submit(shown.url, shown.html, fields);
      };
      assert.equal((await post(`/solicitar/${slug}/datos`, DATOS)).status, 303);
      assert.equal((await post(`/solicitar/${slug}/motivo`, { purpose: 'work' })).status, 303);
      const sent = await post(`/solicitar/${slug}/revisar`, {});
      const code = /TR-[A-Z0-9-]+/.exec(sent.headers.get('location') ?? '')?.[0];
      assert.ok(code, `submitted: ${sent.status}`);
      return code;
    };
    const caseA = await apply('permiso-gamlp');
    const caseB = await apply('permiso-gamea');

    const officialA = await person({ roles: [{ role: 'case_handler', agencyCode: 'GAMLP' }] });
    const list = await page(officialA, '/gestion/expedientes');
    assert.equal(list.status, 200);
    assert.ok(list.html.includes(caseA), "A's case is in A's list");
    assert.ok(!list.html.includes(caseB), "B's case is not");
    assert.equal((await page(officialA, `/gestion/expedientes/${caseA}`)).status, 200);
    const foreign = await page(officialA, `/gestion/expedientes/${caseB}`);
    assert.ok([403, 404].includes(foreign.status), `B's case is refused (${foreign.status})`);
    assert.ok(!foreign.html.includes('permiso-gamea') && !foreign.html.includes('Certificado de prueba permiso-gamea'), "nothing of B's case shows");
    const own = await page(officialA, `/gestion/expedientes/${caseA}`);
    const take = formsIn(own.html).findIndex((f) => f.hidden.transition === 'take');
    assert.ok(take >= 0);
    const form = formsIn(own.html)[take]!;
    const stateOfB = async () => (await sql<{ state: string }>`SELECT state FROM cases."case" WHERE tracking_code = ${caseB}`.execute(deps().db)).rows[0]!.state;
    const before = await stateOfB();
    const acted = await officialA.request(`${t.baseUrl}/gestion/expedientes/${caseB}/accion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.hidden).toString(),
    });
    assert.ok([403, 404].includes(acted.status), `acting on B's case is refused (${acted.status})`);
    assert.equal(await stateOfB(), before, "B's case is untouched");

    const figures = async (code: string) => {
      const html = await (await fetch(`${t.baseUrl}/gobiernos/${code}`)).text();
      return /Solicitudes recibidas<\/th>\s*<td[^>]*>(\d+)</.exec(html)?.[1];
    };
    assert.equal(await figures('GAMLP'), '1');
    assert.equal(await figures('GAMEA'), '1');

    // The public ranking by online procedures: the formula on the page, ranked rows, the rest apart.
    const ranking = await fetch(`${t.baseUrl}/observatorio/ranking`);
    assert.equal(ranking.status, 200);
    const rankingHtml = await ranking.text();
    assert.match(rankingHtml, /En línea = trámites en línea ÷ trámites publicados/);
    assert.match(rankingHtml, /Entidades por puntaje de gobierno electrónico/);
    assert.match(rankingHtml, /<td[^>]*>1<\/td>/, 'a first place');
    assert.match(rankingHtml, /Gobierno Autónomo Municipal de El Alto/, 'El Alto, with its online procedure, is ranked');
  });

  it("folds a tenant's dependent entities into its page and its figures", async () => {
    const figure = (html: string, label: string) => Number(new RegExp(`${label}</th>\\s*<td[^>]*>(\\d+)<`).exec(html)?.[1]);
    const before = await (await fetch(`${t.baseUrl}/gobiernos/GAMLP`)).text();
    // A municipal company answering to La Paz, and a service answering to that company (two levels down).
    await saveAgency(
      deps(),
      { code: 'EM-LP', name: 'Empresa Municipal de Prueba', acronym: 'EMLP', kind: 'state_company', territoryCode: null, mission: '', superiorCode: 'GAMLP' },
      { type: 'system', id: 'test' },
    );
    await saveAgency(
      deps(),
      { code: 'SV-LP', name: 'Servicio Municipal de Prueba', acronym: 'SVLP', kind: 'national', territoryCode: null, mission: '', superiorCode: 'EM-LP' },
      { type: 'system', id: 'test' },
    );
    await deps().bus.sync(); // the register's cache has heard of them
    const procedure = await createOnlineProcedure(deps().db, { slug: 'servicio-municipal-prueba', agencyCode: 'SV-LP' });
    await recordProcedureFigures(deps().db, { procedureId: procedure.procedureId, agencyCode: 'SV-LP', submittedAt: new Date() }, { applied: 1 });
    // A citizen report in the service's charge, received and answered within the legal time.
    const reportStats = reportsModule.stats!;
    const dims = { agency: 'SV-LP', territory: '', category: 'bache' };
    await recordStat(deps().db, reportStats.received!, dims);
    await recordStat(deps().db, reportStats.response_hours!, dims, 2); // one answer, after 2 hours
    await recordStat(deps().db, reportStats.answered_in_time!, dims);
    const html = await (await fetch(`${t.baseUrl}/gobiernos/GAMLP`)).text();
    const dependents = html.slice(html.indexOf('id="dependientes"'), html.indexOf('id="tramites"'));
    assert.match(dependents, /Empresa Municipal de Prueba/);
    assert.match(dependents, /Servicio Municipal de Prueba/, 'two levels down too');
    assert.match(html, /href="\/tramites\/servicio-municipal-prueba"/, "the dependent's procedure is on the tenant's page");
    assert.equal(figure(html, 'Trámites publicados'), figure(before, 'Trámites publicados') + 1);
    assert.equal(figure(html, 'Solicitudes recibidas'), figure(before, 'Solicitudes recibidas') + 1);
    for (const label of ['Reportes recibidos', 'Reportes respondidos', 'Respondidos dentro del plazo legal']) assert.equal(figure(html, label), figure(before, label) + 1, label);
    assert.doesNotMatch(await (await fetch(`${t.baseUrl}/gobiernos/GAMEA`)).text(), /Servicio Municipal de Prueba/, "another tenant's page does not fold it");
  });

  it('shows the plan the tenant owns, linked to the plan and to its projects', async () => {
    assert.match(await (await fetch(`${t.baseUrl}/gobiernos/GAMLP`)).text(), /Todavía no tiene un plan/);
    await ensurePlans(deps(), [{ id: randomUUID(), code: 'plan-gamlp', title: 'La Paz Digital', description: '', ownerAgency: 'GAMLP', startYear: 2025, endYear: 2030, lines: [] }]);
    const html = await (await fetch(`${t.baseUrl}/gobiernos/GAMLP`)).text();
    const plan = html.slice(html.indexOf('id="plan"'), html.indexOf('id="tramites"'));
    assert.match(plan, /<a href="\/observatorio\/planes\/plan-gamlp">La Paz Digital<\/a> \(2025–2030\)/);
    assert.match(plan, /href="\/proyectos\/plan\/plan-gamlp"/);
    assert.doesNotMatch(await (await fetch(`${t.baseUrl}/gobiernos/GAMEA`)).text(), /La Paz Digital/);
  });

  it("sets a tenant's branding by its own administrator only, refusing colours that do not contrast 4.5:1", async () => {
    const other = await person({ roles: [{ role: 'agency_admin', agencyCode: 'GAMEA' }] });
    assert.equal((await page(other, '/gobiernos/GAMLP/marca')).status, 403, "another tenant's administrator");
    const admin = await person({ roles: [{ role: 'agency_admin', agencyCode: 'GAMLP' }] });
    const form = await page(admin, '/gobiernos/GAMLP/marca');
    assert.equal(form.status, 200);
    const grey = await admin.submit(form.url, form.html, { displayName: 'Alcaldía de La Paz', shortName: 'La Paz', colourText: '#777777', colourBackground: '#888888' });
    assert.equal(grey.status, 400);
    const greyHtml = await grey.text();
    assert.match(greyHtml, /href="#campo-colourBackground"[^>]*>El texto y el fondo contrastan menos de 4,5 a 1/);
    assert.match(greyHtml, /value="Alcaldía de La Paz"/, 'what was typed is kept');
    const notHex = await admin.submit(form.url, form.html, { displayName: '', shortName: '', colourText: 'blanco', colourBackground: '#1d3557' });
    const notHexHtml = await notHex.text();
    assert.match(notHexHtml, /href="#campo-colourText"/);
    assert.match(notHexHtml, /href="#campo-displayName"/);
    const branding = { displayName: 'Alcaldía de La Paz', shortName: 'La Paz', colourText: '#FFFFFF', colourBackground: '#1d3557' };
    const saved = await Promise.all(Array.from({ length: 20 }, () => admin.submit(form.url, form.html, branding)));
    assert.ok(
      saved.every((r) => r.status === 303),
      'saved',
    );
    const html = await (await fetch(`${t.baseUrl}/gobiernos/GAMLP`)).text();
    assert.match(html, /<svg class="tenant-banner"[^>]*aria-label="Alcaldía de La Paz \(La Paz\)"/);
    assert.match(html, /<rect[^>]*fill="#1d3557"/);
    assert.match(html, /<text[^>]*fill="#ffffff"[^>]*>La Paz<\/text>/);
    const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'agencies.tenant_branded' AND subject_id = 'GAMLP'`.execute(deps().db);
    assert.equal(audits.rows[0]!.n, 1, 'twenty identical saves: one change, one audit entry');
    assert.doesNotMatch(await (await fetch(`${t.baseUrl}/gobiernos/GAMEA`)).text(), /tenant-banner/);
  });
});
