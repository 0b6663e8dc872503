// The room acts: an operator sends an instruction from the room's form to a territory below it;
// its responder receives and answers it; replays and bursts send once; nobody else sees it;
// the scheduled job marks the unanswered overdue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { markOverdue, todayIn } from './instruction.service.ts';

describe('situation room instructions', () => {
  let t: TestApp & { baseUrl: string };
  const people: Record<'operator' | 'responder' | 'outsider', HttpSession> = { operator: new HttpSession(), responder: new HttpSession(), outsider: new HttpSession() };
  before(async () => {
    t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    const { deps, modules } = t.app.tambo;
    await modules.find((m) => m.name === 'territories')!.seed!(deps);
    const roles = { operator: ['room_operator', 'BO-L-01'], responder: ['room_responder', 'BO-L-01-02'], outsider: ['room_responder', 'BO-O'] } as const;
    for (const [who, [role, territoryCode]] of Object.entries(roles) as Array<[keyof typeof roles, readonly [string, string]]>) {
      const documentNumber = newDocument();
      const email = `${who}-${documentNumber.replace(/\D/g, '')}@example.org`;
      await testAccount(deps, { documentNumber, givenName: who, familyName: 'Sala', email, roles: [{ role, territoryCode }] });
      await signInPortal(t, people[who], email, TEST_ACCOUNT_PASSWORD);
    }
  });
  after(async () => t.close());

  const get = async (who: HttpSession, path: string) => {
    const response = await who.request(`${t.baseUrl}${path}`);
    return { status: response.status, body: await response.text(), location: response.headers.get('location') };
  };
  const nextMonth = () => {
    const d = new Date(Date.now() + 30 * 86_400_000);
    return todayIn(t.app.tambo.deps, d);
  };

  async function send(fields: Record<string, string>) {
    const room = await get(people.operator, '/sala/BO-L-01');
    const index = formIndex(room.body, (f) => f.action.startsWith('/sala/BO-L-01/instrucciones'));
    return { room, index, response: await people.operator.submit(`${t.baseUrl}/sala/BO-L-01`, room.body, fields, index) };
  }

  it('refuses an incomplete instruction with its errors linked to the fields, keeping the input', async () => {
    const { response } = await send({ itemKind: 'territory', itemRef: 'BO-L-01-02', recipient: 'territory:BO-L-01-02', body: 'Revisar la entrega', dueOn: '2020-01-01' });
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<title>Error: /);
    assert.match(html, /href="#campo-dueOn"[^>]*>El plazo no puede ser una fecha pasada/);
    assert.match(html, /Revisar la entrega<\/textarea>/);
  });

  it('sends once per form, even replayed or in a burst, and only an operator may send', async () => {
    const fields = { itemKind: 'territory', itemRef: 'BO-L-01-02', recipient: 'territory:BO-L-01-02', body: 'Informar la entrega del ciclo', dueOn: nextMonth() };
    const room = await get(people.operator, '/sala/BO-L-01');
    const index = formIndex(room.body, (f) => f.action.startsWith('/sala/BO-L-01/instrucciones'));
    const burst = await Promise.all(Array.from({ length: 10 }, () => people.operator.submit(`${t.baseUrl}/sala/BO-L-01`, room.body, fields, index)));
    const places = new Set(burst.map((r) => r.headers.get('location')));
    assert.deepEqual(
      burst.map((r) => r.status),
      Array(10).fill(303),
    );
    assert.equal(places.size, 1, 'one instruction for ten identical submissions');
    // The responder holds no operator role: refused.
    const theirs = await get(people.responder, '/sala/BO-L-01-02');
    assert.doesNotMatch(theirs.body, /instrucciones#resumen-errores/, 'no form for a responder');
    // With their own valid CSRF token (from the sign-out form on their page), the operator's form is still refused.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(theirs.body)?.[1];
    assert.ok(csrf);
    const forged = await people.responder.submit(`${t.baseUrl}/sala/BO-L-01`, room.body, { ...fields, _csrf: csrf, requestKey: 'forged-request-key' }, index);
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /SITUATION_ROOM_FORBIDDEN|operador/);
  });

  it('is received and answered by the territory responder, and shows answered in the room; others never see it', async () => {
    const { response } = await send({ itemKind: 'report', itemRef: 'RPT-2026-000001', recipient: 'territory:BO-L-01-02', body: 'Atender el reporte de agua', dueOn: nextMonth() });
    assert.equal(response.status, 303);
    const path = new URL(response.headers.get('location')!, t.baseUrl).pathname;
    assert.equal((await get(people.outsider, path)).status, 404);
    const anonymous = await get(new HttpSession(), path);
    assert.notEqual(anonymous.status, 200);
    const page = await get(people.responder, path);
    assert.equal(page.status, 200);
    assert.match(page.body, /Recibida/);
    const empty = await people.responder.submit(
      `${t.baseUrl}${path}`,
      page.body,
      { to: 'answered', answer: ' ' },
      formIndex(page.body, (f) => f.action.startsWith(path)),
    );
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /href="#campo-answer"/);
    const answered = await people.responder.submit(
      `${t.baseUrl}${path}`,
      page.body,
      { to: 'answered', answer: 'Cuadrilla enviada, fuga reparada' },
      formIndex(page.body, (f) => f.action.startsWith(path)),
    );
    assert.equal(answered.status, 303);
    const room = await get(people.operator, '/sala/BO-L-01');
    assert.match(room.body, /Reporte RPT-2026-000001<\/a><\/th><td[^>]*>El Alto<\/td><td[^>]*>[^<]+<\/td><td[^>]*><strong[^>]*>Respondida/);
    const timeline = await get(people.operator, path);
    assert.match(timeline.body, /enviada por la sala[\s\S]*recibida[\s\S]*respondida/);
    assert.match(timeline.body, /Cuadrilla enviada, fuga reparada/);
  });

  it('marks overdue, in the scheduled job, what is unanswered after its deadline', async () => {
    const { response } = await send({ itemKind: 'territory', itemRef: 'BO-L-01-02', recipient: 'territory:BO-L-01-02', body: 'Plazo corto', dueOn: todayIn(t.app.tambo.deps) });
    const path = new URL(response.headers.get('location')!, t.baseUrl).pathname;
    assert.ok((await markOverdue(t.app.tambo.deps, new Date(Date.now() + 3 * 86_400_000))) >= 1);
    assert.equal(await markOverdue(t.app.tambo.deps, new Date(Date.now() + 3 * 86_400_000)), 0, 'once');
    const page = await get(people.operator, path);
    assert.match(page.body, /Vencida/);
    assert.match(page.body, /venció el plazo sin respuesta/);
  });
});
