// Correction requests from "Mis datos" over real HTTP (docs/transparency.md#correction-requests):
// a person asks to correct identity's data (held by the platform's operator, the country
// profile's `platformAgency`); the form needs CSRF, keeps what was typed on a 422, and 20
// identical sends make one case; the case follows the holder's "Corrección de datos personales"
// with the legal time, is in that agency's queue and not another's, and nobody else sees it; the
// official approves it and the phone is corrected (audited), as "Mis datos" then shows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { getAgency, saveAgency } from '../agencies/index.ts';
import { correctionSlug } from './correction.service.ts';

let t: TestApp & { baseUrl: string };
const tag = randomUUID().slice(0, 6).toUpperCase();
const OTHER = `TRC${tag}`;
const HOLDER = 'AGETIC';

before(async () => {
  t = await listenTestApp({ env: { COUNTRY: 'bo', RATE_LIMIT_PER_MINUTE: '100000' } });
  const deps = t.app.tambo.deps;
  const system = { type: 'system' as const, id: 'test' };
  if (!(await getAgency(deps, HOLDER).catch(() => undefined))) {
    await saveAgency(deps, { code: HOLDER, name: 'AGETIC', acronym: HOLDER, kind: 'national', territoryCode: null, mission: 'Prueba' }, system);
  }
  await saveAgency(deps, { code: OTHER, name: `Entidad ${OTHER}`, acronym: OTHER, kind: 'national', territoryCode: null, mission: 'Prueba' }, system);
});
after(async () => {
  await t?.close();
});

async function person(name: string, roles: Array<{ role: string; agencyCode: string }> = []) {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@prueba.bo`;
  const documentNumber = String(1_000_000 + Math.floor(Math.random() * 8_000_000));
  const id = await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Prueba', email, roles, phone: '+59170000001' });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return { id, browser };
}
const get = async (who: HttpSession, path: string) => {
  const response = await who.request(`${t.baseUrl}${path}`);
  return { status: response.status, html: await response.text() };
};
const FORM = '/cuenta/mis-datos/corregir?modulo=identity';
const post = (who: HttpSession, html: string, fields: Record<string, string>, action = '/cuenta/mis-datos/corregir') =>
  who.submit(
    `${t.baseUrl}${FORM}`,
    html,
    fields,
    formIndex(html, (f) => f.action.includes(action)),
  );

it('files a correction as a case of the holding agency, once, and the approved correction shows in Mis datos', async () => {
  const db = t.app.tambo.deps.db;
  const ana = await person('Ana');
  const mallory = await person('Mallory');
  const official = await person('Oficial', [{ role: 'case_handler', agencyCode: HOLDER }]);
  const stranger = await person('Ajeno', [{ role: 'case_handler', agencyCode: OTHER }]);

  // "Mis datos" links each module's section to its correction form.
  const myData = await get(ana.browser, '/cuenta/mis-datos');
  assert.ok(myData.html.includes('href="/cuenta/mis-datos/corregir?modulo=identity"'), 'the identity section links to its correction');
  const shown = await get(ana.browser, FORM);
  assert.equal(shown.status, 200);
  assert.match(shown.html, /name="campo"/);
  assert.equal((await get(ana.browser, '/cuenta/mis-datos/corregir?modulo=nada')).status, 404);

  // Without the CSRF token: refused, nothing filed.
  const forged = await ana.browser.request(`${t.baseUrl}${FORM}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ modulo: 'identity', campo: 'phone', incorrecto: 'x', correcto: 'y' }).toString(),
  });
  assert.equal(forged.status, 403);

  // Missing texts: 422, errors linked to their fields, what was typed kept.
  const incomplete = await post(ana.browser, shown.html, { campo: 'phone', incorrecto: `Mi número cambió ${tag}`, correcto: '' });
  assert.equal(incomplete.status, 422);
  const kept = await incomplete.text();
  assert.ok(kept.includes('href="#campo-correcto"'), 'the error links to its field');
  assert.ok(kept.includes(`Mi número cambió ${tag}`), 'the text typed is kept');
  assert.ok(kept.includes('<option value="phone" selected>'), 'the field chosen is kept');

  // 20 identical sends of the same form: one case, every answer points at it.
  const fields = { campo: 'phone', incorrecto: `El teléfono registrado es mi línea anterior ${tag}`, correcto: '+59176543210' };
  const sends = await Promise.all(Array.from({ length: 20 }, () => post(ana.browser, kept, fields)));
  const locations = new Set(sends.map((r) => `${r.status} ${r.headers.get('location')}`));
  assert.equal(locations.size, 1, [...locations].join(', '));
  const code = /^303 \/mis-tramites\/(TR-[A-Z0-9-]+)$/.exec([...locations][0]!)?.[1];
  assert.ok(code, [...locations][0]);
  const { rows } = await sql<{ n: number; agency_code: string; slug: string; due: boolean }>`
    SELECT count(*)::int AS n, min(c.agency_code) AS agency_code, min(p.slug) AS slug, bool_and(c.due_date IS NOT NULL) AS due
      FROM cases.case c JOIN catalog.procedure p ON p.id = c.procedure_id
     WHERE c.account_id = ${ana.id}`.execute(db);
  assert.deepEqual(rows[0], { n: 1, agency_code: HOLDER, slug: correctionSlug(HOLDER), due: true });

  // In the person's cases; not visible to another person; in the holder's queue, not another agency's.
  assert.ok((await get(ana.browser, '/mis-tramites')).html.includes(code));
  assert.equal((await get(mallory.browser, `/mis-tramites/${code}`)).status, 404);
  assert.ok((await get(official.browser, '/gestion/expedientes')).html.includes(code), "in the holder's queue");
  assert.ok(!(await get(stranger.browser, '/gestion/expedientes')).html.includes(code), "not in another agency's queue");
  assert.notEqual((await get(stranger.browser, `/gestion/expedientes/${code}`)).status, 200);

  // The official takes it and approves it: the phone is corrected, audited, and "Mis datos" shows it.
  const act = async (transition: string, extra: Record<string, string> = {}) => {
    const page = await get(official.browser, `/gestion/expedientes/${code}`);
    assert.equal(page.status, 200);
    const response = await official.browser.submit(
      `${t.baseUrl}/gestion/expedientes/${code}`,
      page.html,
      extra,
      formIndex(page.html, (f) => f.action.endsWith('/accion') && f.hidden.transition === transition),
    );
    assert.equal(response.status, 303, transition);
  };
  await act('take');
  await act('approve', { 'reason-approve': 'Corregimos su teléfono.' });
  await t.drain();
  const phone = await sql<{ phone: string; phone_verified_at: Date | null }>`SELECT phone, phone_verified_at FROM identity.account WHERE id = ${ana.id}`.execute(db);
  assert.deepEqual(phone.rows[0], { phone: '+59176543210', phone_verified_at: null });
  const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'transparency.personal_data_corrected' AND subject_id = ${ana.id}`.execute(db);
  assert.equal(audit.rows[0]!.n, 1);
  const after = await get(ana.browser, '/cuenta/mis-datos');
  assert.ok(after.html.includes('+59176543210'), 'Mis datos shows the corrected phone');
  assert.ok(after.html.includes(code), 'and the correction case among the cases');
  // Mallory's data are untouched.
  const untouched = await sql<{ phone: string }>`SELECT phone FROM identity.account WHERE id = ${mallory.id}`.execute(db);
  assert.equal(untouched.rows[0]!.phone, '+59170000001');
});
