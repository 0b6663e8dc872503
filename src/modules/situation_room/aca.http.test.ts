// The communes' Agenda Concreta de Acción: the demo's actions in Comuna Los Bloques' room
// (overdue first, linked to a project); the spokespeople create an action by form (errors kept,
// once per form) and update its progress (errors kept; a spokesperson of another commune is
// refused); the API with every error code, a burst of 20 identical creates (one action, one
// audit entry) and one of 20 updates finishing an action (done once); the overdue flag in the API
// and the open dataset; an operator instructs from an action (the form filled in) and the
// action's page shows the instruction.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount, userAccessToken } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { createAcaAction } from './aca.service.ts';
import { todayIn } from './instruction.service.ts';

const API = '/api/v1/situation-room/aca-actions';
const COMMUNE = 'VE-A-01-01-01';
const MISSING = '00000000-0000-7000-8000-000000000000';

describe("the communes' Agenda Concreta de Acción", () => {
  let t: TestApp & { baseUrl: string };
  const browsers = { spokesperson: new HttpSession(), other: new HttpSession(), operator: new HttpSession() };
  const tokens: Record<string, string> = {};
  const client = { clientId: 'sala-aca-pruebas', secret: 'sala-aca-pruebas-secret', redirectUri: 'http://127.0.0.1:8403/callback' };

  before(async () => {
    t = await listenTestApp({ demo: true, env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' } });
    const { deps } = t.app.tambo;
    await sql`INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, scopes, purpose)
      VALUES (${client.clientId}, ${client.secret}, 'Sala de pruebas', NULL, ${[client.redirectUri]}, ${['openid', 'situation_room:aca']}, 'Pruebas')`.execute(deps.db);
    const roles = { spokesperson: ['room_responder', COMMUNE], other: ['room_responder', 'VE-A-01-01-02'], operator: ['room_operator', COMMUNE] } as const;
    // Tokens first, roles after: a person holding a role must enrol a second factor at the provider.
    for (const [who, [role, territoryCode]] of Object.entries(roles) as Array<[keyof typeof browsers, readonly [string, string]]>) {
      const documentNumber = newDocument();
      const email = `${who}-${documentNumber.replace(/\D/g, '')}@example.org`;
      const person = { documentNumber, givenName: who, familyName: 'ACA', email };
      await testAccount(deps, person);
      tokens[who] = (await userAccessToken(t.baseUrl, { ...client, scope: 'openid situation_room:aca', login: email, password: TEST_ACCOUNT_PASSWORD })).tokens!.access_token;
      if (who === 'spokesperson') tokens.noScope = (await userAccessToken(t.baseUrl, { ...client, scope: 'openid', login: email, password: TEST_ACCOUNT_PASSWORD })).tokens!.access_token;
      await testAccount(deps, { ...person, roles: [{ role, territoryCode }] });
      await signInPortal(t, browsers[who], email, TEST_ACCOUNT_PASSWORD);
    }
  });
  after(async () => t.close());

  const get = async (who: HttpSession | null, path: string) => {
    const response = who ? await who.request(`${t.baseUrl}${path}`) : await fetch(`${t.baseUrl}${path}`);
    return { status: response.status, body: await response.text() };
  };
  const call = async (who: string, path: string, body?: unknown) => {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const audits = async (id: string, action: string) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE subject_id = ${id} AND action = ${action}`.execute(t.app.tambo.deps.db)).rows[0]!.n);
  const inDays = (days: number) => todayIn(t.app.tambo.deps, new Date(Date.now() + days * 86_400_000));

  it("lists the demo's actions in the commune's room, the overdue first, linked to a demo project; public, without who entered them", async () => {
    const room = await get(null, `/sala/${COMMUNE}`);
    assert.equal(room.status, 200);
    const aca = room.body.slice(room.body.indexOf('aria-labelledby="aca"'));
    assert.match(aca, /Reparar la tubería[\s\S]*Vencida[\s\S]*Panadería Comunal/, 'the overdue action first');
    assert.doesNotMatch(aca, /Registrar una acción|>Instruir</, 'nobody signed in: no form, no instruction');
    const id = /href="\/sala\/aca\/([0-9a-f-]{36})">Poner en marcha/.exec(aca)![1]!;
    const page = await get(null, `/sala/aca/${id}`);
    assert.match(page.body, /href="\/proyectos\/[0-9a-f-]{36}"/, 'linked to a demo project');
    assert.match(page.body, /40 %[\s\S]*Horno comprado/);
    assert.doesNotMatch(page.body, /name="percent"/);
    // The national room lists them too (an action below it).
    assert.match((await get(null, '/sala/VE-A')).body, /Reparar la tubería/);
    assert.equal((await get(null, `/sala/aca/${MISSING}`)).status, 404);
  });

  it('creates an action by form: errors with the input kept, unknown links refused, then once per form', async () => {
    const room = await get(browsers.spokesperson, `/sala/${COMMUNE}`);
    assert.match(room.body, new RegExp(`href="/sala/${COMMUNE}/aca/nueva"`), 'the spokesperson is offered the form');
    const path = `${t.baseUrl}/sala/${COMMUNE}/aca/nueva`;
    const page = (await get(browsers.spokesperson, `/sala/${COMMUNE}/aca/nueva`)).body;
    const index = formIndex(page, (f) => f.action.startsWith(`/sala/${COMMUNE}/aca/nueva`));
    const bad = await browsers.spokesperson.submit(path, page, { title: '', responsible: 'Comité de Salud', dueOn: inDays(-1), projects: 'no-es-un-id' }, index);
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /href="#campo-title">Escriba el título/);
    assert.match(badHtml, /href="#campo-dueOn">La fecha límite no puede haber pasado/);
    assert.match(badHtml, /href="#campo-projects"/);
    assert.match(badHtml, /value="Comité de Salud"/, 'the input is kept');
    const fields = { title: 'Jornada de vacunación casa por casa', responsible: 'Comité de Salud', dueOn: inDays(30), reports: 'R-999999999' };
    const unknown = await browsers.spokesperson.submit(path, page, fields, index);
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /href="#campo-reports">Uno de los reportes no existe/);
    const ok = await browsers.spokesperson.submit(path, page, { ...fields, reports: '' }, index);
    assert.equal(ok.status, 303);
    const id = /\/sala\/aca\/([0-9a-f-]{36})$/.exec(ok.headers.get('location')!)![1]!;
    const again = await browsers.spokesperson.submit(path, page, { ...fields, reports: '' }, index);
    assert.equal(again.headers.get('location'), ok.headers.get('location'), 'the same form creates once');
    assert.equal(await audits(id, 'situation_room.aca_action_created'), 1);
    assert.equal((await get(browsers.other, `/sala/${COMMUNE}/aca/nueva`)).status, 403, 'a spokesperson of another commune');
    assert.equal((await get(browsers.operator, `/sala/${COMMUNE}/aca/nueva`)).status, 403, 'an operator instructs, does not enter the agenda');
  });

  it('updates the progress by form: errors kept, a log line each, done at 100; another commune refused', async () => {
    const { action } = await createAcaAction(
      t.app.tambo.deps,
      null,
      { territory: COMMUNE, title: 'Censo de la comuna', responsible: 'Vocería', dueOn: inDays(10), requestKey: 'test-aca-censo' },
      { seedAccount: MISSING },
    );
    const path = `/sala/aca/${action.id}`;
    const page = (await get(browsers.spokesperson, path)).body;
    const index = formIndex(page, (f) => f.action.startsWith(path));
    const otherPage = (await get(browsers.other, path)).body;
    assert.doesNotMatch(otherPage, /name="percent"/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(otherPage)![1]!;
    assert.equal((await browsers.other.submit(`${t.baseUrl}${path}`, page, { _csrf: csrf, percent: '50' }, index)).status, 403);
    const bad = await browsers.spokesperson.submit(`${t.baseUrl}${path}`, page, { percent: '150', note: 'Mitad de los sectores' }, index);
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /href="#campo-percent">Escriba el avance/);
    assert.match(badHtml, /Mitad de los sectores<\/textarea>/);
    assert.equal((await browsers.spokesperson.submit(`${t.baseUrl}${path}`, page, { percent: '50', note: 'Mitad de los sectores' }, index)).status, 303);
    assert.equal((await browsers.spokesperson.submit(`${t.baseUrl}${path}`, page, { percent: '100', note: '' }, index)).status, 303);
    const done = await get(null, path);
    assert.match(done.body, /50 %[\s\S]*Mitad de los sectores[\s\S]*100 %/);
    assert.match(done.body, /Terminada/);
    assert.doesNotMatch(done.body, /spokesperson/, 'who updated it is not public');
    assert.equal(await audits(action.id, 'situation_room.aca_progress_updated'), 2);
    assert.doesNotMatch((await get(browsers.spokesperson, path)).body, /name="percent"/, 'no form once done');
  });

  it('creates by API: 20 identical requests at once make one action and one audit entry; every error code', async () => {
    const body = {
      territoryCode: COMMUNE,
      title: 'Rehabilitar la escuela Simón Rodríguez',
      responsible: 'Ministerio de Educación',
      responsibleAgency: 'MPPE',
      dueOn: inDays(60),
      requestKey: 'api-escuela-0001',
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('spokesperson', API, body)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(19).fill(200), 201]);
    const ids = new Set(answers.map((a) => a.json.id));
    assert.equal(ids.size, 1);
    const id = String([...ids][0]);
    assert.equal(await audits(id, 'situation_room.aca_action_created'), 1);
    assert.equal(answers[0]!.json.status, 'planned');
    assert.equal(answers[0]!.json.overdue, false);

    const reused = await call('spokesperson', API, { ...body, title: 'Otra acción' });
    assert.equal(reused.status, 409);
    assert.equal(reused.json.code, 'SITUATION_ROOM_ACA_KEY_REUSED');
    const past = await call('spokesperson', API, { ...body, dueOn: inDays(-3), requestKey: 'api-escuela-0002' });
    assert.equal(past.status, 400);
    assert.equal(past.json.code, 'SITUATION_ROOM_INVALID_ACA');
    assert.equal((await call('spokesperson', API, { ...body, projects: [MISSING], requestKey: 'api-escuela-0003' })).json.code, 'SITUATION_ROOM_INVALID_ACA', 'an unknown project');
    assert.equal((await call('other', API, { ...body, requestKey: 'api-escuela-0004' })).json.code, 'SITUATION_ROOM_FORBIDDEN', 'another commune');
    assert.equal((await call('operator', API, { ...body, requestKey: 'api-escuela-0005' })).json.code, 'SITUATION_ROOM_FORBIDDEN', 'an operator');
    const noScope = await call('noScope', API, { ...body, requestKey: 'api-escuela-0006' });
    assert.equal(noScope.status, 403);
    assert.equal(noScope.json.code, 'SITUATION_ROOM_FORBIDDEN', 'a token without the scope');

    const progress = `${API}/${id}/progress`;
    assert.equal((await call('spokesperson', `${API}/${MISSING}/progress`, { percent: 10 })).json.code, 'SITUATION_ROOM_ACA_NOT_FOUND');
    assert.equal((await call('other', progress, { percent: 10 })).json.code, 'SITUATION_ROOM_FORBIDDEN');
    const updated = await call('spokesperson', progress, { percent: 30, note: 'Techo reparado' });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.status, 'in_progress');
    assert.equal((await call('spokesperson', progress, { percent: 100 })).json.status, 'done');
    const again = await call('spokesperson', progress, { percent: 100 });
    assert.equal(again.status, 409);
    assert.equal(again.json.code, 'SITUATION_ROOM_ACA_DONE');

    const read = (await (await fetch(`${t.baseUrl}${API}/${id}`)).json()) as { progressLog: Array<Record<string, unknown>>; responsibleAgency: string };
    assert.deepEqual(
      read.progressLog.map((p) => [p.percent, p.note]),
      [
        [30, 'Techo reparado'],
        [100, null],
      ],
    );
    assert.equal(read.responsibleAgency, 'MPPE');
    assert.equal('actor' in read.progressLog[0]!, false, 'who updated is not public');
    const missing = await fetch(`${t.baseUrl}${API}/${MISSING}`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'SITUATION_ROOM_ACA_NOT_FOUND');
  });

  it('updates progress under the row lock: 20 requests at once to finish an action finish it once', async () => {
    const { action } = await createAcaAction(
      t.app.tambo.deps,
      null,
      { territory: COMMUNE, title: 'Pintar la escuela', responsible: 'Vocería', dueOn: inDays(5), requestKey: 'test-aca-pintura' },
      { seedAccount: MISSING },
    );
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('spokesperson', `${API}/${action.id}/progress`, { percent: 100 })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, ...Array(19).fill(409)]);
    assert.equal(await audits(action.id, 'situation_room.aca_progress_updated'), 1);
    const read = (await (await fetch(`${t.baseUrl}${API}/${action.id}`)).json()) as { progressLog: unknown[] };
    assert.equal(read.progressLog.length, 1);
  });

  it('flags an action overdue in the API and the open dataset (not who entered it)', async () => {
    const { action } = await createAcaAction(
      t.app.tambo.deps,
      null,
      { territory: COMMUNE, title: 'Limpieza de la quebrada', responsible: 'Comité Ambiental', dueOn: inDays(-2), requestKey: 'test-aca-quebrada' },
      { seedAccount: MISSING },
    );
    assert.equal(((await (await fetch(`${t.baseUrl}${API}/${action.id}`)).json()) as { overdue: boolean }).overdue, true);
    const response = await fetch(`${t.baseUrl}/api/v1/open-data/situation_room.aca_actions`);
    assert.equal(response.status, 200);
    const text = await response.text();
    const json = JSON.parse(text) as { items?: Array<Record<string, unknown>> } | Array<Record<string, unknown>>;
    const rows = Array.isArray(json) ? json : (json.items ?? []);
    assert.equal(rows.find((r) => r.id === action.id)?.overdue, true);
    assert.equal(rows.find((r) => r.title === 'Poner en marcha la Panadería Comunal')?.overdue, false);
    assert.doesNotMatch(text, new RegExp(MISSING), 'no author');
  });

  it("instructs from an action: the operator's link fills the room's form, and the action shows the instruction", async () => {
    const { action } = await createAcaAction(
      t.app.tambo.deps,
      null,
      { territory: COMMUNE, title: 'Asfaltado de la calle 3', responsible: 'Alcaldía', responsibleAgency: 'ALCALDIA-LIB', dueOn: inDays(-1), requestKey: 'test-aca-asfalto' },
      { seedAccount: MISSING },
    );
    assert.doesNotMatch((await get(browsers.spokesperson, `/sala/aca/${action.id}`)).body, /instruir=/, 'only operators instruct');
    const page = await get(browsers.operator, `/sala/aca/${action.id}`);
    const href = /href="([^"]*instruir=aca_action[^"]*)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const room = await get(browsers.operator, href.replace(/#.*$/, ''));
    assert.match(room.body, /<option value="aca_action" selected/);
    assert.match(room.body, /<option value="agency:ALCALDIA-LIB" selected/, "to the action's responsible agency");
    const index = formIndex(room.body, (f) => f.action.startsWith(`/sala/${COMMUNE}/instrucciones`));
    const sent = await browsers.operator.submit(
      `${t.baseUrl}/sala/${COMMUNE}`,
      room.body,
      { itemKind: 'aca_action', itemRef: action.id, recipient: 'agency:ALCALDIA-LIB', body: 'Informe la fecha de inicio del asfaltado.', dueOn: inDays(7) },
      index,
    );
    assert.equal(sent.status, 303);
    const instruction = await get(browsers.operator, new URL(sent.headers.get('location')!, t.baseUrl).pathname);
    assert.match(instruction.body, new RegExp(`href="/sala/aca/${action.id}"`), 'the instruction links its action');
    assert.match((await get(null, `/sala/aca/${action.id}`)).body, /ALCALDIA-LIB/);
  });
});
