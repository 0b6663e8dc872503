// CLAP deliveries: public in the commune's room with overdue and disputed first; the
// distributor reports (errors kept with the input; once only), the spokespeople confirm or
// dispute (a dispute needs its reason); nobody else may.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { scheduleClapDelivery } from './clap.service.ts';
import { todayIn } from './instruction.service.ts';

describe('CLAP deliveries', () => {
  let t: TestApp & { baseUrl: string };
  const people = { distributor: new HttpSession(), spokesperson: new HttpSession(), outsider: new HttpSession() };
  before(async () => {
    t = await listenTestApp({ env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' } });
    const { deps, modules } = t.app.tambo;
    for (const name of ['territories', 'situation_room']) await modules.find((m) => m.name === name)!.seed!(deps);
    const roles = { distributor: ['clap_distributor', 'VE-A-01-01-01'], spokesperson: ['room_responder', 'VE-A-01-01-01-01'], outsider: ['clap_distributor', 'VE-A-01-03-01'] } as const;
    for (const [who, [role, territoryCode]] of Object.entries(roles) as Array<[keyof typeof people, readonly [string, string]]>) {
      const documentNumber = newDocument();
      const email = `${who}-${documentNumber.replace(/\D/g, '')}@example.org`;
      await testAccount(deps, { documentNumber, givenName: who, familyName: 'CLAP', email, roles: [{ role, territoryCode }] });
      await signInPortal(t, people[who], email, TEST_ACCOUNT_PASSWORD);
    }
  });
  after(async () => t.close());

  const get = async (who: HttpSession, path: string) => {
    const response = await who.request(`${t.baseUrl}${path}`);
    return { status: response.status, body: await response.text() };
  };

  it('shows the cycle in the commune room, overdue and disputed first, to everyone', async () => {
    const room = await t.app.inject({ url: '/sala/VE-A-01-01-01' });
    assert.equal(room.statusCode, 200);
    const clap = room.body.slice(room.body.indexOf('aria-labelledby="clap"'));
    assert.match(clap, /Consejo Comunal Bloque 7[\s\S]*Vencida[\s\S]*Consejo Comunal Los Cerritos[\s\S]*Discrepancia[\s\S]*Vista Hermosa[\s\S]*Confirmada/);
    assert.doesNotMatch(clap, /Instruir a la comuna/, 'only operators are offered to instruct');
    assert.equal((await t.app.inject({ url: '/sala/clap/00000000-0000-7000-8000-000000000000' })).statusCode, 404);
  });

  it('publishes the deliveries as open data, with their flags and without the spokespeople notes', async () => {
    const response = await t.app.inject({ url: '/api/v1/open-data/situation_room.clap_deliveries' });
    assert.equal(response.statusCode, 200, response.body);
    const rows = (response.json() as { items?: Array<Record<string, unknown>> }).items ?? (response.json() as Array<Record<string, unknown>>);
    const bloque = rows.find((r) => r.council === 'VE-A-01-01-01-01');
    assert.equal(bloque?.overdue, true);
    assert.equal(rows.find((r) => r.council === 'VE-A-01-01-01-02')?.discrepancy, true);
    assert.doesNotMatch(response.body, /La Cancha/);
  });

  it('takes the distributor report once, with errors kept, and the spokespeople confirmation; nobody else', async () => {
    const { deps } = t.app.tambo;
    const yesterday = todayIn(deps, new Date(Date.now() - 86_400_000));
    await scheduleClapDelivery(deps, null, { territory: 'VE-A-01-01-01-01', cycle: '2030-01', scheduledOn: yesterday, familiesPlanned: 50 });
    const room = await t.app.inject({ url: '/sala/VE-A-01-01-01-01' });
    const id = /href="\/sala\/clap\/([0-9a-f-]{36})"/.exec(room.body.slice(room.body.indexOf('aria-labelledby="clap"')))![1]!;
    const path = `/sala/clap/${id}`;
    // The outsider distributes elsewhere: no form, and a forged post is refused.
    const outsiderPage = await get(people.outsider, path);
    assert.doesNotMatch(outsiderPage.body, /name="familiesServed"/);
    const page = await get(people.distributor, path);
    const index = formIndex(page.body, (f) => f.action.startsWith(path));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(outsiderPage.body)![1]!;
    const forged = await people.outsider.submit(`${t.baseUrl}${path}`, page.body, { _csrf: csrf, deliveredOn: yesterday, familiesServed: '50', items: 'Arroz' }, index);
    assert.equal(forged.status, 403);

    const wrong = await people.distributor.submit(`${t.baseUrl}${path}`, page.body, { deliveredOn: '2999-01-01', familiesServed: 'cincuenta', items: 'Arroz y harina' }, index);
    assert.equal(wrong.status, 400);
    const wrongHtml = await wrong.text();
    assert.match(wrongHtml, /href="#campo-deliveredOn"[^>]*>La fecha de entrega no puede ser futura/);
    assert.match(wrongHtml, /href="#campo-familiesServed"/);
    assert.match(wrongHtml, /Arroz y harina<\/textarea>/);
    const ok = await people.distributor.submit(`${t.baseUrl}${path}`, page.body, { deliveredOn: yesterday, familiesServed: '48', items: 'Arroz y harina' }, index);
    assert.equal(ok.status, 303);
    const again = await people.distributor.submit(`${t.baseUrl}${path}`, page.body, { deliveredOn: yesterday, familiesServed: '50', items: 'Otra vez' }, index);
    assert.equal(again.status, 409);

    const confirmPage = await get(people.spokesperson, path);
    const confirmIndex = formIndex(confirmPage.body, (f) => f.action.startsWith(path));
    const noReason = await people.spokesperson.submit(`${t.baseUrl}${path}`, confirmPage.body, { confirmation: 'disputed', familiesCounted: '40' }, confirmIndex);
    assert.equal(noReason.status, 400);
    assert.match(await noReason.text(), /href="#campo-note"/);
    const disputed = await people.spokesperson.submit(`${t.baseUrl}${path}`, confirmPage.body, { confirmation: 'disputed', familiesCounted: '40', note: 'Ocho familias sin bolsa' }, confirmIndex);
    assert.equal(disputed.status, 303);
    const after = await get(people.outsider, path);
    assert.match(after.body, /Discrepancia/);
    assert.match(after.body, /Ocho familias sin bolsa/);
  });
});
