// The room's list of the worst overdue items, from every module's `overdue` declaration:
// reports unanswered past their legal time for everyone, by territory (a report of another
// department is not listed); cases only for the room's operators, nationally; the longest overdue
// first; an answered or still-in-time report is not listed; a territory's operator may instruct
// about each item from the list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { submitApplication } from '../cases/index.ts';

describe('the worst overdue items in the situation room', () => {
  let t: TestApp & { baseUrl: string };
  const ids: Record<string, number> = {};
  let caseCode: string;

  const fileReport = async (key: string, territoryCode: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'idempotency-key': `overdue-${key}` },
      payload: { categoryCode: 'agua', description: `Fuga de agua ${key}`, answers: { problema: 'fuga' }, territoryCode },
    });
    assert.equal(response.statusCode, 201, response.body);
    ids[key] = response.json().id as number;
  };
  const backdate = (key: string, days: number) => sql`UPDATE reports.report SET due_at = now() - make_interval(days => ${days}) WHERE id = ${ids[key]}`.execute(t.app.tambo.deps.db);

  before(async () => {
    t = await listenTestApp({ demo: true });
    const { deps } = t.app.tambo;
    // Far past their time, so that no demo item is worse: El Alto 900 days, Oruro 800, answered 950, in time: none.
    await fileReport('elalto', 'BO-L-01-02');
    await fileReport('oruro', 'BO-O-01-01');
    await fileReport('answered', 'BO-L-01-02');
    await fileReport('intime', 'BO-L-01-02');
    await backdate('elalto', 900);
    await backdate('oruro', 800);
    await backdate('answered', 950);
    await sql`UPDATE reports.report SET first_response_at = now() WHERE id = ${ids.answered}`.execute(deps.db);
    await createOnlineProcedure(deps.db, { slug: 'certificado-atrasado', agencyCode: 'SEGIP' });
    const accountId = await testAccount(deps, { documentNumber: newDocument(), givenName: 'Rosa', familyName: 'Quispe', email: 'rosa.atrasos@prueba.tambo' });
    const created = await submitApplication(deps, { slug: 'certificado-atrasado', accountId, answers: { birthDate: '2020-01-01', copies: 2, purpose: 'work' }, channel: 'online' });
    caseCode = created.trackingCode;
    await sql`UPDATE cases.case SET due_date = current_date - 1000 WHERE tracking_code = ${caseCode}`.execute(deps.db);
  });
  after(async () => t.close());

  const section = (html: string) => html.slice(html.indexOf('id="atrasados"'), html.indexOf('</section>', html.indexOf('id="atrasados"')));

  it("lists a territory's overdue reports, for everyone, with their category and how late; not another department's, not answered or in-time ones, never a case", async () => {
    const response = await t.app.inject({ url: '/sala/BO-L-01' });
    assert.equal(response.statusCode, 200);
    const list = section(response.body);
    assert.match(list, new RegExp(`<a href="/reportes/${ids.elalto}">${ids.elalto}</a></td><td[^>]*>[^<]*[Aa]gua[^<]*</td><td[^>]*>EPSAS</td><td[^>]*>[^<]+</td><td[^>]*>900 días<`));
    for (const other of ['oruro', 'answered', 'intime']) assert.doesNotMatch(list, new RegExp(`/reportes/${ids[other]}"`), other);
    assert.doesNotMatch(list, new RegExp(caseCode), 'cases are for the room operators');
    assert.doesNotMatch(list, /Instruir/, 'the public cannot instruct');
  });

  it('lists the whole country nationally, the longest overdue first', async () => {
    const list = section((await t.app.inject({ url: '/sala' })).body);
    const elalto = list.indexOf(`/reportes/${ids.elalto}"`);
    const oruro = list.indexOf(`/reportes/${ids.oruro}"`);
    assert.ok(elalto >= 0 && oruro > elalto, 'El Alto (900 days) before Oruro (800 days)');
    assert.doesNotMatch(list, new RegExp(caseCode));
  });

  it('shows overdue cases to a platform administrator in the national room, and narrows the list to one agency', async () => {
    const email = 'admin.atrasos@prueba.tambo';
    await testAccount(t.app.tambo.deps, { documentNumber: newDocument(), givenName: 'Luis', familyName: 'Mamani', email, isPlatformAdmin: true });
    const browser = new HttpSession();
    await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
    const get = async (path: string) => section(await (await browser.request(`${t.baseUrl}${path}`)).text());
    const national = await get('/sala');
    assert.match(national, new RegExp(`<td[^>]*>${caseCode}</td><td[^>]*>[^<]+</td><td[^>]*>SEGIP</td>`));
    assert.ok(national.indexOf(caseCode) < national.indexOf(`/reportes/${ids.elalto}"`), 'the case (1000 days) comes first');
    const epsas = await get('/sala?institucion=EPSAS');
    assert.doesNotMatch(epsas, new RegExp(caseCode));
    assert.match(epsas, new RegExp(`/reportes/${ids.elalto}"`));
  });

  it("offers a territory's operator an instruction about each item, filled in", async () => {
    const email = 'operador.atrasos@prueba.tambo';
    await testAccount(t.app.tambo.deps, { documentNumber: newDocument(), givenName: 'Eva', familyName: 'Choque', email, roles: [{ role: 'room_operator', territoryCode: 'BO-L' }] });
    const browser = new HttpSession();
    await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
    const list = section(await (await browser.request(`${t.baseUrl}/sala/BO-L`)).text());
    assert.match(list, new RegExp(`href="/sala/BO-L\\?instruir=report%3A${ids.elalto}&amp;para=agency%3AEPSAS#enviar-instruccion"`));
    const form = await (await browser.request(`${t.baseUrl}/sala/BO-L?instruir=report%3A${ids.elalto}&para=agency%3AEPSAS`)).text();
    assert.match(form, new RegExp(`name="itemRef"[^>]*value="${ids.elalto}"|value="${ids.elalto}"[^>]*name="itemRef"`));
  });
});
