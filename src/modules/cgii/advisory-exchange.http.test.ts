// Advisories edited, withdrawn and exchanged, over real HTTP with the analysts' pages: twenty
// identical edits make one version (its history names who, when and what changed; the entities
// are notified again only when the analyst asks), a stale edit is refused; twenty withdrawals
// make one, and the public bulletin shows it as "retirado" with its reason and without its
// content; the STIX export (with the advisory extension) validates against the OASIS schemas and
// an analyst of a second instance imports it (a JSON upload, CSRF needed) as the same advisory,
// once, keeping its TLP marking.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { ADVISORY_EXTENSION_ID } from './advisory-stix.ts';
import { readPage, type SignedIn, signedInPerson } from './cgii.test-helpers.ts';
import { TLP_MARKINGS } from './stix.ts';
import { stixErrors } from './stix.test-helpers.ts';

type App = TestApp & { baseUrl: string };
let a: App;
let b: App;
before(async () => {
  [a, b] = await Promise.all([listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } }), listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } })]);
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const count = async (t: App, query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(t.app.tambo.deps.db)).rows[0]!.n);

async function formOf(t: App, who: SignedIn, path: string, action: string) {
  const page = await readPage(t, who.browser, path);
  return { html: page.html, index: formIndex(page.html, (f) => f.action.startsWith(action)) };
}

async function publish(who: SignedIn, title: string, tlp: string) {
  const form = await formOf(a, who, '/cgii/avisos/nuevo', '/cgii/avisos/nuevo');
  const fields = {
    titulo: title,
    descripcion: 'Desbordamiento en el analizador de cabeceras.',
    productos: 'Servidor Web: 2.4, 2.5',
    cve: 'CVE-2026-40001',
    acciones: 'Actualizar a 2.6.',
    severidad: 'high',
    tlp,
    destino: 'todas',
  };
  assert.equal((await who.browser.submit(`${a.baseUrl}/cgii/avisos/nuevo`, form.html, fields, form.index)).status, 303);
  return (await sql<{ id: string; code: string }>`SELECT id, code FROM cgii.advisory WHERE title = ${title}`.execute(a.app.tambo.deps.db)).rows[0]!;
}

/** Uploads a bundle on the import page (multipart, the CSRF field first, as a browser sends it). */
async function upload(t: App, who: SignedIn, content: string) {
  const page = await readPage(t, who.browser, '/cgii/avisos/importar');
  const form = formsIn(page.html).find((f) => f.action.startsWith('/cgii/avisos/importar'))!;
  const body = new FormData();
  for (const [k, v] of Object.entries(form.hidden)) body.append(k, v);
  body.append('paquete', new Blob([content], { type: 'application/json' }), 'aviso.stix.json');
  return who.browser.request(`${t.baseUrl}/cgii/avisos/importar`, { method: 'POST', body });
}

it('edits with a version history, withdraws once with a public notice, and round-trips through STIX into a second instance', async () => {
  const analyst = await signedInPerson(a, 'Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const segip = await signedInPerson(a, 'Segip', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const title = `Falla en Servidor Web ${randomUUID().slice(0, 6)}`;
  const { id, code } = await publish(analyst, title, 'clear');
  await a.drain();
  const notices = () => count(a, sql`SELECT count(*) AS n FROM mailbox.message WHERE recipient_account_id = ${segip.id} AND subject LIKE ${`%${code}%`}`);
  assert.equal(await notices(), 1);

  // Edits: analysts only; twenty identical edits make version 2, with who, when and what changed.
  assert.equal((await readPage(a, segip.browser, `/cgii/avisos/${id}/editar`)).status, 403);
  const edit = await formOf(a, analyst, `/cgii/avisos/${id}/editar`, `/cgii/avisos/${id}/editar`);
  assert.ok(edit.html.includes('Servidor Web: 2.4, 2.5'), 'the form shows the current content');
  const changed = {
    titulo: `${title} (corregido)`,
    descripcion: 'Desbordamiento en el analizador de cabeceras.',
    productos: 'Servidor Web: 2.4, 2.5',
    cve: 'CVE-2026-40001',
    acciones: 'Actualizar a 2.6.1.',
    severidad: 'critical',
    tlp: 'clear',
    avisar: 'si',
  };
  const bad = await analyst.browser.submit(`${a.baseUrl}/cgii/avisos/${id}/editar`, edit.html, { ...changed, cve: 'CVE-1' }, edit.index);
  assert.equal(bad.status, 422);
  assert.ok((await bad.text()).includes('href="#campo-cve"'));
  const burst = await Promise.all(Array.from({ length: 20 }, () => analyst.browser.submit(`${a.baseUrl}/cgii/avisos/${id}/editar`, edit.html, changed, edit.index)));
  assert.ok(
    burst.every((r) => r.status === 303),
    burst.map((r) => r.status).join(','),
  );
  assert.equal(await count(a, sql`SELECT count(*) AS n FROM cgii.advisory_version WHERE advisory_id = ${id}`), 1, 'one new version');
  assert.equal(await count(a, sql`SELECT count(*) AS n FROM audit.entry WHERE action = 'cgii.advisory_edited' AND subject_id = ${id}`), 1);
  const history = (await readPage(a, analyst.browser, `/cgii/avisos/${id}`)).html;
  assert.match(history, /Versiones \(actual: 2\)/);
  assert.ok(history.includes('antes «Actualizar a 2.6.», ahora «Actualizar a 2.6.1.»') && history.includes(analyst.id), 'what changed, and who');
  await a.drain();
  assert.equal(await notices(), 2, 'asked: notified again, once');
  const stale = await analyst.browser.submit(`${a.baseUrl}/cgii/avisos/${id}/editar`, edit.html, { ...changed, acciones: 'Otra cosa.' }, edit.index);
  assert.equal(stale.status, 409, 'an edit of version 1 after version 2');

  // Withdrawal: a reason is needed; twenty withdrawals make one; the bulletin says "retirado".
  const page = await formOf(a, analyst, `/cgii/avisos/${id}`, `/cgii/avisos/${id}/retiro`);
  const noReason = await analyst.browser.submit(`${a.baseUrl}/cgii/avisos/${id}`, page.html, { motivo: ' ' }, page.index);
  assert.equal(noReason.status, 422);
  assert.ok((await noReason.text()).includes('href="#campo-motivo"'));
  const reason = 'El fabricante confirmó que la versión 2.5 no es vulnerable.';
  const withdrawals = await Promise.all(Array.from({ length: 20 }, () => analyst.browser.submit(`${a.baseUrl}/cgii/avisos/${id}`, page.html, { motivo: reason }, page.index)));
  assert.ok(withdrawals.every((r) => r.status === 303));
  assert.equal(await count(a, sql`SELECT count(*) AS n FROM audit.entry WHERE action = 'cgii.advisory_withdrawn' AND subject_id = ${id}`), 1);
  const visitor = new HttpSession();
  const bulletin = (await readPage(a, visitor, '/cgii/boletines')).html;
  assert.ok(bulletin.includes('Avisos retirados') && bulletin.includes(reason));
  const notice = (await readPage(a, visitor, `/cgii/boletines/${id}`)).html;
  assert.ok(notice.includes('Retirado el') && notice.includes(reason));
  assert.ok(!notice.includes('Actualizar a 2.6.1.'), 'the content is gone from the bulletin');
  assert.equal((await analyst.browser.submit(`${a.baseUrl}/cgii/avisos/${id}/editar`, edit.html, { ...changed, acciones: 'Tarde.' }, edit.index)).status, 409);
  const contactView = (await readPage(a, segip.browser, `/cgii/avisos/${id}`)).html;
  assert.ok(contactView.includes(reason) && contactView.includes('Actualizar a 2.6.1.'), 'its recipients still read it, with the notice');

  // STIX: valid, with the advisory extension; TLP kept.
  const exported = await analyst.browser.request(`${a.baseUrl}/cgii/avisos/${id}/stix`);
  const text = await exported.text();
  const bundle = JSON.parse(text) as { objects: Array<Record<string, any>> };
  for (const object of bundle.objects) assert.deepEqual(stixErrors(object), [], JSON.stringify(object));
  assert.ok(bundle.objects.some((o) => o.type === 'extension-definition' && o.id === ADVISORY_EXTENSION_ID));
  const report = bundle.objects.find((o) => o.type === 'report')!;
  assert.deepEqual([report.revoked, report.extensions[ADVISORY_EXTENSION_ID].version, report.extensions[ADVISORY_EXTENSION_ID].withdrawal_reason], [true, 2, reason]);
  const schema = (await (await fetch(`${a.baseUrl}/cgii/stix/advisory-extension.json`)).json()) as { required: string[] };
  assert.ok(schema.required.includes('recipients'));

  // Import into a second instance: analysts only, CSRF needed, a bad file kept out, idempotent.
  const other = await signedInPerson(b, 'Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const outsider = await signedInPerson(b, 'Segip', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  assert.equal((await readPage(b, outsider.browser, '/cgii/avisos/importar')).status, 403);
  const forged = new FormData();
  forged.append('paquete', new Blob([text], { type: 'application/json' }), 'a.json');
  assert.equal((await other.browser.request(`${b.baseUrl}/cgii/avisos/importar`, { method: 'POST', body: forged })).status, 403, 'no CSRF token');
  const broken = await upload(b, other, JSON.stringify({ ...bundle, objects: bundle.objects.map((o) => (o.type === 'report' ? { ...o, object_marking_refs: [TLP_MARKINGS.red] } : o)) }));
  assert.equal(broken.status, 422, 'the marking must be the extension’s');
  assert.ok((await broken.text()).includes('href="#campo-paquete"'));
  const first = await upload(b, other, text);
  assert.deepEqual([first.status, first.headers.get('location')], [303, '/cgii/avisos/importar?importados=1&existentes=0']);
  const second = await upload(b, other, text);
  assert.equal(second.headers.get('location'), '/cgii/avisos/importar?importados=0&existentes=1', 'importing twice makes one');
  const again = await other.browser.request(`${b.baseUrl}/cgii/avisos/${id}/stix`);
  assert.deepEqual(await again.json(), bundle, 'the same advisory, field by field');
  assert.ok((await readPage(b, new HttpSession(), `/cgii/boletines/${id}`)).html.includes(reason), 'withdrawn there too');

  // A TLP:AMBER advisory keeps its marking: not in the second instance's bulletin.
  const amber = await publish(analyst, `Reservado ${randomUUID().slice(0, 6)}`, 'amber');
  const amberText = await (await analyst.browser.request(`${a.baseUrl}/cgii/avisos/${amber.id}/stix`)).text();
  assert.equal((await upload(b, other, amberText)).status, 303);
  const stored = await sql<{ tlp: string }>`SELECT tlp FROM cgii.advisory WHERE id = ${amber.id}`.execute(b.app.tambo.deps.db);
  assert.equal(stored.rows[0]?.tlp, 'amber');
  assert.equal((await readPage(b, new HttpSession(), `/cgii/boletines/${amber.id}`)).status, 404);
});
