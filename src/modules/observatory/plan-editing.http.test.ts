// Editing a plan's structure over real HTTP (issue #18): the plan's administrator renames a line,
// moves lines, adds and edits goals, retires an indicator (off the plan page and the open data,
// its history kept) and a line (refused while one of its indicators is active). Field errors come
// back in the summary linked to the fields with the input kept; anyone else gets 403; bursts of
// 20 identical or crossing requests keep the positions 1..n and audit each effective change once.
// The JSON API (PATCH /api/v1/plans/{id}/lines/{line}, scope observatory:plans) renames a line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount, userAccessToken } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { ensurePlans, type PlanSpec } from './index.ts';

let t: TestApp & { baseUrl: string };
const deps = () => t.app.tambo.deps;
const YEAR = new Date().getUTCFullYear();
const PLAN_ID = '019a1800-0000-7000-8000-0000000000ed';
const indicator = (code: string, name: string) => ({ code, name, unit: 'count' as const, responsibleAgency: 'AGETIC', baseline: 1, targets: { [String(YEAR + 2)]: 10 } });
const PLAN: PlanSpec = {
  id: PLAN_ID,
  code: 'plan-edicion',
  title: 'Plan de edición',
  description: 'Un plan para las pruebas de edición.',
  ownerAgency: 'AGETIC',
  startYear: YEAR - 2,
  endYear: YEAR + 2,
  lines: [
    { axis: 'Eje A', title: 'Línea uno', goals: [{ title: 'Meta de la línea uno', indicators: [indicator('ventanillas-digitales', 'Ventanillas digitales abiertas')] }] },
    { axis: 'Eje A', title: 'Línea dos', goals: [{ title: 'Meta de la línea dos', indicators: [] }] },
    { axis: 'Eje B', title: 'Línea tres', goals: [{ title: 'Meta de la línea tres', indicators: [indicator('firmas-digitales', 'Firmas digitales emitidas')] }] },
    { axis: 'Eje B', title: 'Línea cuatro', goals: [{ title: 'Meta de la línea cuatro', indicators: [] }] },
  ],
};
const STRUCTURE = `/observatorio/planes/${PLAN.code}/estructura`;

async function official(roles: Array<{ role: string; agencyCode: string }>): Promise<HttpSession> {
  const email = `edi-${Math.random().toString(36).slice(2)}@prueba.bo`;
  await testAccount(deps(), { documentNumber: newDocument(), givenName: 'Juana', familyName: 'Quispe', email, roles });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.equal(signed.status, 200, signed.html.slice(0, 300));
  return browser;
}

const formIndex = (html: string, match: (f: { action: string; hidden: Record<string, string> }) => boolean) => {
  const index = formsIn(html).findIndex(match);
  assert.notEqual(index, -1, 'the form is on the page');
  return index;
};
const bySuffix = (suffix: string) => (f: { action: string }) => f.action.endsWith(suffix);
const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(deps().db)).rows[0]!.n);
const audits = (action: string) => count(sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = ${action} AND (subject_id = ${PLAN_ID} OR data->>'plan' = ${PLAN.code})`);
async function lines(): Promise<Array<{ id: string; title: string; position: number; retired: boolean }>> {
  const found = await sql<{ id: string; title: string; position: number; retired: boolean }>`
    SELECT id, title, position, retired_at IS NOT NULL AS retired FROM observatory.line WHERE plan_id = ${PLAN_ID} ORDER BY position`.execute(deps().db);
  return found.rows;
}
const lineId = async (title: string) => (await lines()).find((l) => l.title === title)!.id;
async function assertSequence(expected: number): Promise<void> {
  const active = (await lines()).filter((l) => !l.retired);
  assert.deepEqual(
    active.map((l) => l.position),
    Array.from({ length: expected }, (_, i) => i + 1),
    'the active lines hold 1..n',
  );
  assert.ok(
    (await lines()).filter((l) => l.retired).every((l) => l.position < 0),
    'retired lines are out of the sequence',
  );
}

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await ensurePlans(deps(), [PLAN]);
});
after(async () => t.close());

describe('plan editing', () => {
  it('renames a line and edits and adds goals: field errors, 403, bursts counted once', async () => {
    const admin = await official([{ role: 'plan_admin', agencyCode: 'AGETIC' }]);
    const other = await official([{ role: 'plan_admin', agencyCode: 'SEGIP' }]);
    const url = `${t.baseUrl}${STRUCTURE}/lineas/${await lineId('Línea dos')}`;
    assert.equal((await other.request(url)).status, 403, "another agency's plan administrator may not see the line's page");
    const listing = await (await admin.request(`${t.baseUrl}${STRUCTURE}`)).text();
    assert.match(listing, new RegExp(`href="${STRUCTURE}/lineas/[0-9a-f-]{36}">Línea dos<`), 'the structure page links each line');
    let html = await (await admin.request(url)).text();
    const lineForm = formIndex(html, (f) => f.action === `${STRUCTURE}/lineas/${url.split('/').at(-1)}`);

    const bad = await admin.submit(url, html, { axis: 'Eje C', title: 'x' }, lineForm);
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /href="#campo-title"/);
    assert.match(badHtml, /value="Eje C"/, 'the input is kept');
    const taken = await admin.submit(url, html, { axis: 'Eje A', title: 'Línea tres' }, lineForm);
    assert.equal(taken.status, 400, 'another line has the title');
    assert.match(await taken.text(), /Otra línea del plan ya tiene este título/);
    assert.equal((await other.submit(url, html, { axis: 'Eje A', title: 'Línea ajena' }, lineForm)).status, 403);

    const renamed = { axis: 'Eje C', title: 'Línea dos: datos abiertos' };
    const burst = await Promise.all(Array.from({ length: 20 }, () => admin.submit(url, html, renamed, lineForm)));
    assert.deepEqual([...new Set(burst.map((r) => r.status))], [303]);
    assert.equal(await audits('observatory.line_edited'), 1, 'one audit entry for one change');
    const planPage = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`)).text();
    assert.match(planPage, /Línea dos: datos abiertos/);

    html = await (await admin.request(url)).text();
    const addForm = formIndex(html, bySuffix('/metas'));
    const badGoal = await admin.submit(url, html, { newGoal: 'no' }, addForm);
    assert.equal(badGoal.status, 400);
    assert.match(await badGoal.text(), /href="#campo-newGoal"/);
    assert.equal((await other.submit(url, html, { newGoal: 'Meta ajena de la línea' }, addForm)).status, 403);
    const goal = { newGoal: '80% de las entidades publican sus datos abiertos.' };
    const goalBurst = await Promise.all(Array.from({ length: 20 }, () => admin.submit(url, html, goal, addForm)));
    assert.deepEqual([...new Set(goalBurst.map((r) => r.status))], [303]);
    assert.equal(await audits('observatory.goal_added'), 1);
    const goals = await sql<{ position: number; title: string }>`
      SELECT g.position, g.title FROM observatory.goal g JOIN observatory.line l ON l.id = g.line_id WHERE l.title = 'Línea dos: datos abiertos' ORDER BY g.position`.execute(deps().db);
    assert.deepEqual(
      goals.rows.map((g) => [g.position, g.title]),
      [
        [1, 'Meta de la línea dos'],
        [2, goal.newGoal],
      ],
    );

    html = await (await admin.request(url)).text();
    const editForm = formIndex(html, bySuffix('/metas/1'));
    const badEdit = await admin.submit(url, html, { 'goal-1': 'x' }, editForm);
    assert.equal(badEdit.status, 400);
    const badEditHtml = await badEdit.text();
    assert.match(badEditHtml, /href="#campo-goal-1"/);
    assert.match(badEditHtml, /id="campo-goal-1"[^>]*>x</, 'the input is kept');
    const duplicate = await admin.submit(url, html, { 'goal-1': goal.newGoal }, editForm);
    assert.equal(duplicate.status, 400, 'another goal of the line has the text');
    const edited = { 'goal-1': '60% de las entidades publican datos abiertos en 2026.' };
    const editBurst = await Promise.all(Array.from({ length: 20 }, () => admin.submit(url, html, edited, editForm)));
    assert.deepEqual([...new Set(editBurst.map((r) => r.status))], [303]);
    assert.equal(await audits('observatory.goal_edited'), 1);
    assert.match(await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`)).text(), /60% de las entidades publican datos abiertos en 2026\./);
  });

  it('moves lines: a burst of one move moves once; crossing moves keep positions 1..n', async () => {
    const admin = await official([{ role: 'plan_admin', agencyCode: 'AGETIC' }]);
    const url = `${t.baseUrl}${STRUCTURE}`;
    let html = await (await admin.request(url)).text();
    const first = await lineId('Línea uno');
    const down = formIndex(html, (f) => f.action.endsWith(`/${first}/mover`) && f.hidden.direction === 'down');
    const before = await audits('observatory.line_moved');
    const burst = await Promise.all(Array.from({ length: 20 }, () => admin.submit(url, html, {}, down)));
    assert.deepEqual([...new Set(burst.map((r) => r.status))], [303]);
    assert.equal(await audits('observatory.line_moved'), before + 1, 'twenty identical moves from position 1 move once');
    assert.deepEqual(
      (await lines()).map((l) => l.title),
      ['Línea dos: datos abiertos', 'Línea uno', 'Línea tres', 'Línea cuatro'],
    );

    // Every move button of the page at once (each from the position shown): they cross, the plan's lock orders them.
    html = await (await admin.request(url)).text();
    const moves = formsIn(html)
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => f.action.endsWith('/mover'));
    assert.equal(moves.length, 6, 'up and down for the middle lines, one button at each end');
    const crossing = await Promise.all(Array.from({ length: 20 }, (_, k) => admin.submit(url, html, {}, moves[k % moves.length]!.i)));
    assert.deepEqual([...new Set(crossing.map((r) => r.status))], [303]);
    await assertSequence(4);
    const moved = await sql<{
      from: number;
      to: number;
    }>`SELECT (data->>'from')::int AS from, (data->>'to')::int AS to FROM audit.entry WHERE action = 'observatory.line_moved' AND subject_id = ${PLAN_ID} ORDER BY id`.execute(deps().db);
    assert.ok(moved.rows.length > before + 1 && moved.rows.length <= before + 1 + 20, 'each effective move audited');
    assert.ok(moved.rows.every((m) => Math.abs(m.from - m.to) === 1));
  });

  it('retires an indicator (history kept) and a line (refused while an indicator is active); positions stay 1..n', async () => {
    const admin = await official([{ role: 'plan_admin', agencyCode: 'AGETIC' }]);
    const other = await official([{ role: 'plan_admin', agencyCode: 'SEGIP' }]);
    await sql`INSERT INTO observatory.yearly_value (indicator_id, year, value, origin)
      SELECT id, ${YEAR - 1}, 7, 'report' FROM observatory.indicator WHERE plan_id = ${PLAN_ID} AND code = 'firmas-digitales'`.execute(deps().db);
    const lineThree = await lineId('Línea tres');
    const url = `${t.baseUrl}${STRUCTURE}/lineas/${lineThree}`;
    let html = await (await admin.request(url)).text();

    // The line still has an active indicator: a clear field error, nothing retired.
    const retireLineForm = formIndex(html, bySuffix(`/${lineThree}/retirar`));
    const refused = await admin.submit(url, html, { confirm: 'yes' }, retireLineForm);
    assert.equal(refused.status, 400);
    const refusedHtml = await refused.text();
    assert.match(refusedHtml, /href="#campo-confirm"/);
    assert.match(refusedHtml, /La línea tiene 1 indicador activo/);
    const unconfirmed = await admin.submit(url, html, {}, retireLineForm);
    assert.equal(unconfirmed.status, 400);
    assert.match(await unconfirmed.text(), /Marque la casilla/);

    const retireIndicator = formIndex(html, bySuffix('/indicadores/firmas-digitales/retirar'));
    const noConfirm = await admin.submit(url, html, {}, retireIndicator);
    assert.equal(noConfirm.status, 400);
    assert.match(await noConfirm.text(), /href="#campo-retire-firmas-digitales"/);
    assert.equal((await other.submit(url, html, { 'retire-firmas-digitales': 'yes' }, retireIndicator)).status, 403);
    const indicatorBurst = await Promise.all(Array.from({ length: 20 }, () => admin.submit(url, html, { 'retire-firmas-digitales': 'yes' }, retireIndicator)));
    assert.deepEqual([...new Set(indicatorBurst.map((r) => r.status))], [303]);
    assert.equal(await audits('observatory.indicator_retired'), 1);

    const planPage = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`)).text();
    assert.doesNotMatch(planPage, /Firmas digitales emitidas/, 'off the plan page');
    assert.match(planPage, /Ventanillas digitales abiertas/);
    const csv = await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}/indicadores.csv`)).text();
    assert.doesNotMatch(csv, /firmas-digitales/, 'off the current open data');
    const history = await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}/indicadores/firmas-digitales`);
    assert.equal(history.status, 200, 'the history stays readable');
    assert.match(await history.text(), /Firmas digitales emitidas/);
    assert.equal(
      await count(
        sql<{ n: string }>`SELECT count(*) AS n FROM observatory.yearly_value v JOIN observatory.indicator i ON i.id = v.indicator_id WHERE i.code = 'firmas-digitales' AND i.plan_id = ${PLAN_ID}`,
      ),
      1,
      'its yearly values stay',
    );

    // Now the line can go: twenty at once retire it once; the lines after it move up.
    html = await (await admin.request(url)).text();
    const lineBurst = await Promise.all(Array.from({ length: 20 }, () => admin.submit(url, html, { confirm: 'yes' }, formIndex(html, bySuffix(`/${lineThree}/retirar`)))));
    assert.ok(
      lineBurst.every((r) => r.status === 303 || r.status === 404),
      'the first retires it; the rest find it gone',
    );
    assert.equal(await audits('observatory.line_retired'), 1);
    await assertSequence(3);
    assert.equal((await admin.request(url)).status, 404, "a retired line's page is gone");
    assert.doesNotMatch(await (await fetch(`${t.baseUrl}/observatorio/planes/${PLAN.code}`)).text(), /Línea tres/);

    // A line added afterwards follows the last active one.
    const structure = await (await admin.request(`${t.baseUrl}${STRUCTURE}`)).text();
    assert.equal((await admin.submit(`${t.baseUrl}${STRUCTURE}`, structure, { axis: 'Eje D', title: 'Línea cinco' }, formIndex(structure, bySuffix('/estructura/lineas')))).status, 303);
    await assertSequence(4);
    assert.equal((await lines()).find((l) => l.title === 'Línea cinco')!.position, 4);
  });

  it('renames a line over the JSON API with the scope: 401, 403, 400, 404, a burst audited once', async () => {
    const client = { clientId: 'planes-pruebas', secret: 'planes-pruebas-secret', redirectUri: 'http://127.0.0.1:8403/callback' };
    await sql`INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, scopes, purpose)
      VALUES (${client.clientId}, ${client.secret}, 'Planes de prueba', NULL, ${[client.redirectUri]}, ${['openid', 'observatory:plans']}, 'Pruebas')`.execute(deps().db);
    // Tokens first, roles after: a person holding a role must enrol a second factor at the provider.
    const tokens: Record<string, string> = {};
    for (const [who, agencyCode] of [
      ['admin', 'AGETIC'],
      ['other', 'SEGIP'],
    ] as const) {
      const documentNumber = newDocument();
      const person = { documentNumber, givenName: who, familyName: 'Planes', email: `api-${who}-${documentNumber.replace(/\D/g, '')}@prueba.bo` };
      await testAccount(deps(), person);
      tokens[who] = (await userAccessToken(t.baseUrl, { ...client, scope: 'openid observatory:plans', login: person.email, password: TEST_ACCOUNT_PASSWORD })).tokens!.access_token;
      if (who === 'admin') tokens.noScope = (await userAccessToken(t.baseUrl, { ...client, scope: 'openid', login: person.email, password: TEST_ACCOUNT_PASSWORD })).tokens!.access_token;
      await testAccount(deps(), { ...person, roles: [{ role: 'plan_admin', agencyCode }] });
    }
    const line = await lineId('Línea cuatro');
    const patch = async (who: string | null, body: unknown, target = line) => {
      const response = await fetch(`${t.baseUrl}/api/v1/plans/${PLAN_ID}/lines/${target}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const renamed = { axis: 'Eje E', title: 'Línea cuatro: interoperabilidad' };
    assert.equal((await patch(null, renamed)).status, 401);
    const noScope = await patch('noScope', renamed);
    assert.deepEqual([noScope.status, noScope.json.code], [403, 'OBSERVATORY_FORBIDDEN'], 'a token without the scope');
    const other = await patch('other', renamed);
    assert.deepEqual([other.status, other.json.code], [403, 'OBSERVATORY_FORBIDDEN'], "another agency's plan administrator");
    const bad = await patch('admin', { axis: 'Eje E', title: 'x' });
    assert.deepEqual([bad.status, bad.json.code], [400, 'VALIDATION_FAILED']);
    const missing = await patch('admin', renamed, '019a1800-0000-7000-8000-00000000dead');
    assert.deepEqual([missing.status, missing.json.code], [404, 'OBSERVATORY_NOT_FOUND']);

    const before = await audits('observatory.line_edited');
    const burst = await Promise.all(Array.from({ length: 20 }, () => patch('admin', renamed)));
    assert.deepEqual([...new Set(burst.map((r) => r.status))], [200]);
    assert.deepEqual(burst[0]!.json, { id: line, position: (await lines()).find((l) => l.id === line)!.position, ...renamed });
    assert.equal(await audits('observatory.line_edited'), before + 1, 'twenty identical renames audited once');
  });
});
