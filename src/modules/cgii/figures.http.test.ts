// Median times to first response and to containment on the public bulletin: fixture incidents in
// two past months, at entities of two levels and one outside the register, whose medians are
// worked out by hand below; an incident older than twelve months and one without a response are
// left out. The bulletin shows them as two SVG charts beside their tables.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { readPage } from './cgii.test-helpers.ts';
import { responseTimeFigures } from './figures.service.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp();
});
after(async () => {
  await t?.close();
});

const HOUR = 3_600_000;
/** The 10th of the month `back` months before now, 15:00 UTC (the same month on the country's clock). */
function monthsAgo(back: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 10, 15));
}
const key = (d: Date) => d.toISOString().slice(0, 7);

async function incident(agency: string, reportedAt: Date, firstHours: number | null, containHours: number | null) {
  const id = randomUUID();
  const at = (h: number | null) => (h === null ? null : new Date(reportedAt.getTime() + h * HOUR));
  await sql`
    INSERT INTO cgii.incident (id, code, agency_code, reported_by, reported_via, title, description, detected_at, reported_at, category, severity, tlp,
      first_response_due, containment_due, closure_due, first_response_at, contained_at)
    VALUES (${id}, ${`T-${id.slice(0, 8)}`}, ${agency}, 'prueba', 'web', 'Prueba', 'Incidente de prueba', ${reportedAt}, ${reportedAt}, 'other/other', 'high', 'amber',
      ${reportedAt}, ${reportedAt}, ${reportedAt}, ${at(firstHours)}, ${at(containHours)})`.execute(t.app.tambo.deps.db);
}

it('computes the medians by month and by entity level, and shows them as charts with their tables', async () => {
  const deps = t.app.tambo.deps;
  await sql`
    INSERT INTO agencies.agency (code, country, name, acronym, kind, level) VALUES
      ('TST-MIN', ${deps.country.code}, 'Ministerio de Prueba', 'MP', 'national', 'ministry'),
      ('TST-MUN', ${deps.country.code}, 'Municipio de Prueba', 'MUN', 'municipal', 'municipal')`.execute(deps.db);
  const m1 = monthsAgo(2);
  const m2 = monthsAgo(1);
  // m1, central: first 1, 3, 8 → 3; containment 4, 10 → 7.
  await incident('TST-MIN', m1, 1, 4);
  await incident('TST-MIN', m1, 3, 10);
  await incident('TST-MIN', m1, 8, null);
  // m2: territorial first 2, 6 and containment 6, 20; outside the register first 0.5.
  // m2 first: 0.5, 2, 6 → 2; containment 6, 20 → 13.
  await incident('TST-MUN', m2, 2, 6);
  await incident('TST-MUN', m2, 6, 20);
  await incident('NO-REGISTRADA', m2, 0.5, null);
  await incident('TST-MIN', m2, null, null); // no response yet: not counted
  await incident('TST-MIN', monthsAgo(14), 100, 200); // older than twelve months

  const figures = await responseTimeFigures(deps);
  assert.deepEqual(figures.months, [
    { key: key(m1), firstResponse: 3, firstResponseCount: 3, containment: 7, containmentCount: 2 },
    { key: key(m2), firstResponse: 2, firstResponseCount: 3, containment: 13, containmentCount: 2 },
  ]);
  // central: first 1, 3, 8 → 3, containment 4, 10 → 7; territorial: first 2, 6 → 4, containment 6, 20 → 13.
  assert.deepEqual(figures.sectors, [
    { key: 'central', firstResponse: 3, firstResponseCount: 3, containment: 7, containmentCount: 2 },
    { key: 'territorial', firstResponse: 4, firstResponseCount: 2, containment: 13, containmentCount: 2 },
    { key: 'other', firstResponse: 0.5, firstResponseCount: 1, containment: null, containmentCount: 0 },
  ]);

  const page = await readPage(t, new HttpSession(), '/cgii/boletines');
  assert.equal(page.status, 200);
  const byMonth = page.html.slice(page.html.indexOf('id="tiempos-por-mes"'), page.html.indexOf('id="tiempos-por-sector"'));
  assert.ok(byMonth.includes(key(m1)) && byMonth.includes('3 h (3 incidentes)') && byMonth.includes('13 h (2 incidentes)'), byMonth);
  const bySector = page.html.slice(page.html.indexOf('id="tiempos-por-sector"'));
  assert.ok(bySector.includes('Entidades territoriales autónomas') && bySector.includes('4 h (2 incidentes)') && bySector.includes('0,5 h (1 incidente)'), bySector.slice(0, 3000));
  assert.equal((page.html.match(/<svg[^>]*role="img"/g) ?? []).length, 2, 'two charts');
  assert.ok(page.html.includes('Mediana de horas hasta la contención, por mes</title>'));
  assert.ok(page.html.includes(`${key(m2)}: 13 h`), 'the chart describes its figures');
});
