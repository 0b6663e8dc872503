// Projects over real HTTP in the `ve` profile: a consultation's results become projects (once);
// agencies' systems record transfers (idempotent under 40 parallel retries), corrections are new
// entries and the ledger refuses UPDATE/DELETE even by SQL; totals by project, commune and
// communal circuit match a recomputation from the open data; an organisation manages only its
// projects; a person files an observation (errors kept on the page), the executing council's
// spokesperson answers it in public, an unanswered one past its date shows as overdue.
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { projectsApi } from './api.test-helpers.ts';
import { fileObservation } from './observations.service.ts';

let t: TestApp & { baseUrl: string };
const deps = () => t.app.tambo.deps;
const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' };
const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario' };
const COUNCIL = 'VE-A-01-01-01-01';
const OTHER_COUNCIL = 'VE-A-01-01-01-02';
const COMMUNE = 'VE-A-01-01-01';
let comunas: { id: string; secret: string };
let saime: { id: string; secret: string };
const { addClient, token, api } = projectsApi(() => t);

async function publishResults(
  consultationId: string,
  proposals: Array<{ proposalId: string; territoryCode: string; executorTerritoryCode: string; lat: number | null; lon: number | null; costMinor: number }>,
): Promise<void> {
  await deps()
    .db.transaction()
    .execute((trx) =>
      emitEvent(trx, 'consultations.results_published', {
        consultationId,
        title: 'Consulta de prueba',
        countryProfile: 've',
        projects: proposals.map((p) => ({ ...p, title: `Proyecto ${p.proposalId}`, description: 'Descripción', currency: 'VES', votes: 10 })),
      }),
    );
  await t.drain();
}

async function projectOf(consultationId: string, proposalId: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM projects.project WHERE source_key = ${`consultation:${consultationId}:${proposalId}`}`.execute(deps().db);
  assert.equal(rows.length, 1);
  return rows[0]!.id;
}

const deposit = (amountMinor: number, extra: Record<string, unknown> = {}) => ({ accountReference: 'VE-BV-0102-0001', amountMinor, currency: 'VES', valueDate: '2026-11-02', ...extra });

async function signIn(person: { login: string; password: string }, back: string): Promise<HttpSession> {
  const browser = new HttpSession();
  const page = await browser.follow(`${t.baseUrl}/ingresar?volver=${back}`);
  const posted = await browser.submit(page.url, await page.response.text(), { login: person.login, password: person.password });
  assert.equal(posted.status, 303, 'sign-in accepted');
  await browser.follow(new URL(posted.headers.get('location')!, page.url).toString());
  return browser;
}

/** A person with the spokesperson role over `territory`, signed in on the portal. */
async function spokesperson(territory: string): Promise<HttpSession> {
  const documentNumber = `V-${randomInt(10_000_000, 30_000_000)}`;
  const email = `vocero-${documentNumber}@prueba.tambo`;
  const account = await testAccount(deps(), { country: 've', documentType: 'CEDULA', documentNumber, givenName: 'Vocera', familyName: 'Prueba', email });
  await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${account}, ${territory}, 'project_spokesperson')`.execute(deps().db);
  const browser = new HttpSession();
  assert.equal((await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD)).status, 200);
  return browser;
}

/** `n` identical posts at once of the page's form whose action ends with `action`; their statuses. */
async function burstPost(browser: HttpSession, path: string, action: string, fields: Record<string, string>, n: number): Promise<number[]> {
  const html = await (await browser.request(`${t.baseUrl}${path}`)).text();
  const form = formsIn(html).find((f) => f.action.split('#')[0]!.endsWith(action))!;
  const body = new URLSearchParams({ ...form.hidden, ...fields }).toString();
  const answers = await Promise.all(
    Array.from({ length: n }, () => browser.request(`${t.baseUrl}${path}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })),
  );
  return answers.map((a) => a.status);
}

before(async () => {
  t = await listenTestApp({ demo: true, env: { COUNTRY: 've' } });
  await t.drain();
  comunas = await addClient('MPPCOMUNAS');
  saime = await addClient('SAIME');
});
after(async () => {
  await t?.close();
});

describe('projects from a consultation', () => {
  it('makes one project per funded proposal, however often the results are published', async () => {
    const id = randomUUID();
    const proposals = [
      { proposalId: 'p1', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: 10.5, lon: -66.95, costMinor: 100_000 },
      { proposalId: 'p2', territoryCode: OTHER_COUNCIL, executorTerritoryCode: OTHER_COUNCIL, lat: 10.5, lon: -66.92, costMinor: 50_000 },
    ];
    await publishResults(id, proposals);
    await publishResults(id, proposals);
    const p1 = await api('GET', `/api/v1/projects/${await projectOf(id, 'p1')}`);
    assert.equal(p1.status, 200);
    assert.equal(p1.body.kind, 'consultation');
    assert.equal(p1.body.executorTerritoryCode, COUNCIL);
    assert.equal(p1.body.circuitCode, 'circuito-01', 'its point lies in the first demo circuit');
    assert.deepEqual(p1.body.source, { consultationId: id, consultationTitle: 'Consulta de prueba', proposalId: 'p1', votes: 10 });
    const p2 = await api('GET', `/api/v1/projects/${await projectOf(id, 'p2')}`);
    assert.equal(p2.body.circuitCode, 'circuito-02');
    const list = await api('GET', `/api/v1/projects?territory=${COMMUNE}&kind=consultation`);
    assert.ok((list.body.projects as Array<{ id: string }>).some((p) => p.id === p1.body.id));
  });
});

describe('the transfer ledger', () => {
  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused even by SQL', async () => {
    const id = randomUUID();
    await publishResults(id, [{ proposalId: 'a', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: null, lon: null, costMinor: 1000 }]);
    const projectId = await projectOf(id, 'a');
    const created = await api('POST', `/api/v1/projects/${projectId}/transfers`, deposit(700), comunas);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const db = deps().db;
    await assert.rejects(sql`UPDATE projects.transfer SET amount_minor = 1 WHERE id = ${created.body.id}`.execute(db), /append-only: UPDATE/);
    await assert.rejects(sql`DELETE FROM projects.transfer WHERE id = ${created.body.id}`.execute(db), /append-only: DELETE/);
    await assert.rejects(sql`TRUNCATE projects.transfer CASCADE`.execute(db), /append-only: TRUNCATE/);
    const entries = await api('GET', `/api/v1/projects/${projectId}/transfers`);
    assert.deepEqual(
      (entries.body.transfers as Array<{ amountMinor: number }>).map((e) => e.amountMinor),
      [700],
    );
  });

  it('corrects an entry with a new one, by the agency that recorded it and with a reason', async () => {
    const id = randomUUID();
    await publishResults(id, [{ proposalId: 'c', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: null, lon: null, costMinor: 1000 }]);
    const projectId = await projectOf(id, 'c');
    const wrong = await api('POST', `/api/v1/projects/${projectId}/transfers`, deposit(9000), comunas);
    assert.equal((await api('POST', `/api/v1/projects/${projectId}/transfers`, deposit(-8100, { corrects: wrong.body.id }), comunas)).status, 400, 'a correction needs a reason');
    const foreign = await api('POST', `/api/v1/projects/${projectId}/transfers`, deposit(-8100, { corrects: wrong.body.id, reason: 'Error' }), saime);
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.code, 'PROJECTS_FORBIDDEN');
    const correction = await api('POST', `/api/v1/projects/${projectId}/transfers`, deposit(-8100, { corrects: wrong.body.id, reason: 'Se registró 9000 en lugar de 900' }), comunas);
    assert.equal(correction.status, 201, JSON.stringify(correction.body));
    assert.equal(correction.body.kind, 'correction');
    assert.equal(correction.body.corrects, wrong.body.id);
    const entries = (await api('GET', `/api/v1/projects/${projectId}/transfers`)).body.transfers as Array<{ id: string; amountMinor: number }>;
    assert.deepEqual(
      entries.map((e) => e.amountMinor),
      [9000, -8100],
      'the wrong entry is still there',
    );
    assert.equal((await api('GET', `/api/v1/projects/${projectId}`)).body.transferredMinor, 900);
    const bad = await api('POST', `/api/v1/projects/${projectId}/transfers`, deposit(-5, { accountReference: 'NO-SUCH-ACCOUNT', currency: 'BOB' }), comunas);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'VALIDATION_FAILED');
  });

  it('writes one entry for 40 identical parallel requests with one Idempotency-Key, and refuses the key with another body', async () => {
    const id = randomUUID();
    await publishResults(id, [{ proposalId: 'i', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: null, lon: null, costMinor: 1000 }]);
    const projectId = await projectOf(id, 'i');
    await token(comunas);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 40 }, () => api('POST', `/api/v1/projects/${projectId}/transfers`, deposit(1234), comunas, { 'idempotency-key': key })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(39).fill(200), 201]);
    assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
    const entries = (await api('GET', `/api/v1/projects/${projectId}/transfers`)).body.transfers as unknown[];
    assert.equal(entries.length, 1);
    const reused = await api('POST', `/api/v1/projects/${projectId}/transfers`, deposit(4321), comunas, { 'idempotency-key': key });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('adds up by project, commune and communal circuit exactly as a recomputation from the open data', async () => {
    const id = randomUUID();
    await publishResults(id, [
      { proposalId: 't1', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: 10.5, lon: -66.95, costMinor: 1000 },
      { proposalId: 't2', territoryCode: OTHER_COUNCIL, executorTerritoryCode: OTHER_COUNCIL, lat: 10.5, lon: -66.92, costMinor: 1000 },
      { proposalId: 't3', territoryCode: COMMUNE, executorTerritoryCode: COMMUNE, lat: null, lon: null, costMinor: 1000 },
    ]);
    for (const [proposal, amount] of [
      ['t1', 300],
      ['t2', 500],
      ['t3', 70],
      ['t1', 11],
    ] as const) {
      assert.equal((await api('POST', `/api/v1/projects/${await projectOf(id, proposal)}/transfers`, deposit(amount), comunas)).status, 201);
    }
    const projects = (await api('GET', '/api/v1/open-data/projects.projects')).body.items as Array<{ id: string; territoryPath: string[] }>;
    const ledger = (await api('GET', '/api/v1/open-data/projects.transfers')).body.items as Array<{ projectId: string; amountMinor: number; currency: string; circuitCode: string | null }>;
    const pathOf = new Map(projects.map((p) => [p.id, p.territoryPath]));
    const expected = { project: new Map<string, number>(), territory: new Map<string, number>(), circuit: new Map<string, number>() };
    const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
    for (const e of ledger) {
      add(expected.project, e.projectId, e.amountMinor);
      for (const unit of pathOf.get(e.projectId)!) add(expected.territory, unit, e.amountMinor);
      if (e.circuitCode) add(expected.circuit, e.circuitCode, e.amountMinor);
    }
    for (const by of ['project', 'territory', 'circuit'] as const) {
      const totals = (await api('GET', `/api/v1/projects/totals?by=${by}`)).body.totals as Array<{ key: string; totalMinor: number }>;
      assert.deepEqual(new Map(totals.map((l) => [l.key, l.totalMinor])), expected[by], by);
    }
    const territory = new Map(((await api('GET', '/api/v1/projects/totals?by=territory')).body.totals as Array<{ key: string; totalMinor: number }>).map((l) => [l.key, l.totalMinor]));
    assert.equal(
      territory.get(COMMUNE),
      (territory.get(COUNCIL) ?? 0) + (territory.get(OTHER_COUNCIL) ?? 0) + (territory.get('VE-A-01-01-01-03') ?? 0) + expected.project.get(await projectOf(id, 't3'))! + (await ownCommuneEntries(id)),
    );
  });
});

/** Entries placed on the commune itself other than the test's t3 project (the seed's, other tests'). */
async function ownCommuneEntries(consultationId: string): Promise<number> {
  const t3 = await projectOf(consultationId, 't3');
  const { rows } = await sql<{ total: string | null }>`SELECT sum(amount_minor) AS total FROM projects.transfer WHERE territory_code = ${COMMUNE} AND project_id <> ${t3}`.execute(deps().db);
  return Number(rows[0]?.total ?? 0);
}

describe('who manages a project', () => {
  it('lets an agency update only the projects it executes or created', async () => {
    const created = await api(
      'POST',
      '/api/v1/projects',
      { kind: 'agency', title: 'Dotación de la escuela', territoryCode: COUNCIL, executorAgencyCode: 'MPPCOMUNAS', budgetMinor: 5000, currency: 'VES', milestones: [{ title: 'Compra' }] },
      comunas,
      { 'idempotency-key': randomUUID() },
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const foreign = await api('POST', `/api/v1/projects/${created.body.id}/progress`, { status: 'in_progress', progress: 40 }, saime);
    assert.equal(foreign.status, 403);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    assert.equal((await api('POST', `/api/v1/projects/${created.body.id}/milestones/1`, { doneOn: '2026-11-20', evidence: Buffer.from('not an image').toString('base64') }, comunas)).status, 400);
    assert.equal((await api('POST', `/api/v1/projects/${created.body.id}/milestones/1`, { doneOn: '2026-11-20', evidence: png.toString('base64') }, saime)).status, 403);
    const milestone = await api('POST', `/api/v1/projects/${created.body.id}/milestones/1`, { doneOn: '2026-11-20', evidence: png.toString('base64'), note: 'Factura 0042' }, comunas);
    assert.equal(milestone.status, 200, JSON.stringify(milestone.body));
    assert.equal(milestone.body.changed, true);
    const evidence = await fetch(`${t.baseUrl}${milestone.body.evidenceUrl}`);
    assert.equal(evidence.status, 200);
    assert.equal(evidence.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await evidence.arrayBuffer()), png);
    assert.equal(
      (await fetch(`${t.baseUrl}/proyectos/${randomUUID()}${String(milestone.body.evidenceUrl).slice(String(milestone.body.evidenceUrl).indexOf('/archivos'))}`)).status,
      404,
      'a file only under its project',
    );
    assert.equal((await api('POST', `/api/v1/projects/${created.body.id}/milestones/1`, { doneOn: '2026-11-21' }, comunas)).body.changed, false, 'reported once');
    const own = await api('POST', `/api/v1/projects/${created.body.id}/progress`, { status: 'in_progress', progress: 40 }, comunas);
    assert.equal(own.status, 200);
    assert.equal(own.body.progress, 40);
    assert.equal(
      (await api('POST', '/api/v1/projects', { kind: 'agency', title: 'X', territoryCode: 'VE-NOPE', executorAgencyCode: 'MPPCOMUNAS', budgetMinor: 1, currency: 'VES' }, comunas)).status,
      400,
    );
    assert.equal((await api('POST', '/api/v1/projects', { kind: 'agency', title: 'X', territoryCode: COUNCIL, executorAgencyCode: 'MPPCOMUNAS', budgetMinor: 1, currency: 'VES' })).status, 401);
    assert.equal((await api('GET', `/api/v1/projects/${randomUUID()}`)).status, 404);
  });
});

describe('observations', () => {
  it('are filed by a person, answered in public by the council’s spokesperson only, and shown overdue when unanswered', async () => {
    const id = randomUUID();
    await publishResults(id, [{ proposalId: 'o', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: 10.5, lon: -66.95, costMinor: 1000 }]);
    const projectId = await projectOf(id, 'o');
    const path = `/proyectos/${projectId}`;
    const citizen = await signIn(CITIZEN, path);
    const page = await citizen.request(`${t.baseUrl}${path}`);
    const html = await page.text();
    const form = formIndex(html, (f) => f.action.includes('/observaciones'));
    const short = await citizen.submit(`${t.baseUrl}${path}`, html, { observacion: 'Poco' }, form);
    assert.equal(short.status, 422);
    const shortHtml = await short.text();
    assert.match(shortHtml, /href="#campo-observacion"/, 'the summary links to the field');
    assert.match(shortHtml, />Poco<\/textarea>/, 'the input is kept');
    const sent = await citizen.submit(`${t.baseUrl}${path}`, html, { observacion: 'La tubería nueva ya gotea en la esquina del bloque.' }, form);
    assert.equal(sent.status, 303);
    const { rows } = await sql<{ id: string }>`SELECT id FROM projects.observation WHERE project_id = ${projectId}`.execute(deps().db);
    const observationId = rows[0]!.id;
    await sql`UPDATE projects.observation SET due_at = now() - interval '1 day' WHERE id = ${observationId}`.execute(deps().db);
    assert.match(await (await fetch(`${t.baseUrl}${path}`)).text(), /Respuesta vencida/);

    // The official is a spokesperson of another council first: refused; then of this commune: allowed.
    const official = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = ${OFFICIAL.login}`.execute(deps().db)).rows[0]!.id;
    await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${official}, ${OTHER_COUNCIL}, 'project_spokesperson')`.execute(deps().db);
    const spokesperson = await signIn(OFFICIAL, path);
    const answerUrl = `${t.baseUrl}${path}/observaciones/${observationId}/respuesta`;
    const postAnswer = async (browser: HttpSession, text: string) => {
      const form = await browser.request(`${t.baseUrl}${path}`);
      const formHtml = await form.text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(formHtml)?.[1] ?? '';
      return browser.request(answerUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, respuesta: text }).toString() });
    };
    assert.equal((await postAnswer(spokesperson, 'Respuesta indebida')).status, 403);
    assert.doesNotMatch(await (await spokesperson.request(`${t.baseUrl}${path}`)).text(), /action="[^"]*\/avance"/, 'no management forms for another council');
    await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${official}, ${COMMUNE}, 'project_spokesperson')`.execute(deps().db);
    assert.equal((await postAnswer(spokesperson, 'Se cambió la unión el 3 de diciembre.')).status, 303);
    assert.equal((await postAnswer(spokesperson, 'Otra vez')).status, 409, 'answered once');
    const managed = await (await spokesperson.request(`${t.baseUrl}${path}`)).text();
    const progressForm = formIndex(managed, (f) => f.action.endsWith('/avance'));
    const wrongProgress = await spokesperson.submit(`${t.baseUrl}${path}`, managed, { estado: 'in_progress', avance: '140' }, progressForm);
    assert.equal(wrongProgress.status, 422);
    assert.match(await wrongProgress.text(), /value="140"|href="#campo-avance"/);
    assert.equal((await spokesperson.submit(`${t.baseUrl}${path}`, managed, { estado: 'in_progress', avance: '35' }, progressForm)).status, 303);
    const milestoneForm = formIndex(managed, (f) => f.action.endsWith('/hitos'));
    assert.equal((await spokesperson.submit(`${t.baseUrl}${path}`, managed, { hito: '1', 'fecha-day': '31', 'fecha-month': '2', 'fecha-year': '2026' }, milestoneForm)).status, 422, 'no 31 February');
    assert.equal(
      (await spokesperson.submit(`${t.baseUrl}${path}`, managed, { hito: '1', 'fecha-day': '28', 'fecha-month': '2', 'fecha-year': '2026', nota: 'Depósito del 28' }, milestoneForm)).status,
      303,
    );
    assert.match(await (await fetch(`${t.baseUrl}${path}`)).text(), /Depósito del 28/);
    const project = await api('GET', `/api/v1/projects/${projectId}`);
    assert.equal(project.body.status, 'in_progress');
    assert.equal(project.body.progress, 35);
    const after = await (await fetch(`${t.baseUrl}${path}`)).text();
    assert.match(after, /Se cambió la unión el 3 de diciembre\./);
    assert.doesNotMatch(after, /Respuesta vencida/);
    const list = await (await fetch(`${t.baseUrl}/proyectos?territorio=${COMMUNE}`)).text();
    assert.match(list, /<svg[^>]*id="mapa-proyectos"/, 'the map of projects, drawn on the server');
    assert.ok(list.includes(`href="/proyectos/${projectId}"`));
    const open = (await api('GET', '/api/v1/open-data/projects.observations')).body.items as Array<{ id: string; answer: string | null }>;
    assert.equal(open.find((o) => o.id === observationId)?.answer, 'Se cambió la unión el 3 de diciembre.');
  });

  it('a burst of 30 identical posts (a double submit) files one observation, and one answer', async () => {
    const id = randomUUID();
    await publishResults(id, [{ proposalId: 'r', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: 10.5, lon: -66.95, costMinor: 1000 }]);
    const projectId = await projectOf(id, 'r');
    const path = `/proyectos/${projectId}`;
    const burst = (browser: HttpSession, action: string, fields: Record<string, string>) => burstPost(browser, path, action, fields, 30);
    const citizen = await signIn(CITIZEN, path);
    assert.deepEqual(await burst(citizen, '/observaciones', { observacion: 'El muro del tanque tiene una grieta nueva.' }), Array(30).fill(303));
    const { rows } = await sql<{ id: string }>`SELECT id FROM projects.observation WHERE project_id = ${projectId}`.execute(deps().db);
    assert.equal(rows.length, 1, 'one observation for the burst');
    const official = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = ${OFFICIAL.login}`.execute(deps().db)).rows[0]!.id;
    await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${official}, ${COMMUNE}, 'project_spokesperson') ON CONFLICT DO NOTHING`.execute(deps().db);
    const spokesperson = await signIn(OFFICIAL, path);
    const answers = await burst(spokesperson, `/observaciones/${rows[0]!.id}/respuesta`, { respuesta: 'Se reparó la grieta el lunes.' });
    assert.equal(answers.filter((s) => s === 303).length, 1, 'one answer');
    assert.ok(
      answers.every((s) => s === 303 || s === 409),
      `the others are refused as answered already: ${answers}`,
    );
    const audit = await sql<{
      action: string;
      n: string;
    }>`SELECT action, count(*) AS n FROM audit.entry WHERE subject_id = ${projectId} AND action LIKE 'projects.observation_%' GROUP BY action`.execute(deps().db);
    assert.deepEqual(Object.fromEntries(audit.rows.map((r) => [r.action, Number(r.n)])), { 'projects.observation_answered': 1, 'projects.observation_filed': 1 });
  });

  it('are answered from the officials’ page: only the observations of projects the person manages, CSRF checked, what was typed kept', async () => {
    const id = randomUUID();
    await publishResults(id, [{ proposalId: 'p', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: 10.5, lon: -66.95, costMinor: 1000 }]);
    const projectId = await projectOf(id, 'p');
    const citizenId = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = ${CITIZEN.login}`.execute(deps().db)).rows[0]!.id;
    const text = `La bomba de agua no funciona desde ${id.slice(0, 8)}.`;
    const observationId = await fileObservation(deps(), citizenId, projectId, text);
    await sql`UPDATE projects.observation SET due_at = now() - interval '1 day' WHERE id = ${observationId}`.execute(deps().db);
    const url = `${t.baseUrl}/proyectos/observaciones-pendientes`;
    assert.ok([302, 303].includes((await fetch(url, { redirect: 'manual' })).status), 'signing in first');
    const citizen = await signIn(CITIZEN, '/proyectos');
    assert.equal((await citizen.request(url)).status, 403, 'a person who manages no project');
    const other = await spokesperson(OTHER_COUNCIL);
    const otherPage = await other.request(url);
    assert.equal(otherPage.status, 200);
    assert.ok(!(await otherPage.text()).includes(text), 'another council’s spokesperson does not see it');
    const own = await spokesperson(COUNCIL);
    const html = await (await own.request(url)).text();
    assert.ok(html.includes(text));
    assert.match(html, /Respuesta vencida/);
    const action = `/proyectos/observaciones-pendientes/${observationId}`;
    const form = formIndex(html, (f) => f.action.startsWith(action));
    const field = `respuesta-${observationId}`;
    const unanswered = async () => (await sql<{ answer: string | null }>`SELECT answer FROM projects.observation WHERE id = ${observationId}`.execute(deps().db)).rows[0]!.answer === null;
    // No CSRF token: refused, nothing written.
    const forged = await own.request(`${t.baseUrl}${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ [field]: 'Respuesta sin token' }).toString(),
    });
    assert.equal(forged.status, 403);
    assert.ok(await unanswered());
    // Bad input: the summary links to the field, what was typed is kept.
    const short = await own.submit(url, html, { [field]: 'x' }, form);
    assert.equal(short.status, 422);
    const shortHtml = await short.text();
    assert.match(shortHtml, new RegExp(`href="#campo-${field}"`));
    assert.match(shortHtml, />x<\/textarea>/);
    assert.ok(await unanswered());
    // Another council's spokesperson posting to it directly: refused.
    const otherHtml = await (await other.request(`${t.baseUrl}/proyectos/${projectId}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(otherHtml)?.[1] ?? '';
    const intruder = await other.request(`${t.baseUrl}${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, [field]: 'Respuesta indebida' }).toString(),
    });
    assert.equal(intruder.status, 403);
    assert.ok(await unanswered());
    const done = await own.submit(url, html, { [field]: 'La bomba se reemplazó el martes.' }, form);
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/proyectos/observaciones-pendientes?enviado=respuesta');
    const after = await (await own.request(`${t.baseUrl}${done.headers.get('location')}`)).text();
    assert.match(after, /La respuesta fue publicada/);
    assert.ok(!after.includes(text), 'answered: no longer pending');
    assert.match(await (await fetch(`${t.baseUrl}/proyectos/${projectId}`)).text(), /La bomba se reemplazó el martes\./);
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'projects.observation_answered' AND subject_id = ${projectId}`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1);
  });

  it('a burst of 20 identical progress or milestone posts changes the project once', async () => {
    const id = randomUUID();
    await publishResults(id, [{ proposalId: 'm', territoryCode: COUNCIL, executorTerritoryCode: COUNCIL, lat: 10.5, lon: -66.95, costMinor: 1000 }]);
    const projectId = await projectOf(id, 'm');
    const path = `/proyectos/${projectId}`;
    const browser = await spokesperson(COUNCIL);
    const burst = (action: string, fields: Record<string, string>) => burstPost(browser, path, action, fields, 20);
    const audits = async (action: string) =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = ${action} AND subject_id = ${projectId}`.execute(deps().db)).rows[0]!.n);
    assert.deepEqual(await burst('/avance', { estado: 'in_progress', avance: '40' }), Array(20).fill(303));
    assert.equal(await audits('projects.progress_updated'), 1, 'one change, audited once (the status figures moved once)');
    const project = await api('GET', `/api/v1/projects/${projectId}`);
    assert.deepEqual({ status: project.body.status, progress: project.body.progress }, { status: 'in_progress', progress: 40 });
    const milestones = await burst('/hitos', { hito: '1', 'fecha-day': '2', 'fecha-month': '3', 'fecha-year': '2026', nota: 'Acta de inicio' });
    assert.ok(
      milestones.every((s) => s === 303 || s === 409),
      `${milestones}`,
    );
    assert.equal(await audits('projects.milestone_done'), 1, 'the milestone done once');
  });
});
