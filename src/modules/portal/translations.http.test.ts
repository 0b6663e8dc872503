// The back-office editor of translations over HTTP on the Bolivian demo data: a translator
// finds a Quechua message and corrects it; a text that does not parse, or that loses its
// argument, is refused at the field with the text kept; the edit is audited and wins over the
// file's draft on the citizen's page at once (and after a restart); a citizen is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { applyEdits } from './translations.service.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ env: { DEMO: 'true', COUNTRY: 'bo' } });
});
after(async () => {
  await t.close();
});

async function person(name: string, roles: Array<{ role: string; agencyCode: string }> = []): Promise<HttpSession> {
  const documentNumber = newDocument();
  const email = `${name}-${documentNumber}@prueba.bo`;
  await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Prueba', email, roles });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return browser;
}
const open = async (browser: HttpSession, path: string) => {
  const response = await browser.request(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text() };
};
const KEY = 'catalog.procedure.hours';
const EDIT = `/admin/traducciones/qu/${KEY}`;

describe('translation editor', () => {
  it('lets a translator correct a Quechua message: checked at the field, audited, shown at once', async () => {
    const translator = await person('Traductora', [{ role: 'translator', agencyCode: 'AGETIC' }]);
    const start = await open(translator, '/trabajo');
    assert.ok(start.html.includes('href="/admin/traducciones"'), 'the start page links the editor');
    const list = await open(translator, `/admin/traducciones?idioma=qu&q=${KEY}`);
    assert.equal(list.status, 200);
    assert.ok(list.html.includes(`href="${EDIT}"`));
    assert.ok(list.html.includes('Kichasqa kanan: {hours}'), "the file's draft is the current text");
    const untranslated = await open(translator, '/admin/traducciones?idioma=gn&q=catalog.procedure&pendientes=si');
    assert.ok(!untranslated.html.includes('catalog.procedure.hours</code>'), 'a translated key is not pending');
    assert.ok(untranslated.html.includes('catalog.procedure.legalBasis</code>'), 'an untranslated one is');

    const page = await open(translator, EDIT);
    assert.equal(page.status, 200);
    assert.ok(page.html.includes('Horario: {hours}'), 'the Spanish text beside the field');
    const post = async (text: string) => {
      const response = await translator.submit(`${t.baseUrl}${EDIT}`, page.html, { text });
      return { status: response.status, location: response.headers.get('location'), html: await response.text() };
    };
    const broken = await post('Punku kichasqa: {hours');
    assert.equal(broken.status, 400);
    assert.match(broken.html, /<title>Error: /);
    assert.ok(broken.html.includes('href="#campo-text"'), 'the summary links the field');
    assert.ok(broken.html.includes('no es un mensaje válido'));
    assert.ok(broken.html.includes('>Punku kichasqa: {hours</textarea>'), 'the text typed is kept');
    const lost = await post('Punku kichasqa: {horas}');
    assert.equal(lost.status, 400);
    assert.ok(lost.html.includes('falta {hours}') && lost.html.includes('el español no tiene {horas}'), 'names the argument lost and the one invented');

    const saved = await post('Punku kichasqa kanan: {hours}');
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/admin/traducciones?idioma=qu&q=${KEY}&guardado=${KEY}`);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'portal.translation_edited' AND subject_id = ${`qu:${KEY}`}`.execute(t.app.tambo.deps.db);
    assert.equal(audit.rows[0]!.n, 1);
    const procedure = await t.app.inject({ method: 'GET', url: '/tramites/certificado-de-nacimiento', cookies: { tambo_lang: 'qu' } });
    assert.ok(procedure.body.includes('Punku kichasqa kanan: '), 'the edit wins over the draft on the citizen page');
    assert.ok(!procedure.body.includes('Kichasqa kanan: '));
    // Saving the same text again writes nothing.
    assert.equal((await post('Punku kichasqa kanan: {hours}')).status, 303);
    const again = await sql<{ n: number }>`SELECT count(*)::int AS n FROM portal.message_edit WHERE key = ${KEY}`.execute(t.app.tambo.deps.db);
    assert.equal(again.rows[0]!.n, 1);
    // Another process (or a restart) applies the stored edits over the files.
    t.app.tambo.deps.catalogs.qu?.set(KEY, 'Kichasqa kanan: {hours}');
    assert.equal(await applyEdits(t.app.tambo.deps), 1);
    assert.equal(t.app.tambo.deps.catalogs.qu?.get(KEY), 'Punku kichasqa kanan: {hours}');
  });

  it('refuses a citizen, and an unknown message or language', async () => {
    const citizen = await person('Ciudadana');
    assert.equal((await open(citizen, '/admin/traducciones')).status, 403);
    assert.equal((await open(citizen, EDIT)).status, 403);
    const admin = new HttpSession();
    await signInPortal(t, admin, 'admin@demo.tambo', 'Demo-2026-admin');
    assert.equal((await open(admin, '/admin/traducciones/qu/no.such.key')).status, 404);
    assert.equal((await open(admin, `/admin/traducciones/fr/${KEY}`)).status, 404);
  });
});
