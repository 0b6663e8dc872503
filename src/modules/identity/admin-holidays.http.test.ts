// /admin/feriados: platform administrators list and add holidays declared by decree; every
// legal time limit counts them at once. Each test uses dates of its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays, listHolidays } from '../../platform/country/holidays.ts';
import { ADMIN, CITIZEN, OFFICIAL, auditEntries, createPerson, getPage, portalSession, postForm, seededTestApp } from './admin.test-helpers.ts';

const app = seededTestApp();

const holiday = (day: string, month: string, year: string, name: string, decree: string) => ({ 'date-day': day, 'date-month': month, 'date-year': year, name, decree });

describe('holidays by decree page', () => {
  it('is for platform administrators only: others get 403 and add nothing', async () => {
    const t = app();
    const agencyAdmin = await createPerson(t.app.tambo.deps, { level: 'sustancial', roles: [{ agencyCode: 'SEGIP', role: 'agency_admin' }] });
    for (const session of [await portalSession(t.baseUrl, OFFICIAL), await portalSession(t.baseUrl, CITIZEN), await portalSession(t.baseUrl, agencyAdmin)]) {
      assert.equal((await getPage(session, `${t.baseUrl}/admin/feriados`)).status, 403);
      assert.equal((await postForm(session, t.baseUrl, '/admin/feriados', holiday('3', '3', '2031', 'Intruso', 'D.S. 1'))).status, 403);
    }
    assert.deepEqual(await listHolidays(t.app.tambo.deps.db, 'bo', { from: '2031-01-01', to: '2031-12-31' }), []);
  });

  it('is linked from the administration home for platform administrators only', async () => {
    const t = app();
    assert.match((await getPage(await portalSession(t.baseUrl, ADMIN), `${t.baseUrl}/admin`)).html, /href="\/admin\/feriados"/);
    assert.doesNotMatch((await getPage(await portalSession(t.baseUrl, OFFICIAL), `${t.baseUrl}/admin`)).html, /href="\/admin\/feriados"/);
  });

  it('adds a holiday (audited) and a due date computed with dueAt moves past it', async () => {
    const t = app();
    const db = t.app.tambo.deps.db;
    const country = t.app.tambo.deps.country;
    // Friday 2026-12-04 15:00 in La Paz + 3 business days: Wednesday 9 December, end of day.
    const filed = new Date('2026-12-04T19:00:00Z');
    assert.equal(dueAt(country, await decreedHolidays(db, 'bo'), filed, { businessDays: 3 }).toISOString(), '2026-12-10T03:59:59.999Z');

    const admin = await portalSession(t.baseUrl, ADMIN);
    const added = await postForm(admin, t.baseUrl, '/admin/feriados', holiday('8', '12', '2026', 'Feriado de prueba', 'D.S. 5123 de 2 de diciembre de 2026'));
    assert.equal(added.status, 303);
    assert.equal(added.location, '/admin/feriados?anio=2026&hecho=feriado');
    const listed = await getPage(admin, `${t.baseUrl}${added.location}`);
    assert.match(listed.html, /El feriado fue añadido/);
    assert.match(listed.html, /<time datetime="2026-12-08">[^<]*8 de diciembre de 2026<\/time><\/th><td[^>]*>Feriado de prueba<\/td><td[^>]*>D\.S\. 5123 de 2 de diciembre de 2026</);

    // Now Tuesday 8 December does not count: Thursday 10 December, end of day.
    assert.equal(dueAt(country, await decreedHolidays(db, 'bo'), filed, { businessDays: 3 }).toISOString(), '2026-12-11T03:59:59.999Z');
    const [entry] = await auditEntries(db, 'platform.holiday_added', 'bo:2026-12-08');
    assert.equal(entry?.actor_type, 'admin');
    assert.deepEqual(entry?.data, { name: 'Feriado de prueba', decree: 'D.S. 5123 de 2 de diciembre de 2026' });
  });

  it('keeps what was typed on errors, and refuses a second holiday on the same date', async () => {
    const t = app();
    const admin = await portalSession(t.baseUrl, ADMIN);
    const bad = await postForm(admin, t.baseUrl, '/admin/feriados', holiday('31', '2', '2030', 'Día imposible', ''));
    assert.equal(bad.status, 400);
    assert.match(bad.html, /href="#campo-date"/);
    assert.match(bad.html, /href="#campo-decree"/);
    assert.doesNotMatch(bad.html, /href="#campo-name"/);
    assert.match(bad.html, /value="31"/);
    assert.match(bad.html, /value="Día imposible"/);
    assert.match(bad.html, /Escriba una fecha real/);

    assert.equal((await postForm(admin, t.baseUrl, '/admin/feriados', holiday('14', '6', '2030', 'Primero', 'D.S. 7001'))).status, 303);
    const twice = await postForm(admin, t.baseUrl, '/admin/feriados', holiday('14', '6', '2030', 'Segundo', 'D.S. 7002'));
    assert.equal(twice.status, 400);
    assert.match(twice.html, /Ya hay un feriado decretado en esa fecha/);
    assert.match(twice.html, /value="Segundo"/);
    assert.deepEqual(
      (await listHolidays(t.app.tambo.deps.db, 'bo', { from: '2030-01-01', to: '2030-12-31' })).map((h) => [h.date, h.name]),
      [['2030-06-14', 'Primero']],
    );
  });

  it('40 identical requests in parallel add the holiday once; the others are told it exists', async () => {
    const t = app();
    const admin = await portalSession(t.baseUrl, ADMIN);
    const results = await Promise.all(Array.from({ length: 40 }, () => postForm(admin, t.baseUrl, '/admin/feriados', holiday('21', '9', '2032', 'Feriado repetido', 'D.S. 9101'))));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual([statuses.filter((s) => s === 303).length, statuses.filter((s) => s === 400).length], [1, 39], statuses.join(','));
    assert.deepEqual(
      (await listHolidays(t.app.tambo.deps.db, 'bo', { from: '2032-01-01', to: '2032-12-31' })).map((h) => h.date),
      ['2032-09-21'],
    );
  });

  it('lists the holidays of the year asked, with links to the years around it', async () => {
    const t = app();
    const admin = await portalSession(t.baseUrl, ADMIN);
    assert.equal((await postForm(admin, t.baseUrl, '/admin/feriados', holiday('2', '1', '2029', 'Año de prueba', 'D.S. 8001'))).status, 303);
    const year = await getPage(admin, `${t.baseUrl}/admin/feriados?anio=2029`);
    assert.equal(year.status, 200);
    assert.match(year.html, /Año de prueba/);
    assert.match(year.html, /href="\/admin\/feriados\?anio=2028"/);
    assert.match(year.html, /href="\/admin\/feriados\?anio=2030"/);
    const other = await getPage(admin, `${t.baseUrl}/admin/feriados?anio=2028`);
    assert.doesNotMatch(other.html, /Año de prueba/);
    assert.match(other.html, /No hay feriados decretados en 2028/);
  });
});
