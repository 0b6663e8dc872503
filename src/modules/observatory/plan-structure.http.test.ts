// A plan's structure edited by form over real HTTP: the plan's administrator adds a strategic
// line and an indicator under it (both then on the public plan page, audited); bad input comes
// back with the error summary linked to the fields and the input kept; anyone else gets 403;
// a burst of identical submissions adds one line and one indicator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { ensurePlans, type PlanSpec } from './index.ts';

let t: TestApp & { baseUrl: string };
const deps = () => t.app.tambo.deps;
const YEAR = new Date().getUTCFullYear();
const PLAN: PlanSpec = {
  id: '019a1800-0000-7000-8000-0000000000ee',
  code: 'plan-estructura',
  title: 'Plan de estructura',
  description: 'Un plan para las pruebas de estructura.',
  ownerAgency: 'AGETIC',
  startYear: YEAR - 1,
  endYear: YEAR + 3,
  lines: [],
};

async function official(roles: Array<{ role: string; agencyCode: string }>): Promise<HttpSession> {
  const email = `est-${Math.random().toString(36).slice(2)}@prueba.bo`;
  await testAccount(deps(), { documentNumber: newDocument(), givenName: 'Juana', familyName: 'Quispe', email, roles });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.equal(signed.status, 200, signed.html.slice(0, 300));
  return browser;
}

const formIndex = (html: string, suffix: string) => formsIn(html).findIndex((f) => f.action.endsWith(suffix));
const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(deps().db)).rows[0]!.n);

before(async () => {
  t = await listenTestApp();
  await ensurePlans(deps(), [PLAN]);
});
after(async () => t.close());

describe('plan structure', () => {
  it("the plan's administrator adds a line and an indicator; field errors; 403; a burst adds one", async () => {
    const url = `${t.baseUrl}/observatorio/planes/${PLAN.code}/estructura`;
    const admin = await official([{ role: 'plan_admin', agencyCode: 'AGETIC' }]);
    const other = await official([{ role: 'plan_admin', agencyCode: 'SEGIP' }]);
    assert.equal((await other.request(url)).status, 403, "another agency's plan administrator may not");
    let html = await (await admin.request(url)).text();
    assert.equal(formIndex(html, '/estructura/indicadores'), -1, 'no line yet: no indicator form');

    const bad = await admin.submit(url, html, { axis: 'Gobierno Abierto', title: 'x' }, formIndex(html, '/estructura/lineas'));
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /href="#campo-title"/);
    assert.match(badHtml, /value="Gobierno Abierto"/, 'the input is kept');
    const forbidden = await other.submit(url, html, { axis: '', title: 'Línea ajena' }, formIndex(html, '/estructura/lineas'));
    assert.equal(forbidden.status, 403);

    const line = { axis: 'Gobierno Abierto', title: '14. Participación ciudadana digital' };
    const burst = await Promise.all(Array.from({ length: 20 }, () => admin.submit(url, html, line, formIndex(html, '/estructura/lineas'))));
    assert.deepEqual([...new Set(burst.map((r) => r.status))], [303]);
    assert.equal(await count(sql<{ n: string }>`SELECT count(*) AS n FROM observatory.line WHERE plan_id = ${PLAN.id}`), 1, 'one line');
    assert.equal(await count(sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'observatory.line_added' AND subject_id = ${PLAN.id}`), 1);

    html = await (await admin.request(url)).text();
    const lineId = /<option value="([0-9a-f-]{36})"/.exec(html)![1]!;
    const indicatorForm = formIndex(html, '/estructura/indicadores');
    const fields = { line: lineId, name: 'Consultas ciudadanas en línea', unit: 'count', baseline: '2', target: '40', targetYear: String(YEAR + 3) };
    const badIndicator = await admin.submit(url, html, { ...fields, baseline: 'mucho', targetYear: String(YEAR + 9) }, indicatorForm);
    assert.equal(badIndicator.status, 400);
    const badIndicatorHtml = await badIndicator.text();
    assert.match(badIndicatorHtml, /href="#campo-baseline"/);
    assert.match(badIndicatorHtml, /href="#campo-targetYear"/);
    assert.match(badIndicatorHtml, /value="mucho"/, 'the input is kept');
    assert.equal((await other.submit(url, html, fields, indicatorForm)).status, 403);

    const indicatorBurst = await Promise.all(Array.from({ length: 20 }, () => admin.submit(url, html, fields, indicatorForm)));
    assert.deepEqual([...new Set(indicatorBurst.map((r) => r.status))], [303]);
    assert.equal(await count(sql<{ n: string }>`SELECT count(*) AS n FROM observatory.indicator WHERE plan_id = ${PLAN.id}`), 1, 'one indicator');
    assert.equal(await count(sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'observatory.indicator_added' AND data->>'plan' = ${PLAN.code}`), 1);

    const planPage = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`)).text();
    assert.match(planPage, /14\. Participación ciudadana digital/);
    assert.match(planPage, /Consultas ciudadanas en línea/);
    assert.match(planPage, new RegExp(`>40 en ${YEAR + 3}<`), 'the target shows');

    // Different lines at the same moment all land, each at its own position (the plan is locked while one is added).
    const lineForm = formIndex(html, '/estructura/lineas');
    const different = await Promise.all(Array.from({ length: 5 }, (_, i) => admin.submit(url, html, { axis: 'Gobierno Abierto', title: `Línea simultánea ${i + 1}` }, lineForm)));
    assert.deepEqual([...new Set(different.map((r) => r.status))], [303]);
    assert.equal(await count(sql<{ n: string }>`SELECT count(DISTINCT position) AS n FROM observatory.line WHERE plan_id = ${PLAN.id}`), 6, 'six lines, six positions');
  });
});
