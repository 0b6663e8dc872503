// The catalog over real HTTP, on the Bolivian demo data: the JSON API (filters, paging,
// problems), the public pages, and the publishers' back office (authorization by agency,
// version immutability, definitions refused with the JSON path of the problem).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { addBusinessDays, localDate } from '../../platform/country/business-days.ts';
import { defaultWorkflow, exampleFormDefinition } from '../../platform/forms/index.ts';
import { recordProcedureFigures } from './index.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ env: { DEMO: 'true', COUNTRY: 'bo' } });
});
after(async () => {
  await t.close();
});

const api = async (path: string) => {
  const response = await fetch(`${t.baseUrl}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as any };
};

async function signIn(login: string, password: string, back: string): Promise<{ browser: HttpSession; html: string; url: string; status: number }> {
  const browser = new HttpSession();
  const start = await browser.follow(`${t.baseUrl}/ingresar?volver=${encodeURIComponent(back)}`);
  const posted = await browser.submit(start.url, await start.response.text(), { login, password });
  assert.equal(posted.status, 303, 'signed in');
  const landed = await browser.follow(new URL(posted.headers.get('location')!, start.url).toString());
  return { browser, html: await landed.response.text(), url: landed.url, status: landed.response.status };
}

describe('catalog JSON API', () => {
  it('lists the published demo procedures with paging and filters', async () => {
    const all = await api('/api/v1/procedures?pageSize=100');
    assert.equal(all.status, 200);
    assert.ok(all.body.total >= 25, `at least 25 procedures (got ${all.body.total})`);
    assert.ok(new Set(all.body.items.map((p: any) => p.agency)).size >= 6, 'from at least 6 agencies');
    assert.ok(all.body.items.filter((p: any) => p.online).length >= 5, 'at least 5 online');
    const first = await api('/api/v1/procedures?pageSize=10');
    const second = await api('/api/v1/procedures?pageSize=10&page=2');
    assert.equal(first.body.items.length, 10);
    assert.equal(second.body.page, 2);
    assert.equal(second.body.total, all.body.total);
    const slugs = new Set(first.body.items.map((p: any) => p.slug));
    assert.ok(
      second.body.items.every((p: any) => !slugs.has(p.slug)),
      'pages do not overlap',
    );
    const beyond = await api('/api/v1/procedures?page=99');
    assert.deepEqual([beyond.body.items.length, beyond.body.total], [0, all.body.total]);

    const segip = await api('/api/v1/procedures?agency=SEGIP');
    assert.ok(segip.body.total >= 2);
    assert.ok(segip.body.items.every((p: any) => p.agency === 'SEGIP'));
    const business = await api('/api/v1/procedures?topic=business&agency=GAMLP');
    assert.deepEqual(
      business.body.items.map((p: any) => p.slug),
      ['licencia-de-funcionamiento-la-paz'],
    );
    const forBusinesses = await api('/api/v1/procedures?audience=business&pageSize=100');
    assert.ok(forBusinesses.body.items.every((p: any) => p.audiences.includes('business')));
    assert.ok(forBusinesses.body.total < all.body.total);
  });

  it('searches in Spanish without accents and with typos', async () => {
    for (const q of ['cédula de identidad', 'CEDULA identidad', 'cedulas']) {
      const result = await api(`/api/v1/procedures?q=${encodeURIComponent(q)}`);
      assert.equal(result.body.items[0]?.slug, 'cedula-de-identidad', `"${q}" finds the identity card first`);
      assert.equal(result.body.correctedQuery, null);
    }
    const typo = await api(`/api/v1/procedures?q=${encodeURIComponent('certificado de nacimeinto')}`);
    assert.equal(typo.body.items[0]?.slug, 'certificado-de-nacimiento');
    assert.equal(typo.body.correctedQuery, 'certificado de nacimiento');
    const antecedentes = await api(`/api/v1/procedures?q=${encodeURIComponent('antesedentes penales')}`);
    assert.equal(antecedentes.body.items[0]?.slug, 'certificado-de-antecedentes-penales');
    for (const q of ['100%', 'a_b', 'c:\\', "o'brien", '!!&|']) assert.equal((await api(`/api/v1/procedures?q=${encodeURIComponent(q)}`)).status, 200, `odd query ${q}`);
    assert.equal((await api(`/api/v1/procedures?q=${encodeURIComponent('pasap')}`)).status, 200);
    const partial = await api(`/api/v1/procedures?q=${encodeURIComponent('funciona')}`);
    assert.ok(
      partial.body.items.some((p: any) => p.slug === 'licencia-de-funcionamiento-la-paz'),
      'part of a word finds the name',
    );
    const nothing = await api('/api/v1/procedures?q=zzzzqqqq');
    assert.deepEqual([nothing.body.total, nothing.body.correctedQuery], [0, null]);
  });

  it('answers problems for bad queries and unknown procedures', async () => {
    const badTopic = await api('/api/v1/procedures?topic=astrology');
    assert.equal(badTopic.status, 400);
    assert.match(badTopic.type, /application\/problem\+json/);
    assert.equal(badTopic.body.code, 'VALIDATION_FAILED');
    assert.ok(badTopic.body.errors.some((e: any) => /topic/.test(e.field ?? e.pointer)));
    assert.equal((await api('/api/v1/procedures?pageSize=1000')).status, 400);
    const missing = await api('/api/v1/procedures/no-existe');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'CATALOG_PROCEDURE_NOT_FOUND');
  });

  it('shows one procedure with its statistics', async () => {
    const before = await api('/api/v1/procedures/certificado-de-antecedentes-penales');
    assert.equal(before.status, 200);
    assert.equal(before.body.fee.currency, 'BOB');
    assert.equal(before.body.fee.amount, '50.00');
    assert.equal(before.body.tacitOutcome, 'approval');
    assert.equal(before.body.statistics, null);
    const { rows } = await sql<{ id: string }>`SELECT id FROM catalog.procedure WHERE slug = 'certificado-de-antecedentes-penales'`.execute(t.app.tambo.deps.db);
    const cell = { procedureId: rows[0]!.id, agencyCode: 'REJAP', submittedAt: new Date() };
    for (let i = 0; i < 3; i += 1) await recordProcedureFigures(t.app.tambo.deps.db, cell, { applied: 1 });
    await recordProcedureFigures(t.app.tambo.deps.db, cell, { completed: { days: 1.9, inTime: true }, rating: 4 });
    await recordProcedureFigures(t.app.tambo.deps.db, cell, { completed: { days: 2.1, inTime: false }, rating: 5 });
    const withStats = await api('/api/v1/procedures/certificado-de-antecedentes-penales');
    assert.equal(withStats.body.statistics.applications, 3);
    assert.equal(withStats.body.statistics.medianDaysToComplete, 2);
    assert.equal(withStats.body.statistics.shareWithinLegalTime, 0.5);
    const open = await api('/api/v1/procedure-statistics');
    assert.deepEqual(
      open.body.items.map((i: any) => i.slug),
      ['certificado-de-antecedentes-penales'],
    );
    assert.deepEqual(open.body.agencies, [{ agency: 'REJAP', procedures: 1, applications: 3, completed: 2, shareWithinLegalTime: 0.5, satisfactionAverage: 4.5, satisfactionCount: 2 }]);
    // The same figures in the platform's open data: three applications are a small count, suppressed.
    const cells = (await api('/api/v1/open-data/catalog.applications')).body.items as Array<Record<string, unknown>>;
    assert.deepEqual(
      cells.filter((c) => c.procedure === 'certificado-de-antecedentes-penales').map((c) => [c.agency, c.count, c.suppressed]),
      [['REJAP', null, true]],
    );
    const answerBy = () =>
      new Intl.DateTimeFormat('es-BO', { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${addBusinessDays(t.app.tambo.deps.country, localDate(t.app.tambo.deps.country, new Date()), 3)}T12:00:00Z`),
      );
    const expected = [answerBy()];
    const page = await (await fetch(`${t.baseUrl}/tramites/certificado-de-antecedentes-penales`)).text();
    expected.push(answerBy());
    assert.ok(
      expected.some((date) => page.includes(`3 días hábiles (si lo inicia hoy, a más tardar el ${date})`)),
      'the legal time as a date, with holidays',
    );
    assert.match(page, /<h1>Certificado de antecedentes penales<\/h1>/);
    assert.match(page, /50 %|50%/, 'share within legal time on the public page');
    assert.match(page, /4,5 de 5 \(2 opiniones\)/);
    assert.match(page, /REJAP en números/, 'the agency totals on the page');
    assert.match(page, /href="\/instituciones#institucion-REJAP"/, 'a link to the agency');
  });
});

describe('catalog pages', () => {
  it('leads from the home page to the catalog, searches and filters without JavaScript', async () => {
    const home = await (await fetch(`${t.baseUrl}/`)).text();
    assert.match(home, /<a href="\/tramites">Trámites<\/a>/);
    assert.match(home, /<form action="\/buscar" method="get"/, "the front door's search (portal), across the catalog too");
    const search = await fetch(`${t.baseUrl}/tramites?q=licencia+de+funcionamiento&institucion=GAMEA`);
    assert.equal(search.status, 200);
    const html = await search.text();
    assert.match(html, /Trámites encontrados: 1</);
    assert.match(html, /href="\/tramites\/licencia-de-funcionamiento-el-alto"/);
    assert.doesNotMatch(html, /licencia-de-funcionamiento-la-paz/);
    const paged = await (await fetch(`${t.baseUrl}/tramites?pagina=2`)).text();
    assert.match(paged, /aria-current="page"[^>]*>\s*<span class="visually-hidden">[^<]*<\/span>\s*2/);
    const ignored = await fetch(`${t.baseUrl}/tramites?tema=nada&pagina=abc`);
    assert.equal(ignored.status, 200, 'unknown filter values are ignored, not an error page');
    assert.equal((await fetch(`${t.baseUrl}/tramites/no-existe`)).status, 404);
  });
});

describe('demo online procedures', () => {
  it('can be applied for: every page of their forms renders in the application pages', async () => {
    const { browser } = await signIn('ciudadana@demo.tambo', 'Demo-2026-ciudadana', '/cuenta');
    const { rows } = await sql<{ slug: string; form: { pages: Array<{ id: string; title: { es: string }; showIf?: unknown }> } }>`
      SELECT p.slug, v.form FROM catalog.procedure p JOIN catalog.procedure_version v ON v.id = p.published_version_id
      WHERE v.is_online ORDER BY p.slug`.execute(t.app.tambo.deps.db);
    assert.ok(rows.length >= 5);
    for (const { slug, form } of rows) {
      const procedurePage = await (await fetch(`${t.baseUrl}/tramites/${slug}`)).text();
      assert.match(procedurePage, new RegExp(`href="/solicitar/${slug}"`), `${slug}: the procedure page leads to the application`);
      for (const formPage of form.pages.filter((p) => !p.showIf)) {
        const shown = await browser.follow(`${t.baseUrl}/solicitar/${slug}/${formPage.id}`);
        assert.equal(shown.response.status, 200, `${slug}/${formPage.id}`);
        assert.ok((await shown.response.text()).includes(`<h1>${formPage.title.es}</h1>`), `${slug}/${formPage.id} shows its title`);
      }
    }
  });
});

describe('publishers back office', () => {
  it('is only for publishers, and only of their own agency', async () => {
    const anonymous = await fetch(`${t.baseUrl}/gestion/tramites`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get('location') ?? '', /^\/ingresar/);
    const citizen = await signIn('ciudadana@demo.tambo', 'Demo-2026-ciudadana', '/gestion/tramites');
    assert.equal(citizen.status, 403);

    const { browser, html } = await signIn('publicador@demo.tambo', 'Demo-2026-publicador', '/gestion/tramites');
    assert.match(html, /Cédula de identidad/);
    assert.doesNotMatch(html, /Licencia de funcionamiento/, 'only procedures of SEGIP');
    const { rows } = await sql<{ id: string; slug: string }>`SELECT id, slug FROM catalog.procedure WHERE slug IN ('licencia-de-funcionamiento-la-paz', 'cedula-de-identidad')`.execute(
      t.app.tambo.deps.db,
    );
    const other = rows.find((r) => r.slug === 'licencia-de-funcionamiento-la-paz')!.id;
    assert.equal((await browser.request(`${t.baseUrl}/gestion/tramites/${other}`)).status, 403);
    const own = rows.find((r) => r.slug === 'cedula-de-identidad')!.id;
    const ownPage = await browser.request(`${t.baseUrl}/gestion/tramites/${own}`);
    assert.equal(ownPage.status, 200);
    const forged = await browser.request(`${t.baseUrl}/gestion/tramites/${other}/retirar`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: formCsrf(await (await browser.request(`${t.baseUrl}/gestion/tramites`)).text()) }).toString(),
    });
    assert.equal(forged.status, 403, 'retiring another agency procedure is refused');
    const noCsrf = await browser.request(`${t.baseUrl}/gestion/tramites/${own}/publicar`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(noCsrf.status, 403);
    const still = await api('/api/v1/procedures/licencia-de-funcionamiento-la-paz');
    assert.equal(still.status, 200, 'still published');
  });

  it('edits a published procedure as a new draft version, refuses a broken form definition with its path, and publishes', async () => {
    const { browser } = await signIn('publicador@demo.tambo', 'Demo-2026-publicador', '/gestion/tramites');
    const { rows } = await sql<{ id: string }>`SELECT id FROM catalog.procedure WHERE slug = 'licencia-de-conducir'`.execute(t.app.tambo.deps.db);
    const id = rows[0]!.id;
    const editUrl = `${t.baseUrl}/gestion/tramites/${id}`;
    const editor = await (await browser.request(editUrl)).text();
    assert.match(editor, /Licencia de conducir/);
    const published = await api('/api/v1/procedures/licencia-de-conducir');

    const broken = { pages: [{ id: 'datos', title: { es: 'Datos', en: 'Data' }, components: [{ id: 'nombre', type: 'colour', label: { es: 'Nombre', en: 'Name' } }] }], version: 1 };
    const refused = await submitForm(browser, editUrl, editor, 1, { name: 'Licencia de conducir vehículos', isOnline: 'yes', form: JSON.stringify(broken), workflow: '' });
    assert.equal(refused.status, 400);
    const refusedHtml = await refused.text();
    assert.match(refusedHtml, /id="resumen-errores"/);
    assert.match(refusedHtml, /En \/pages\/0\/components\/0\/type/, 'the JSON path of the problem');
    assert.match(refusedHtml, /href="#campo-workflow"/, 'an online procedure needs a workflow');
    assert.match(refusedHtml, /Licencia de conducir vehículos/, 'what was typed is kept');
    const notJson = await submitForm(browser, editUrl, editor, 1, { form: '{"pages": [' });
    assert.match(await notJson.text(), /no es JSON válido/);
    assert.equal((await api('/api/v1/procedures/licencia-de-conducir')).body.versionId, published.body.versionId, 'nothing changed');

    const wrongVisits = await submitForm(browser, editUrl, editor, 1, { name: 'Licencia de conducir vehículos', officeVisits: 'dos' });
    assert.equal(wrongVisits.status, 400);
    assert.match(await wrongVisits.text(), /href="#campo-officeVisits"[^>]*>Escriba cuántas visitas/);
    const wrongTarget = await submitForm(browser, editUrl, editor, 1, { name: 'Licencia de conducir vehículos', commitments: 'Le respondemos a tiempo | pronto' });
    assert.equal(wrongTarget.status, 400);
    assert.match(await wrongTarget.text(), /href="#campo-commitments"[^>]*>Una meta de compromiso no se entiende/);
    const saved = await submitForm(browser, editUrl, editor, 1, {
      name: 'Licencia de conducir vehículos',
      maxResponseDays: '4',
      officeVisits: '2',
      commitments: 'Le respondemos dentro del plazo legal | en plazo 90\nLe atendemos con amabilidad',
    });
    assert.equal(saved.status, 303);
    assert.match(await (await browser.request(editUrl)).text(), /name="officeVisits"[^>]*value="2"|value="2"[^>]*name="officeVisits"/, 'the draft keeps the visits');
    const afterSave = await api('/api/v1/procedures/licencia-de-conducir');
    assert.equal(afterSave.body.name, 'Licencia de conducir', 'the published version is unchanged while the draft waits');
    const draftPage = await (await browser.request(editUrl)).text();
    assert.match(draftPage, /Publicar la versión 2/);
    const publish = await browser.submit(editUrl, draftPage, {}, 0);
    assert.equal(publish.status, 303);
    const now = await api('/api/v1/procedures/licencia-de-conducir');
    assert.deepEqual([now.body.name, now.body.version, now.body.maxResponseDays], ['Licencia de conducir vehículos', 2, 4]);
    // The API gives each commitment with a target, measured (nothing decided yet: no figure, not judged).
    assert.deepEqual(now.body.commitmentTargets, [{ commitment: 0, text: 'Le respondemos dentro del plazo legal', metric: 'in_time', target: 90, measured: null, met: null }]);
    // The commitment's target is shown beside it, measured (no decided case yet: no data).
    const procedurePage = await (await browser.request(`${t.baseUrl}/tramites/licencia-de-conducir`)).text();
    const commitments = procedurePage.slice(procedurePage.indexOf('id="compromisos"'));
    assert.match(commitments, /Le respondemos dentro del plazo legal<\/td><td[^>]*>90 % resuelto en plazo<\/td><td[^>]*>—<\/td><td[^>]*>Aún sin datos</);
    assert.match(commitments, /Le atendemos con amabilidad<\/td><td[^>]*>—</);
    assert.match(await (await browser.request(editUrl)).text(), /Le respondemos dentro del plazo legal \| en plazo 90/, 'the editor writes the target back');
    assert.notEqual(now.body.versionId, published.body.versionId);
    const { rows: audit } = await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${id} ORDER BY occurred_at`.execute(t.app.tambo.deps.db);
    assert.deepEqual(audit.map((a) => a.action).slice(-2), ['catalog.draft_saved', 'catalog.procedure_published']);
  });
  it('refuses a broken fee rule with an error summary linked to the field, keeping what was typed, and saves a good one', async () => {
    const { browser } = await signIn('publicador@demo.tambo', 'Demo-2026-publicador', '/gestion/tramites');
    const { rows } = await sql<{ id: string }>`SELECT id FROM catalog.procedure WHERE slug = 'licencia-de-conducir'`.execute(t.app.tambo.deps.db);
    const editUrl = `${t.baseUrl}/gestion/tramites/${rows[0]!.id}`;
    const editor = await (await browser.request(editUrl)).text();
    const versions = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM catalog.procedure_version WHERE procedure_id = ${rows[0]!.id}`.execute(t.app.tambo.deps.db)).rows[0]!.n;
    const before = await versions();
    // The example form: `purpose` (radios work/study/other), `years` (a whole number), `fullName` (text).
    const online = { isOnline: 'yes', form: JSON.stringify(exampleFormDefinition), workflow: JSON.stringify(defaultWorkflow), feeKind: 'formula' };
    const cases: Array<[unknown, RegExp]> = [
      [{ perUnit: { answer: 'copias', amount: '10.00' } }, /usa el campo «copias», que el formulario no tiene/],
      [{ perUnit: { answer: 'years', amount: '-5.00' } }, /En «perUnit.amount» escriba un monto mayor que cero/],
      [{ perUnit: { answer: 'fullName', amount: '1.00' } }, /necesita un campo numérico de números enteros; «fullName» no lo es/],
      [{ byAnswer: { answer: 'purpose', amounts: { work: '10.00', study: '5.00' } } }, /no tiene monto para la opción «other» del campo «purpose»/],
      [{ byAnswer: { answer: 'years', amounts: { '1': '10.00' } } }, /necesita un campo de opciones/],
      [{ perUnit: { answer: 'years', amount: '1.00' }, descuento: '2.00' }, /clave desconocida: «descuento»/],
      [{ perUnit: { answer: 'years', amount: '1.00' }, setBy: 'official' }, /debe declarar una sola forma/],
    ];
    for (const [rule, message] of cases) {
      const typed = JSON.stringify(rule);
      const refused = await submitForm(browser, editUrl, editor, 1, { ...online, feeFormula: typed });
      assert.equal(refused.status, 400, typed);
      const html = await refused.text();
      assert.match(html, /id="resumen-errores"/);
      assert.match(html, /href="#campo-feeFormula"/, 'the summary links to the fee field');
      assert.match(html, message, typed);
      assert.ok(html.includes(typed.replace(/"/g, '&quot;')), `what was typed is kept: ${typed}`);
    }
    assert.equal(await versions(), before, 'no broken rule was saved');
    const good = { base: '5.00', byAnswer: { answer: 'purpose', amounts: { work: '10.00', study: '5.00', other: '1.00' } } };
    const saved = await submitForm(browser, editUrl, editor, 1, { ...online, feeFormula: JSON.stringify(good) });
    assert.equal(saved.status, 303, await saved.clone().text());
    const { rows: draft } = await sql<{ fee_formula: string }>`SELECT fee_formula FROM catalog.procedure_version WHERE procedure_id = ${rows[0]!.id} ORDER BY version DESC LIMIT 1`.execute(
      t.app.tambo.deps.db,
    );
    assert.deepEqual(JSON.parse(draft[0]!.fee_formula), good);
  });

  it('creates a new procedure as a draft, only for an agency of the publisher', async () => {
    const { browser } = await signIn('publicador@demo.tambo', 'Demo-2026-publicador', '/gestion/tramites/nuevo');
    const url = `${t.baseUrl}/gestion/tramites/nuevo`;
    const blank = await (await browser.request(url)).text();
    const fields = {
      name: 'Duplicado de cédula de identidad',
      summary: 'Pida un duplicado si perdió su cédula.',
      audiences: 'person',
      topics: 'identity',
      steps: 'Acuda a una oficina\nPague el valor',
      result: 'Cédula duplicada',
      offices: 'SEGIP La Paz | Av. Arce 2549 | Lunes a viernes de 8:00 a 16:00',
      feeKind: 'fixed',
      feeAmount: '17,00',
      maxResponseDays: '2',
      tacitOutcome: 'none',
    };
    const otherAgency = await submitForm(browser, url, blank, 0, { ...fields, agency: 'GAMLP' });
    assert.equal(otherAgency.status, 400);
    assert.match(await otherAgency.text(), /href="#campo-agency"/);
    const missing = await submitForm(browser, url, blank, 0, { ...fields, name: '', steps: '' });
    const missingHtml = await missing.text();
    assert.match(missingHtml, /href="#campo-name"/);
    assert.match(missingHtml, /href="#campo-steps"/);
    const created = await submitForm(browser, url, blank, 0, fields);
    assert.equal(created.status, 303);
    const page = await (await browser.request(new URL(created.headers.get('location')!, url).toString())).text();
    assert.match(page, /Borrador guardado/);
    assert.match(page, /Publicar la versión 1/);
    assert.equal((await api('/api/v1/procedures/duplicado-de-cedula-de-identidad')).status, 404, 'a draft is not public');
    const { rows } = await sql<{ fee_amount: string; agency_code: string }>`
      SELECT v.fee_amount, p.agency_code FROM catalog.procedure p JOIN catalog.procedure_version v ON v.procedure_id = p.id
      WHERE p.slug = 'duplicado-de-cedula-de-identidad'`.execute(t.app.tambo.deps.db);
    assert.deepEqual(rows, [{ fee_amount: '17.00', agency_code: 'SEGIP' }]);
  });
});

/** Every field of the form at `index` as the browser would send it (text, textareas, selected and checked values). */
function formFields(html: string, index: number): Array<[string, string]> {
  const form = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)][index]?.[1] ?? '';
  const decode = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  const fields: Array<[string, string]> = [];
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    const type = attr(tag, 'type') ?? 'text';
    if (!name || ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(tag))) continue;
    fields.push([name, decode(attr(tag, 'value') ?? '')]);
  }
  for (const [, open, text] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) fields.push([attr(open!, 'name')!, decode(text!)]);
  for (const [, open, options] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const selected = /<option\b[^>]*value="([^"]*)"[^>]*\bselected\b/.exec(options!);
    fields.push([attr(open!, 'name')!, decode(selected?.[1] ?? '')]);
  }
  return fields;
}

/** Submits the form at `index` with some fields changed, as a browser would. */
async function submitForm(browser: HttpSession, url: string, html: string, index: number, changes: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams(formFields(html, index).filter(([name]) => !(name in changes)));
  for (const [name, value] of Object.entries(changes)) body.append(name, value);
  return browser.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

function formCsrf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}
