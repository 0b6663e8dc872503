// Communal justice of peace over real HTTP in the `ve` profile: a neighbour asks for mediation
// (errors summarised and kept); the commune's justice accepts it, calls a session (the party with
// an account is notified in the mailbox, the one without gets a key), records the act; the parties
// accept it (a burst of 20 acceptances counts once; level bajo is refused; in person attested by
// the justice); the act is sealed by the signing service; fulfilment and closing. A third person
// and another commune's justice get "not found" on every route. Violence is referred, never mediated.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { eventJobName } from '../../platform/events/outbox.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { agenciesModule } from '../agencies/index.ts';
import { territoriesModule } from '../territories/index.ts';
import { peaceJusticeStats } from './peace-justice.stats.ts';

let t: TestApp & { baseUrl: string };
const deps = () => t.app.tambo.deps;
const COMMUNE = 'VE-A-01-01-01';
const COUNCIL = 'VE-A-01-01-01-02';
const OTHER_COMMUNE = 'VE-A-01-03-01';

interface Person {
  id: string;
  email: string;
  documentNumber: string;
  name: string;
}

async function person(given: string, level: 'bajo' | 'sustancial' = 'sustancial'): Promise<Person> {
  const documentNumber = `V-${randomInt(10_000_000, 30_000_000)}`;
  const email = `${given.toLowerCase()}-${documentNumber}@prueba.tambo`;
  const id = await testAccount(deps(), { country: 've', documentType: 'CEDULA', documentNumber, givenName: given, familyName: 'Prueba', email, level });
  return { id, email, documentNumber, name: `${given} Prueba` };
}

async function justice(territory: string): Promise<Person> {
  const p = await person('Jueza');
  await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${p.id}, ${territory}, 'justice_of_peace')`.execute(deps().db);
  return p;
}

/** Signs in through the provider's pages (a justice, holding a role, enrols a second factor on the way). */
async function signIn(p: Person): Promise<HttpSession> {
  const browser = new HttpSession();
  const landed = await signInPortal(t, browser, p.email, TEST_ACCOUNT_PASSWORD);
  assert.equal(landed.status, 200, 'signed in');
  return browser;
}

const get = async (browser: HttpSession, path: string) => {
  const response = await browser.request(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text() };
};

/** Submits the form of `page` whose action ends with `action`. */
async function post(browser: HttpSession, page: string, action: string, fields: Record<string, string> = {}): Promise<Response> {
  const html = (await get(browser, page)).html;
  return browser.submit(
    `${t.baseUrl}${page}`,
    html,
    fields,
    formIndex(html, (f) => f.action.endsWith(action)),
  );
}

/** Posts to a case action with a CSRF token taken from a page this browser can read. */
async function postRaw(browser: HttpSession, path: string, fields: Record<string, string> = {}): Promise<Response> {
  const html = (await get(browser, '/justicia-de-paz/seguimiento')).html;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return browser.request(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
}

async function requestCase(browser: HttpSession, fields: Record<string, string>): Promise<string> {
  const sent = await post(browser, '/justicia-de-paz/solicitar', '/justicia-de-paz/solicitar', fields);
  assert.equal(sent.status, 303, 'request accepted');
  return new URL(sent.headers.get('location')!, t.baseUrl).pathname;
}

before(async () => {
  t = await listenTestApp({ env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' } });
  await territoriesModule.seed!(deps());
  await agenciesModule.seed!(deps());
});
after(async () => t.close());

describe('mediation', () => {
  it('is asked, mediated, signed, sealed, followed and closed; nobody else sees it', async () => {
    const [neighbour, other, judge, otherJudge, stranger] = await Promise.all([person('Rosa'), person('Pedro', 'bajo'), justice(COMMUNE), justice(OTHER_COMMUNE), person('Tercero')]);
    const requester = await signIn(neighbour);

    // Errors: summarised, linked to the fields, what was typed kept.
    const wrong = await post(requester, '/justicia-de-paz/solicitar', '/justicia-de-paz/solicitar', { asunto: 'Ruido', 'parte1-nombre': 'Pedro' });
    assert.equal(wrong.status, 422);
    const wrongHtml = await wrong.text();
    for (const field of ['tipo', 'asunto', 'territorio']) assert.match(wrongHtml, new RegExp(`href="#campo-${field}"`));
    assert.match(wrongHtml, />Ruido<\/textarea>/);
    assert.match(wrongHtml, /value="Pedro"/);

    const path = await requestCase(requester, {
      tipo: 'neighbours',
      asunto: 'El vecino de arriba pone música alta todas las noches hasta las tres.',
      territorio: COUNCIL,
      'parte1-nombre': other.name,
      'parte1-documento': other.documentNumber,
      'parte2-nombre': 'Juana Sin Cuenta',
      'parte2-documento': 'V-5555555',
    });
    const id = path.split('/').pop()!;
    assert.match((await get(requester, path)).html, /Solicitado/);

    // Confidentiality: a third person and another commune's justice get "not found", through every route.
    const outsiders = [await signIn(stranger), await signIn(otherJudge)];
    for (const outsider of outsiders) {
      assert.equal((await get(outsider, path)).status, 404);
      assert.doesNotMatch((await get(outsider, '/justicia-de-paz')).html, /música alta|JP-/);
      for (const action of ['aceptar', 'firmar', 'acta', 'cerrar']) assert.equal((await postRaw(outsider, `${path}/${action}`, { acta: 'Acuerdo ajeno de prueba' })).status, 404, action);
    }
    // Anonymous: sent to sign in, never the case.
    assert.notEqual((await fetch(`${t.baseUrl}${path}`, { redirect: 'manual' })).status, 200);

    const judgeBrowser = await signIn(judge);
    assert.match((await get(judgeBrowser, '/justicia-de-paz')).html, new RegExp(id), 'the commune’s justice lists the council’s case');
    assert.equal((await post(judgeBrowser, path, '/aceptar')).status, 303);
    const badDate = await post(judgeBrowser, path, '/sesion', { 'fecha-day': '31', 'fecha-month': '2', 'fecha-year': '2027', hora: '18:30', lugar: 'Casa comunal' });
    assert.equal(badDate.status, 422);
    assert.match(await badDate.text(), /value="Casa comunal"/, 'the place is kept');
    assert.equal((await post(judgeBrowser, path, '/sesion', { 'fecha-day': '15', 'fecha-month': '3', 'fecha-year': '2027', hora: '18:30', lugar: 'Casa comunal Bloque 7' })).status, 303);
    const noticesTo = async (accountId: string) =>
      (await sql<{ subject: string }>`SELECT subject FROM mailbox.message WHERE recipient_account_id = ${accountId} AND subject LIKE 'Mediación JP-%' ORDER BY subject`.execute(deps().db)).rows.map(
        (r) => r.subject.replace(/JP-[0-9A-Z]{8}/, 'JP'),
      );
    assert.deepEqual(await noticesTo(other.id), [], 'the notices are jobs from the outbox, not sent in the request');
    await t.drain();
    assert.deepEqual(await noticesTo(other.id), ['Mediación JP: sesión convocada', 'Mediación JP: usted es parte'], 'named as a party, then called to the session, in the mailbox');
    assert.deepEqual(await noticesTo(neighbour.id), ['Mediación JP: sesión convocada']);
    // A retried job (the same event handled again) sends nothing twice.
    const [event] = (
      await sql<{
        id: number;
        topic: string;
        payload: Record<string, unknown>;
        created_at: Date;
      }>`SELECT id, topic, payload, created_at FROM platform.outbox WHERE topic = 'peace_justice.session_scheduled' AND payload->>'mediationId' = ${path.split('/').pop()!}`.execute(deps().db)
    ).rows;
    const retry = t.app.tambo.jobHandlers.get(eventJobName('peace_justice.session_scheduled', 'peace_justice.mailbox'))!;
    await retry({ id: event!.id, topic: event!.topic, payload: event!.payload, createdAt: event!.created_at }, { jobId: 'retry', attempt: 2 });
    await t.drain();
    assert.deepEqual(await noticesTo(other.id), ['Mediación JP: sesión convocada', 'Mediación JP: usted es parte']);
    assert.equal((await post(judgeBrowser, path, '/sesion-realizada', { notas: 'Asistieron las tres partes.' })).status, 303);
    assert.equal((await post(judgeBrowser, path, '/acta', { acta: 'La música se apaga a las 22:00 de domingo a jueves y a las 00:00 viernes y sábado.' })).status, 303);
    const judgePage = (await get(judgeBrowser, path)).html;
    const key = /clave para seguir el caso: ([0-9A-Z]{10})/.exec(judgePage)?.[1];
    assert.ok(key, 'the justice sees the key to hand over to the party without an account');

    // A burst of 20 acceptances by the same party counts once.
    const page = (await get(requester, path)).html;
    const form = formIndex(page, (f) => f.action.endsWith('/firmar'));
    const burst = await Promise.all(Array.from({ length: 20 }, () => requester.submit(`${t.baseUrl}${path}`, page, {}, form)));
    assert.deepEqual(burst.map((r) => r.status).sort(), [303, ...Array.from({ length: 19 }, () => 409)]);
    // A party at level bajo cannot sign online; the justice attests in person.
    const otherBrowser = await signIn(other);
    assert.match((await get(otherBrowser, path)).html, /nivel sustancial/);
    assert.equal((await postRaw(otherBrowser, `${path}/firmar`)).status, 403);
    const parties = await sql<{ id: string; name: string }>`SELECT id, name FROM peace_justice.party WHERE mediation_id = ${id} AND accepted_at IS NULL`.execute(deps().db);
    assert.equal(parties.rows.length, 2);
    for (const party of parties.rows) assert.equal((await post(judgeBrowser, path, '/presencial', { parte: party.id })).status, 303);
    const accepted = await sql<{ kind: string; n: number }>`SELECT kind, count(*)::int AS n FROM peace_justice.entry WHERE mediation_id = ${id} GROUP BY kind`.execute(deps().db);
    assert.equal(accepted.rows.find((r) => r.kind === 'act_accepted')?.n, 3, 'three acceptances, one each');

    // Sealed by the signing service (a job after the commit): one signed copy for each party with an account.
    await t.drain();
    const documents = await sql<{ n: number }>`SELECT count(*)::int AS n FROM documents.document WHERE source_key LIKE ${`peace_justice:${id}:%`}`.execute(deps().db);
    assert.equal(documents.rows[0]!.n, 2);
    assert.match((await get(requester, path)).html, /Acta firmada/);

    // The party without an account follows the case with the code and the key.
    const follower = new HttpSession();
    const code = /Caso de mediación (JP-[0-9A-Z]{8})/.exec(page)![1]!;
    const followPage = (await get(follower, '/justicia-de-paz/seguimiento')).html;
    const badFollow = await follower.submit(`${t.baseUrl}/justicia-de-paz/seguimiento`, followPage, { caso: code, clave: 'AAAAAAAAAA' });
    assert.equal(badFollow.status, 422);
    const followed = await follower.submit(`${t.baseUrl}/justicia-de-paz/seguimiento`, followPage, { caso: code.toLowerCase(), clave: key! });
    assert.equal(followed.status, 200);
    assert.match(await followed.text(), /La música se apaga/);

    assert.equal((await post(judgeBrowser, path, '/cumplimiento', { cumplimiento: 'Un mes sin quejas.' })).status, 303);
    assert.equal((await post(judgeBrowser, path, '/cerrar', { resultado: 'fulfilled' })).status, 303);
    assert.match((await get(otherBrowser, path)).html, /Acuerdo cumplido/);
    await t.drain();
    // Each party with an account got each notice once.
    const journey = ['Mediación JP: acta por aceptar', 'Mediación JP: acta sellada', 'Mediación JP: caso cerrado', 'Mediación JP: sesión convocada'];
    assert.deepEqual(await noticesTo(neighbour.id), journey);
    assert.deepEqual(await noticesTo(other.id), [...journey, 'Mediación JP: usted es parte'].sort());
    const ended = await readStat(deps().db, peaceJusticeStats.ended, { groupBy: ['outcome'], territory: COMMUNE });
    assert.equal(ended.find((r) => r.group.outcome === 'fulfilled')?.count, 1);
    const audit = await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${id} ORDER BY occurred_at`.execute(deps().db);
    for (const action of [
      'peace_justice.requested',
      'peace_justice.accept',
      'peace_justice.schedule',
      'peace_justice.act',
      'peace_justice.act_accepted',
      'peace_justice.attest',
      'peace_justice.close',
    ])
      assert.ok(
        audit.rows.some((r) => r.action === action),
        action,
      );
    // Still nothing for the outsiders.
    for (const outsider of outsiders) assert.equal((await get(outsider, path)).status, 404);
  });

  it('refers violence to the competent authority at once, never mediated', async () => {
    const [neighbour, judge] = await Promise.all([person('Ana'), justice(COMMUNE)]);
    const path = await requestCase(await signIn(neighbour), {
      tipo: 'violence',
      asunto: 'Mi vecino me amenazó con un machete anoche.',
      territorio: COUNCIL,
      'parte1-nombre': 'Vecino Violento',
    });
    const judgeBrowser = await signIn(judge);
    const html = (await get(judgeBrowser, path)).html;
    assert.match(html, /Derivado a la autoridad competente/);
    assert.match(html, /Ministerio Público/);
    assert.doesNotMatch(html, /action="[^"]*\/(aceptar|sesion|acta)"/, 'no mediation forms');
    assert.equal((await postRaw(judgeBrowser, `${path}/aceptar`)).status, 409);
  });

  it('is asked by a community council through its spokesperson, and by no one else on its behalf', async () => {
    const [vocera, neighbour, judge] = await Promise.all([person('Vocera'), person('Luis'), justice(COMMUNE)]);
    await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${vocera.id}, ${COUNCIL}, 'project_spokesperson')`.execute(deps().db);
    const fields = {
      tipo: 'services',
      asunto: 'La tubería de agua del sector se rompe cada semana entre dos edificios.',
      territorio: COUNCIL,
      'parte1-nombre': 'Junta de condominio',
    };
    // A person who is not its spokesperson: the choice is not offered, and a forged one is refused on its field.
    const plain = await signIn(neighbour);
    assert.doesNotMatch((await get(plain, '/justicia-de-paz/solicitar')).html, /name="en-nombre-de"/);
    const forged = await post(plain, '/justicia-de-paz/solicitar', '/justicia-de-paz/solicitar', { ...fields, 'en-nombre-de': COUNCIL });
    assert.equal(forged.status, 422);
    assert.match(await forged.text(), /href="#campo-en-nombre-de"/);

    const browser = await signIn(vocera);
    assert.match((await get(browser, '/justicia-de-paz/solicitar')).html, new RegExp(`<option value="${COUNCIL}"`));
    const path = await requestCase(browser, { ...fields, 'en-nombre-de': COUNCIL });
    const id = path.split('/').at(-1)!;
    const row = await sql<{ requester_council: string; requester_account_id: string }>`SELECT requester_council, requester_account_id FROM peace_justice.mediation WHERE id = ${id}`.execute(deps().db);
    assert.deepEqual(row.rows, [{ requester_council: COUNCIL, requester_account_id: vocera.id }]);
    const audit = await sql<{ data: { council: string } }>`SELECT data FROM audit.entry WHERE action = 'peace_justice.requested' AND subject_id = ${id}`.execute(deps().db);
    assert.equal(audit.rows[0]!.data.council, COUNCIL);
    const shown = (await get(await signIn(judge), path)).html;
    assert.match(shown, new RegExp(`El consejo comunal ${COUNCIL}, por su vocería`));
    // A person asking for themselves names no council.
    const own = await requestCase(plain, fields);
    assert.doesNotMatch((await get(plain, own)).html, /por su vocería/);
  });
});
