// Advisories over real HTTP: entities' contacts declare their products (bad lines come back as
// the field's error with the text kept; CSRF needed; only the entity's contacts); an analyst
// publishes an advisory to the entities whose products match (twenty identical posts publish
// one); each of those entities' contacts gets one mailbox notice; twenty parallel reads by a
// contact record one read receipt, which the analyst sees; a TLP:AMBER advisory never shows to
// another entity or on the public routes, a TLP:CLEAR one to every entity is in the public
// bulletin; the STIX export validates against the OASIS schemas.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { readPage, type SignedIn, signedInPerson } from './cgii.test-helpers.ts';
import { TLP_MARKINGS } from './stix.ts';
import { stixErrors } from './stix.test-helpers.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await t?.close();
});

const product = `Portal-${randomUUID().slice(0, 8)}`;
const db = () => t.app.tambo.deps.db;

async function post(who: SignedIn, path: string, fields: Record<string, string>, formPath = path) {
  const page = await readPage(t, who.browser, formPath);
  const index = formIndex(page.html, (f) => f.action.startsWith(path.split('?')[0]!));
  return who.browser.submit(`${t.baseUrl}${formPath}`, page.html, fields, index);
}

it('sends an advisory to the entities running the product, once, with one notice and one read receipt each, and never leaks it', async () => {
  const analyst = await signedInPerson(t, 'Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const segip = await signedInPerson(t, 'Segip', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const gamlp = await signedInPerson(t, 'Gamlp', [{ role: 'cgii_security_contact', agencyCode: 'GAMLP' }]);

  // Products: bad input kept with its error; CSRF needed; only the entity's contacts.
  const bad = await post(segip, '/cgii/productos', { productos: `${product}: 2.1\n: 1.0` });
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  assert.ok(badHtml.includes('href="#campo-productos"'), 'the summary links the field');
  assert.ok(badHtml.includes(`${product}: 2.1`), 'what was typed is kept');
  const forged = await segip.browser.request(`${t.baseUrl}/cgii/productos`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ productos: product }).toString(),
  });
  assert.equal(forged.status, 403, 'no CSRF token');
  assert.equal((await readPage(t, analyst.browser, '/cgii/productos?entidad=SEGIP')).status, 403, 'an analyst is not the entity');
  assert.equal((await readPage(t, gamlp.browser, '/cgii/productos?entidad=SEGIP')).status, 403, 'another entity');
  assert.equal((await post(segip, '/cgii/productos', { productos: `${product}: 2.1, 2.2\nOtro producto` })).status, 303);
  assert.equal((await post(gamlp, '/cgii/productos', { productos: `${product}: 3.0` })).status, 303);
  assert.match((await readPage(t, segip.browser, '/cgii/productos')).html, new RegExp(`${product}: 2.1, 2.2`));

  // Publishing: analysts only; bad input kept; twenty identical posts publish one advisory.
  assert.equal((await readPage(t, segip.browser, '/cgii/avisos/nuevo')).status, 403);
  const title = `Ejecución remota en ${product}`;
  const fields = {
    titulo: title,
    descripcion: 'Una petición manipulada ejecuta código en el servidor.',
    productos: `${product}: 2.2`,
    cve: 'CVE-2026-12345',
    acciones: 'Actualizar a la versión 2.3 y revisar los registros de acceso.',
    severidad: 'critical',
    tlp: 'amber',
    destino: 'productos',
  };
  const invalid = await post(analyst, '/cgii/avisos/nuevo', { ...fields, cve: 'CVE-12' });
  assert.equal(invalid.status, 422);
  const invalidHtml = await invalid.text();
  assert.ok(invalidHtml.includes('href="#campo-cve"'));
  assert.ok(invalidHtml.includes(title), 'the title typed is kept');
  const form = await readPage(t, analyst.browser, '/cgii/avisos/nuevo');
  const index = formIndex(form.html, (f) => f.action.startsWith('/cgii/avisos/nuevo'));
  const burst = await Promise.all(Array.from({ length: 20 }, () => analyst.browser.submit(`${t.baseUrl}/cgii/avisos/nuevo`, form.html, fields, index)));
  assert.ok(
    burst.every((r) => r.status === 303),
    burst.map((r) => r.status).join(','),
  );
  const stored = await sql<{ id: string; code: string }>`SELECT id, code FROM cgii.advisory WHERE title = ${title}`.execute(db());
  assert.equal(stored.rows.length, 1, 'published once');
  const { id, code } = stored.rows[0]!;
  const recipients = await sql<{ agency_code: string }>`SELECT agency_code FROM cgii.advisory_recipient WHERE advisory_id = ${id}`.execute(db());
  assert.deepEqual(
    recipients.rows.map((r) => r.agency_code),
    ['SEGIP'],
    'only the entity running an affected version',
  );

  // One mailbox notice for SEGIP's contact, none for GAMLP's.
  await t.drain();
  await t.drain();
  const notices = async (who: SignedIn) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM mailbox.message WHERE recipient_account_id = ${who.id} AND subject LIKE ${`%${code}%`}`.execute(db())).rows[0]!.n);
  assert.equal(await notices(segip), 1);
  assert.equal(await notices(gamlp), 0);
  assert.doesNotMatch(
    (await sql<{ body: string }>`SELECT body FROM mailbox.message WHERE recipient_account_id = ${segip.id} AND subject LIKE ${`%${code}%`}`.execute(db())).rows[0]!.body,
    /Una petición manipulada/,
    'the notice carries no TLP:AMBER content',
  );

  // Read receipts: none yet; twenty parallel reads record one, seen by the analyst.
  assert.match((await readPage(t, analyst.browser, `/cgii/avisos/${id}`)).html, /0 de 1 entidades/);
  const reads = await Promise.all(Array.from({ length: 20 }, () => readPage(t, segip.browser, `/cgii/avisos/${id}`)));
  assert.ok(reads.every((r) => r.status === 200 && r.html.includes('Actualizar a la versión 2.3')));
  const audits = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'cgii.advisory_read' AND subject_id = ${id}`.execute(db());
  assert.equal(Number(audits.rows[0]!.n), 1, 'one first read');
  const receipt = await sql<{ first_read_by: string }>`SELECT first_read_by FROM cgii.advisory_recipient WHERE advisory_id = ${id}`.execute(db());
  assert.equal(receipt.rows[0]!.first_read_by, segip.id);
  assert.match((await readPage(t, analyst.browser, `/cgii/avisos/${id}`)).html, /1 de 1 entidades/);
  assert.match((await readPage(t, segip.browser, '/cgii/avisos')).html, new RegExp(title));

  // TLP:AMBER: not to another entity, not public, on every route.
  assert.equal((await readPage(t, gamlp.browser, `/cgii/avisos/${id}`)).status, 404);
  assert.doesNotMatch((await readPage(t, gamlp.browser, '/cgii/avisos')).html, new RegExp(product));
  assert.equal((await readPage(t, gamlp.browser, `/cgii/avisos/${id}/stix`)).status, 403);
  assert.equal((await readPage(t, segip.browser, `/cgii/avisos/${id}/stix`)).status, 403, 'exports are the centre’s');
  const visitor = new HttpSession();
  assert.equal((await readPage(t, visitor, `/cgii/boletines/${id}`)).status, 404);
  assert.doesNotMatch((await readPage(t, visitor, '/cgii/boletines')).html, new RegExp(product));
  assert.notEqual((await readPage(t, visitor, `/cgii/avisos/${id}`)).status, 200);
  assert.equal((await readPage(t, analyst.browser, `/cgii/boletines/${id}`)).status, 404, 'the bulletin is public: TLP:CLEAR only');

  // STIX: the bundle validates against the OASIS schemas, marked TLP:AMBER.
  const exported = await analyst.browser.request(`${t.baseUrl}/cgii/avisos/${id}/stix`);
  assert.equal(exported.status, 200);
  const bundle = (await exported.json()) as { type: string; objects: Array<Record<string, any>> };
  for (const object of bundle.objects) assert.deepEqual(stixErrors(object), [], JSON.stringify(object));
  const report = bundle.objects.find((o) => o.type === 'report')!;
  assert.equal(report.id, `report--${id}`);
  assert.deepEqual(report.object_marking_refs, [TLP_MARKINGS.amber]);
  const vulnerability = bundle.objects.find((o) => o.type === 'vulnerability')!;
  assert.equal(vulnerability.name, 'CVE-2026-12345');
  assert.ok(report.object_refs.includes(vulnerability.id));
  assert.ok(bundle.objects.some((o) => o.type === 'course-of-action' && o.description.includes('versión 2.3')));
  assert.ok(bundle.objects.some((o) => o.type === 'relationship' && o.relationship_type === 'mitigates' && o.target_ref === vulnerability.id));
});

it('publishes a TLP:CLEAR advisory to every entity in the public bulletin, and keeps a TLP:RED one in the centre', async () => {
  const analyst = await signedInPerson(t, 'Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const sin = await signedInPerson(t, 'Sin', [{ role: 'cgii_security_contact', agencyCode: 'SIN' }]);
  const base = { descripcion: 'Campaña de correos falsos.', productos: '', cve: '', acciones: 'No abrir adjuntos; reportar al CGII.', severidad: 'medium', destino: 'todas' };
  const clear = `Campaña de phishing ${randomUUID().slice(0, 6)}`;
  const red = `Indicadores reservados ${randomUUID().slice(0, 6)}`;
  assert.equal((await post(analyst, '/cgii/avisos/nuevo', { ...base, titulo: clear, tlp: 'clear' })).status, 303);
  assert.equal((await post(analyst, '/cgii/avisos/nuevo', { ...base, titulo: red, tlp: 'red' })).status, 303);
  const ids = await sql<{ id: string; title: string }>`SELECT id, title FROM cgii.advisory WHERE title IN (${clear}, ${red})`.execute(db());
  const clearId = ids.rows.find((r) => r.title === clear)!.id;
  const redId = ids.rows.find((r) => r.title === red)!.id;

  const visitor = new HttpSession();
  const bulletin = await readPage(t, visitor, '/cgii/boletines');
  assert.ok(bulletin.html.includes(clear));
  assert.ok(!bulletin.html.includes(red));
  const detail = await readPage(t, visitor, `/cgii/boletines/${clearId}`);
  assert.equal(detail.status, 200);
  assert.ok(detail.html.includes('No abrir adjuntos'));
  assert.equal((await readPage(t, visitor, `/cgii/boletines/${redId}`)).status, 404);

  const list = await readPage(t, sin.browser, '/cgii/avisos');
  assert.ok(list.html.includes(clear) && list.html.includes(red), 'to every entity, the TLP:RED one too (the entities are its recipients)');
  assert.equal((await readPage(t, analyst.browser, `/cgii/avisos/${redId}/stix`)).status, 403, 'TLP:RED never leaves the centre');
  assert.equal((await readPage(t, analyst.browser, `/cgii/avisos/${clearId}/stix`)).status, 200);
});
