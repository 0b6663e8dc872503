// The owner agency's pages over real HTTP: a SEGIP registrar (the persons registry's owner in
// `bo`) registers a person — a form with field errors linked from a summary and the input kept
// — then corrects the record with a reason, and sees its versions; a citizen is refused.
// Empresa digital: a person registers a unit as its representative and acts for it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { CITIZEN, OFFICIAL } from '../identity/admin.test-helpers.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true });
});
after(async () => t.close());

const formIndex = (html: string, action: string) => formsIn(html).findIndex((f) => f.action.startsWith(action));

describe('registry keepers', () => {
  it('register a person with field errors first, correct the record with a reason, and see its versions', async () => {
    const official = new HttpSession();
    await signInPortal(t, official, OFFICIAL.login, OFFICIAL.password);
    const list = await official.request(`${t.baseUrl}/gestion/registros?registro=personas&buscar=Quispe`);
    assert.equal(list.status, 200);
    const listHtml = await list.text();
    assert.match(listHtml, /4567891 LP/);
    assert.doesNotMatch(listHtml, /Registro único de unidades económicas/, 'SEGIP keeps persons, not economic units');
    // The official's read of a person's record is logged like any other agency's.
    const logged = await sql`SELECT 1 FROM registries.usage WHERE record_key = '4567891 LP' AND reader_type = 'official' AND reader_agency = 'SEGIP'`.execute(t.app.tambo.deps.db);
    assert.ok(logged.rows.length >= 1);

    const url = `${t.baseUrl}/gestion/registros/personas/nuevo`;
    const form = await (await official.request(url)).text();
    const bad = await official.submit(
      url,
      form,
      { id: '81234 XX', firstName: 'Lucía', lastName: '', birthDate: '1999-02-30', sex: 'F', civilStatus: 'soltero', reason: '' },
      formIndex(form, '/gestion/registros/personas/nuevo'),
    );
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    for (const field of ['id', 'lastName', 'birthDate', 'reason']) assert.match(badHtml, new RegExp(`href="#campo-${field}"`), field);
    assert.match(badHtml, /value="Lucía"/, 'the input is kept');
    assert.match(badHtml, /<title>Error: /);

    const id = `${8_100_000 + (process.pid % 1000)}`;
    const ok = await official.submit(
      url,
      badHtml,
      { id, firstName: 'Lucía', lastName: 'Mamani Ticona', birthDate: '1999-02-28', sex: 'F', civilStatus: 'soltero', reason: 'Partida de nacimiento 4455' },
      formIndex(badHtml, '/gestion/registros/personas/nuevo'),
    );
    assert.equal(ok.status, 303);
    const recordUrl = new URL(ok.headers.get('location')!, t.baseUrl).toString();
    const recordHtml = await (await official.request(recordUrl)).text();
    assert.match(recordHtml, /Mamani Ticona/);
    assert.match(recordHtml, /Partida de nacimiento 4455/);

    const action = `/gestion/registros/personas/${encodeURIComponent(id)}`;
    const changed = await official.submit(recordUrl, recordHtml, { civilStatus: 'casado', reason: 'Partida de matrimonio 77' }, formIndex(recordHtml, action));
    assert.equal(changed.status, 303);
    const after = await (await official.request(recordUrl)).text();
    assert.match(after, /Partida de matrimonio 77/);
    assert.match(after, /Casado\/a/);
    const versions = await sql<{ version: number; reason: string; actor_type: string }>`
      SELECT v.version, v.reason, v.actor_type FROM registries.record_version v JOIN registries.record r ON r.id = v.record_id WHERE r.key = ${id} ORDER BY v.version`.execute(t.app.tambo.deps.db);
    assert.deepEqual(
      versions.rows.map((v) => [v.version, v.reason, v.actor_type]),
      [
        [1, 'Partida de nacimiento 4455', 'official'],
        [2, 'Partida de matrimonio 77', 'official'],
      ],
    );
    const audit = await sql`SELECT 1 FROM audit.entry WHERE action = 'registries.record_updated' AND actor_type = 'official'`.execute(t.app.tambo.deps.db);
    assert.ok(audit.rows.length >= 1);
  });

  it('refuses a person who keeps no registry', async () => {
    const citizen = new HttpSession();
    await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password);
    assert.equal((await citizen.request(`${t.baseUrl}/gestion/registros`)).status, 403);
    assert.equal((await citizen.request(`${t.baseUrl}/gestion/registros/personas/nuevo`)).status, 403);
  });
});

const mainNav = (html: string) => /<nav class="main-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

describe('empresa digital', () => {
  it('is in the main navigation of a signed-in person, not of a visitor', async () => {
    assert.doesNotMatch(mainNav(await (await fetch(`${t.baseUrl}/`)).text()), /href="\/empresa"/);
    const citizen = new HttpSession();
    await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password);
    const nav = mainNav(await (await citizen.request(`${t.baseUrl}/`)).text());
    assert.match(nav, /<a href="\/empresa">Mi empresa<\/a>/);
    assert.match(mainNav(await (await citizen.request(`${t.baseUrl}/empresa`)).text()), /<a href="\/empresa" aria-current="page">/);
  });

  it('a person registers a unit as its representative (field errors first), then acts for it in the session', async () => {
    const citizen = new HttpSession();
    await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password);
    const url = `${t.baseUrl}/empresa`;
    const page = await (await citizen.request(url)).text();
    assert.match(page, /Tejidos Andinos S\.R\.L\./, 'the demo unit she represents');
    const form = formIndex(page, '/empresa#');
    const bad = await citizen.submit(url, page, { id: '12AB', name: 'Panadería Illimani', legalForm: '', activityCodes: '107100' }, form);
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    for (const field of ['id', 'legalForm']) assert.match(badHtml, new RegExp(`href="#campo-${field}"`), field);
    assert.match(badHtml, /value="Panadería Illimani"/);
    const taken = await citizen.submit(url, badHtml, { id: '1028547023', name: 'Otra', legalForm: 'srl', activityCodes: '107100' }, formIndex(badHtml, '/empresa#'));
    assert.equal(taken.status, 400);
    assert.match(await taken.text(), /ya está registrada/);

    const nit = `${50_000_000 + (process.pid % 10_000)}`;
    const ok = await citizen.submit(url, badHtml, { id: nit, name: 'Panadería Illimani', legalForm: 'unipersonal', activityCodes: '107100' }, formIndex(badHtml, '/empresa#'));
    assert.equal(ok.status, 303);
    const registered = await (await citizen.request(new URL(ok.headers.get('location')!, t.baseUrl).toString())).text();
    assert.match(registered, /Panadería Illimani/);
    const version = await sql<{ actor_type: string; reps: string[] }>`
      SELECT v.actor_type, v.content -> 'representatives' AS reps FROM registries.record_version v JOIN registries.record r ON r.id = v.record_id WHERE r.key = ${nit}`.execute(t.app.tambo.deps.db);
    assert.deepEqual(version.rows, [{ actor_type: 'person', reps: ['4567891 LP'] }]);

    const act = await citizen.submit(
      url,
      registered,
      { unidad: nit },
      formsIn(registered).findIndex((f) => f.action === '/empresa/actuar' && f.hidden.unidad === nit),
    );
    assert.equal(act.status, 303);
    assert.match(await (await citizen.request(url)).text(), /En esta sesión actúa como Panadería Illimani/);
    // A unit she does not represent.
    const other = await citizen.submit(
      url,
      registered,
      { unidad: '4021587019' },
      formsIn(registered).findIndex((f) => f.action === '/empresa/actuar'),
    );
    assert.equal(other.status, 403);
  });
});

describe('contract', () => {
  it('open data publishes units\' public fields only; "Mis datos" shows the person\'s record and who read it', async () => {
    const response = await fetch(`${t.baseUrl}/api/v1/open-data/registries.economic_units`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /Tejidos Andinos/);
    assert.doesNotMatch(text, /4567891|representatives|Av\. 6 de Agosto/, 'no person, no representative, no address');
    const citizen = new HttpSession();
    await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password);
    const mine = await (await citizen.request(`${t.baseUrl}/cuenta/mis-datos`)).text();
    assert.match(mine, /Registros públicos/);
    assert.match(mine, /Rosa Mamani Apaza/, "her record's civil-status facts");
  });
});
