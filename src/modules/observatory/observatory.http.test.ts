// The Observatorio over real HTTP: a computed indicator follows the platform's figures (a
// stat recorded and folded, then the API, the page and the CSV read it); an entity's official
// files the yearly report and its figure becomes the reported indicator's value; only the
// entity's own officials may file (another entity's report is refused, a burst of identical
// reports files one); the plan's administrators edit an indicator (field errors, the input
// kept, audited) and nobody else may; the yearly job keeps the computed values' history.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { foldStats, recordStat } from '../../platform/stats/stats.ts';
import type { StatRef } from '../../platform/stats/stats.types.ts';
import { ensurePlans, snapshotYear, type PlanSpec } from './index.ts';

let t: TestApp & { baseUrl: string };
const deps = () => t.app.tambo.deps;
const YEAR = new Date().getUTCFullYear();

const PLAN: PlanSpec = {
  id: '019a1800-0000-7000-8000-0000000000aa',
  code: 'plan-prueba',
  title: 'Plan de prueba',
  description: 'Un plan para las pruebas.',
  ownerAgency: 'AGETIC',
  startYear: YEAR - 5,
  endYear: YEAR + 2,
  lines: [
    {
      axis: 'Gobierno Eficiente',
      title: '11. Calidad de los servicios públicos',
      goals: [
        {
          title: 'Reclamos respondidos en plazo.',
          indicators: [
            {
              code: 'reclamos-en-plazo',
              name: 'Reclamos respondidos en plazo legal',
              unit: 'percent',
              baseline: 0,
              formula: { numerator: { stat: 'reports.answered_in_time' }, denominator: { stat: 'reports.received' }, scale: 100 },
              responsibleAgency: 'AGETIC',
              observatory: true,
              targets: { [YEAR + 2]: 100 },
            },
          ],
        },
      ],
    },
    {
      axis: 'Gobierno Abierto',
      title: '13. Transparencia y datos abiertos',
      goals: [
        {
          title: 'Entidades con datos abiertos.',
          indicators: [{ code: 'entidades-datos', name: 'Instituciones con datos abiertos', unit: 'count', baseline: 0, responsibleAgency: 'AGETIC', observatory: true, targets: { [YEAR + 2]: 60 } }],
        },
      ],
    },
  ],
};

function reportsStat(name: string): StatRef {
  return t.app.tambo.modules.find((m) => m.name === 'reports')!.stats![name]!;
}

async function record(name: string, n: number) {
  for (let i = 0; i < n; i += 1) await recordStat(deps().db, reportsStat(name), { territory: ['BO-L'], agency: 'SEGIP', category: 'baches' });
  await foldStats(deps().db, { timeZones: [deps().country.timeZone] });
}

async function indicatorsApi(): Promise<Record<string, { value: number | null; progress: number | null }>> {
  const response = await fetch(`${t.baseUrl}/api/v1/plans/${PLAN.id}/indicators`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { items: Array<{ indicator: string; value: number | null; progress: number | null }> };
  return Object.fromEntries(body.items.map((i) => [i.indicator, i]));
}

/** A signed-in browser of a new person holding these roles. */
async function official(roles: Array<{ role: string; agencyCode: string }>): Promise<HttpSession> {
  const email = `obs-${Math.random().toString(36).slice(2)}@prueba.bo`;
  await testAccount(deps(), { documentNumber: newDocument(), givenName: 'Rosa', familyName: 'Mamani', email, roles });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.equal(signed.status, 200, signed.html.slice(0, 300));
  return browser;
}

before(async () => {
  t = await listenTestApp();
  await ensurePlans(deps(), [PLAN]);
});
after(async () => t.close());

describe('observatory', () => {
  it('a computed indicator follows the figures: recorded, folded, read by the API, the page and the CSV', async () => {
    assert.equal((await indicatorsApi())['reclamos-en-plazo']!.value, null, 'no reports yet: no figure');
    await record('received', 10);
    await record('answered_in_time', 5);
    let api = await indicatorsApi();
    assert.equal(api['reclamos-en-plazo']!.value, 50);
    assert.equal(api['reclamos-en-plazo']!.progress, 0.5);
    await record('answered_in_time', 3);
    api = await indicatorsApi();
    assert.equal(api['reclamos-en-plazo']!.value, 80);

    const page = await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /Reclamos respondidos en plazo legal/);
    assert.match(html, /80 %/, 'the value in the table');
    assert.match(html, /<svg[^>]*role="img"[^>]*aria-label="80 % del camino a la meta"/, 'the progress bar is named with its figure');

    const csv = await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}/indicadores.csv`);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.ok(lines[0]!.startsWith('plan,line,goal,indicator'));
    assert.ok(lines.some((l) => l.includes(',reclamos-en-plazo,') && l.includes(',80,')));

    const unknown = await fetch(`${t.baseUrl}/api/v1/plans/019a1800-0000-7000-8000-0000000000ff/indicators`);
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code: string }).code, 'OBSERVATORY_NOT_FOUND');
    assert.equal((await fetch(`${t.baseUrl}/api/v1/plans/no-es-un-id/indicators`)).status, 400);
    assert.equal((await fetch(`${t.baseUrl}/observatorio/planes/no-existe`)).status, 404);
    const plans = (await (await fetch(`${t.baseUrl}/api/v1/plans`)).json()) as { items: Array<{ id: string }> };
    assert.ok(plans.items.some((p) => p.id === PLAN.id));
    const openData = (await (await fetch(`${t.baseUrl}/api/v1/open-data/observatory.indicators`)).json()) as { items: Array<{ indicator: string; value: number }> };
    assert.equal(openData.items.find((i) => i.indicator === 'reclamos-en-plazo')!.value, 80);
  });

  it("an entity's official files the yearly report; its figure is the reported indicator's value; another entity's report is refused; a burst files one", async () => {
    const browser = await official([{ role: 'plan_reporter', agencyCode: 'AGETIC' }]);
    const formUrl = `${t.baseUrl}/observatorio/planes/${PLAN.code}/informe`;
    const form = await browser.request(formUrl);
    const formHtml = await form.text();
    assert.equal(form.status, 200);
    assert.match(formHtml, /Instituciones con datos abiertos/, 'the reported indicator it answers for');

    // Bad input: an error summary linked to the field, the input kept.
    const bad = await browser.submit(formUrl, formHtml, { year: '1990', 'done-1': 'Publicamos 12 conjuntos.', 'figure-entidades-datos': 'muchas' });
    const badHtml = await bad.text();
    assert.equal(bad.status, 400);
    assert.match(badHtml, /href="#campo-year"/);
    assert.match(badHtml, /Publicamos 12 conjuntos\./);

    // Another entity's report: refused.
    const other = await browser.submit(formUrl, formHtml.replace('informe?entidad=AGETIC', 'informe?entidad=SEGIP'), { year: String(YEAR - 1), 'done-1': 'Nada.' });
    assert.equal(other.status, 403);

    // A burst of the same report: one is filed, the others are told it exists.
    const fields = { year: String(YEAR - 1), 'done-2': 'Publicamos 12 conjuntos de datos.', 'evidence-2': 'https://datos.gob.bo', 'figure-entidades-datos': '34' };
    const burst = await Promise.all(Array.from({ length: 12 }, () => browser.submit(formUrl, formHtml, fields)));
    const statuses = burst.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 303).length, 1, statuses.join(','));
    assert.ok(
      statuses.every((s) => s === 303 || s === 409),
      statuses.join(','),
    );
    const refused = burst.find((r) => r.status === 409)!;
    assert.match(await refused.text(), /Su entidad ya presentó el informe de/, 'said on the form, next to the year');
    const rows = await sql<{ n: string }>`SELECT count(*) AS n FROM observatory.yearly_report WHERE plan_id = ${PLAN.id}`.execute(deps().db);
    assert.equal(Number(rows.rows[0]!.n), 1);
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'observatory.report_filed'`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1);

    assert.equal((await indicatorsApi())['entidades-datos']!.value, 34);
    const history = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}/indicadores/entidades-datos`)).text();
    assert.match(history, /Informe anual de la entidad/);
    const page = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`)).text();
    assert.match(page, /Publicamos 12 conjuntos de datos\./, 'the public page shows the report');

    // "Mis datos": the report they filed, kept.
    const mine = await (await browser.request(`${t.baseUrl}/cuenta/mis-datos/descargar`)).text();
    assert.match(mine, /Informes anuales que presentó/);
    assert.match(mine, new RegExp(`"plan-prueba"[^}]*"AGETIC"[^}]*${YEAR - 1}`));

    // A person without the role may not even see the form.
    const stranger = await official([]);
    assert.equal((await stranger.request(formUrl)).status, 403);
  });

  it("the plan's administrators edit an indicator (field errors, audited); others may not; the yearly job keeps the history", async () => {
    const admin = await official([{ role: 'plan_admin', agencyCode: 'AGETIC' }]);
    const url = `${t.baseUrl}/observatorio/planes/${PLAN.code}/indicadores/reclamos-en-plazo/editar`;
    const page = await admin.request(url);
    const html = await page.text();
    assert.equal(page.status, 200);

    const fields = {
      name: 'Reclamos respondidos en plazo legal',
      unit: 'percent',
      direction: 'increase',
      baseline: '0',
      baselineYear: '',
      formula: JSON.stringify(PLAN.lines[0]!.goals[0]!.indicators[0]!.formula),
      responsibleAgency: 'AGETIC',
      targetYear: String(YEAR + 2),
      target: '100',
    };
    const bad = await admin.submit(url, html, { ...fields, formula: '{"numerator":{"stat":"reports.no_such"}}', target: 'x' });
    const badHtml = await bad.text();
    assert.equal(bad.status, 400);
    assert.match(badHtml, /href="#campo-formula"/);
    assert.match(badHtml, /href="#campo-target"/);
    assert.match(badHtml, /reports\.no_such/, 'the input is kept');

    const good = await admin.submit(url, html, { ...fields, target: '90' });
    assert.equal(good.status, 303);
    assert.equal((await indicatorsApi())['reclamos-en-plazo']!.progress, Math.round((80 / 90) * 1000) / 1000);
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'observatory.indicator_edited'`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1);

    const reporter = await official([
      { role: 'plan_reporter', agencyCode: 'AGETIC' },
      { role: 'plan_admin', agencyCode: 'SEGIP' },
    ]);
    assert.equal((await reporter.request(url)).status, 403, "an administrator of another agency's plans may not");
    const evaluationUrl = `${t.baseUrl}/observatorio/planes/${PLAN.code}/evaluaciones`;
    assert.equal((await reporter.request(evaluationUrl)).status, 403);

    // An evaluation note, kept beside the reports.
    const evaluationHtml = await (await admin.request(evaluationUrl)).text();
    const short = await admin.submit(evaluationUrl, evaluationHtml, { kind: 'mid_term', year: String(YEAR), note: 'Corto.' });
    assert.equal(short.status, 400);
    assert.match(await short.text(), /href="#campo-note"/);
    const noted = await admin.submit(evaluationUrl, evaluationHtml, { kind: 'mid_term', year: String(YEAR), note: 'A medio término, la meta de reclamos en plazo avanza según lo previsto.' });
    assert.equal(noted.status, 303);
    const planPage = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`)).text();
    assert.match(planPage, new RegExp(`Evaluación de medio término \\(${YEAR}\\)`));
    assert.match(planPage, /avanza según lo previsto/);

    await snapshotYear(deps(), YEAR);
    await record('received', 10);
    const history = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}/indicadores/reclamos-en-plazo`)).text();
    assert.match(history, /En vivo/, 'this year is live');
    const kept = await sql<{
      value: string;
    }>`SELECT v.value FROM observatory.yearly_value v JOIN observatory.indicator i ON i.id = v.indicator_id WHERE i.code = 'reclamos-en-plazo' AND v.year = ${YEAR} AND v.origin = 'snapshot'`.execute(
      deps().db,
    );
    assert.equal(Number(kept.rows[0]!.value), 80, 'the snapshot kept the value of its moment');
  });

  it('evidence files go with the report (checked by content) and the public page links them', async () => {
    const browser = await official([{ role: 'plan_reporter', agencyCode: 'SEGIP' }]);
    const formUrl = `${t.baseUrl}/observatorio/planes/${PLAN.code}/informe`;
    const html = await (await browser.request(formUrl)).text();
    const csrf = formsIn(html)[0]!.hidden._csrf!;
    const send = (file: { name: string; type: string; bytes: Buffer }) => {
      const body = new FormData();
      body.set('_csrf', csrf);
      body.set('year', String(YEAR - 1));
      body.set('done-1', 'Atendimos reclamos en las oficinas de El Alto.');
      body.append('files-1', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      return browser.request(formUrl, { method: 'POST', body });
    };
    // A file that is not what it says: refused by content, next to its input, the text kept.
    const fake = await send({ name: 'acta.pdf', type: 'application/pdf', bytes: Buffer.from('no soy un PDF') });
    const fakeHtml = await fake.text();
    assert.equal(fake.status, 400);
    assert.match(fakeHtml, /href="#campo-files-1"/);
    assert.match(fakeHtml, /Atendimos reclamos en las oficinas de El Alto\./);

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const filed = await send({ name: 'acta de entrega.pdf', type: 'application/pdf', bytes: pdf });
    assert.equal(filed.status, 303);
    const page = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`)).text();
    const link = /href="(\/observatorio\/informes\/[0-9a-f-]+\/archivos\/0)"/.exec(page)?.[1];
    assert.ok(link, 'the public page links the evidence file');
    const file = await fetch(`${t.baseUrl}${link}`);
    assert.equal(file.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);
  });
});
