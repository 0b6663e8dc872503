// Scheduling CLAP cycles and the CLAP API: the room's operators schedule a delivery to a council
// by form (errors kept with the input, the same cycle once) and by API (20 identical requests at
// once schedule one, with one audit entry; another day answers 409); the distributor reports and
// the spokespeople confirm through the API with the same rules as the forms; problem details.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { boundTokenCopy } from '../../../test/helpers/bound-token.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount, userAccessToken } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { todayIn } from './instruction.service.ts';

const API = '/api/v1/situation-room/clap-deliveries';

describe('scheduling CLAP cycles, by form and API', () => {
  let t: TestApp & { baseUrl: string };
  const browser = new HttpSession();
  const tokens: Record<string, string> = {};
  const client = { clientId: 'sala-clap-pruebas', secret: 'sala-clap-pruebas-secret', redirectUri: 'http://127.0.0.1:8402/callback' };

  before(async () => {
    // trustProxy: a client certificate reaches the app as the TLS-terminating proxy's header.
    t = await listenTestApp({ env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' }, config: { trustProxy: true } });
    const { deps, modules } = t.app.tambo;
    for (const name of ['territories', 'situation_room']) await modules.find((m) => m.name === name)!.seed!(deps);
    await sql`INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, scopes, purpose)
      VALUES (${client.clientId}, ${client.secret}, 'Sala de pruebas', NULL, ${[client.redirectUri]}, ${['openid', 'situation_room:clap']}, 'Pruebas')`.execute(deps.db);
    const roles = { operator: ['room_operator', 'VE-A-01-01-01'], distributor: ['clap_distributor', 'VE-A-01-01-01'], spokesperson: ['room_responder', 'VE-A-01-01-01-02'] } as const;
    // Tokens first, roles after: a person holding a role must enrol a second factor at the provider.
    for (const [who, [role, territoryCode]] of Object.entries(roles)) {
      const documentNumber = newDocument();
      const email = `${who}-${documentNumber.replace(/\D/g, '')}@example.org`;
      const person = { documentNumber, givenName: who, familyName: 'CLAP', email };
      await testAccount(deps, person);
      tokens[who] = (await userAccessToken(t.baseUrl, { ...client, scope: 'openid situation_room:clap', login: email, password: TEST_ACCOUNT_PASSWORD })).tokens!.access_token;
      if (who === 'operator') tokens.noScope = (await userAccessToken(t.baseUrl, { ...client, scope: 'openid', login: email, password: TEST_ACCOUNT_PASSWORD })).tokens!.access_token;
      await testAccount(deps, { ...person, roles: [{ role, territoryCode }] });
      if (who === 'operator') await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
    }
  });
  after(async () => t.close());

  const call = async (who: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}) => {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extraHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const audits = async (id: string) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE subject_id = ${id} AND action = 'situation_room.clap_scheduled'`.execute(t.app.tambo.deps.db)).rows[0]!.n);

  it("schedules by form from the commune's room: errors with the input kept, then the delivery once", async () => {
    const room = await (await browser.request(`${t.baseUrl}/sala/VE-A-01-01-01`)).text();
    assert.match(room, /href="\/sala\/VE-A-01-01-01\/clap\/programar"/, 'the operator is offered the form');
    const path = `${t.baseUrl}/sala/VE-A-01-01-01/clap/programar`;
    const page = await (await browser.request(path)).text();
    assert.match(page, /<option value="VE-A-01-01-01-03"/);
    const index = formIndex(page, (f) => f.action.startsWith('/sala/VE-A-01-01-01/clap/programar'));
    const bad = await browser.submit(path, page, { territory: 'VE-A-01-01-01-03', cycle: '2031-13', scheduledOn: '2031-01-15', familiesPlanned: '0' }, index);
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /href="#campo-cycle">Escriba el ciclo como año-mes/);
    assert.match(badHtml, /href="#campo-familiesPlanned"/);
    assert.match(badHtml, /name="scheduledOn"[^>]*value="2031-01-15"|value="2031-01-15"[^>]*name="scheduledOn"/, 'the input is kept');
    const fields = { territory: 'VE-A-01-01-01-03', cycle: '2031-01', scheduledOn: '2031-01-15', familiesPlanned: '95' };
    const ok = await browser.submit(path, page, fields, index);
    assert.equal(ok.status, 303);
    const id = /\/sala\/clap\/([0-9a-f-]{36})$/.exec(ok.headers.get('location')!)![1]!;
    const again = await browser.submit(path, page, fields, index);
    assert.equal(again.headers.get('location'), ok.headers.get('location'), 'the same cycle is the same delivery');
    assert.equal(await audits(id), 1);
    const other = await browser.submit(path, page, { ...fields, familiesPlanned: '96' }, index);
    assert.equal(other.status, 400);
    assert.match(await other.text(), /ya tiene una entrega de este ciclo/);
  });

  it('schedules by API: 20 identical requests at once make one delivery and one audit entry; another day is 409; a commune is no council', async () => {
    const body = { territoryCode: 'VE-A-01-01-01-02', cycle: '2031-02', scheduledOn: '2031-02-10', familiesPlanned: 140 };
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('operator', API, body)));
    assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(19).fill(200), 201]);
    const ids = new Set(answers.map((a) => a.json.id));
    assert.equal(ids.size, 1);
    const id = String([...ids][0]);
    assert.equal(await audits(id), 1);
    assert.equal(answers[0]!.json.council, 'VE-A-01-01-01-02');
    const moved = await call('operator', API, { ...body, scheduledOn: '2031-02-11' });
    assert.equal(moved.status, 409);
    assert.equal(moved.json.code, 'SITUATION_ROOM_CLAP_EXISTS');
    const commune = await call('operator', API, { ...body, territoryCode: 'VE-A-01-01-01' });
    assert.equal(commune.status, 400);
    assert.equal(commune.json.code, 'SITUATION_ROOM_INVALID_CLAP');
    assert.equal((await call('distributor', API, body)).json.code, 'SITUATION_ROOM_FORBIDDEN', 'a distributor does not schedule');
    assert.equal((await call('noScope', API, body)).json.code, 'SITUATION_ROOM_FORBIDDEN', 'a token without the scope');
  });

  it('reports and confirms by API, once each, by the right role, with the public delivery readable', async () => {
    const created = await call('operator', API, { territoryCode: 'VE-A-01-01-01-02', cycle: '2031-03', scheduledOn: '2031-03-10', familiesPlanned: 140 });
    const id = String(created.json.id);
    const missing = '00000000-0000-7000-8000-000000000000';
    const today = todayIn(t.app.tambo.deps);
    const report = { deliveredOn: today, familiesServed: 140, items: 'Arroz, harina, aceite' };
    assert.equal((await call('distributor', `${API}/${missing}/report`, report)).json.code, 'SITUATION_ROOM_CLAP_NOT_FOUND');
    assert.equal((await call('spokesperson', `${API}/${id}/report`, report)).json.code, 'SITUATION_ROOM_FORBIDDEN');
    const future = await call('distributor', `${API}/${id}/report`, { ...report, deliveredOn: '2099-01-01' });
    assert.equal(future.json.code, 'SITUATION_ROOM_INVALID_CLAP');
    const reported = await call('distributor', `${API}/${id}/report`, report);
    assert.equal(reported.status, 200);
    assert.equal(reported.json.familiesServed, 140);
    assert.equal((await call('distributor', `${API}/${id}/report`, report)).json.code, 'SITUATION_ROOM_CLAP_DONE');

    const confirm = { confirmation: 'disputed', familiesCounted: 118 };
    assert.equal((await call('spokesperson', `${API}/${missing}/confirmation`, confirm)).json.code, 'SITUATION_ROOM_CLAP_NOT_FOUND');
    assert.equal((await call('distributor', `${API}/${id}/confirmation`, confirm)).json.code, 'SITUATION_ROOM_FORBIDDEN');
    assert.equal((await call('spokesperson', `${API}/${id}/confirmation`, confirm)).json.code, 'SITUATION_ROOM_INVALID_CLAP', 'a dispute needs its note');
    const disputed = await call('spokesperson', `${API}/${id}/confirmation`, { ...confirm, note: 'Faltaron 22 familias' });
    assert.equal(disputed.status, 200);
    assert.equal(disputed.json.discrepancy, true);
    assert.equal((await call('spokesperson', `${API}/${id}/confirmation`, { ...confirm, note: 'otra vez' })).json.code, 'SITUATION_ROOM_CLAP_DONE');

    const read = await fetch(`${t.baseUrl}${API}/${id}`);
    const json = (await read.json()) as Record<string, unknown>;
    assert.equal(json.confirmation, 'disputed');
    assert.equal('disputeNote' in json || 'note' in json, false, "the spokespeople's note is not public");
    assert.equal(((await (await fetch(`${t.baseUrl}${API}/${missing}`)).json()) as { code: string }).code, 'SITUATION_ROOM_CLAP_NOT_FOUND');
  });

  it('accepts a certificate-bound token only with its certificate (the request reaches the token check)', async () => {
    const bound = await boundTokenCopy(t.app, tokens.operator!);
    tokens.bound = bound.token;
    const body = { territoryCode: 'VE-A-01-01-01-01', cycle: '2031-04', scheduledOn: '2031-04-10', familiesPlanned: 80 };
    const without = await call('bound', API, body);
    assert.deepEqual([without.status, without.json.code], [401, 'UNAUTHENTICATED']);
    const withIt = await call('bound', API, body, bound.certificateHeaders);
    assert.equal(withIt.status, 201);
  });
});
