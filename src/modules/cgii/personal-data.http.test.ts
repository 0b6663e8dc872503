// What the CGII holds about a person and its personal-data breaches, over real HTTP: a
// security contact's "Mis datos" download lists the incidents and the vulnerability reports
// they sent (and nobody else's); an incident whose report says personal data are involved
// cannot close without the people affected and their notice; twenty closures at once hand the
// breach to transparency once, which notifies the person with an account in her mailbox and
// lists the other for post; an analyst may mark a breach the report did not declare.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { readPage, type SignedIn, signedInPerson } from './cgii.test-helpers.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await t?.close();
});

const FIELDS = {
  entidad: 'SEGIP',
  titulo: 'Base de datos de solicitantes expuesta',
  descripcion: 'Un respaldo de la base de solicitantes quedó en un servidor de archivos público.',
  detectado: '2026-12-05 09:30',
  sistemas: 'servidor de archivos',
  datos: 'nombres, números de cédula y teléfonos',
  categoria: 'information-content-security/unauthorised-information-access',
  severidad: 'high',
  tlp: 'amber',
  indicadores: 'ipv4 203.0.113.9',
};

/** The contact reports through the page; answers the incident's id (from the redirect). */
async function reportThroughPage(contact: SignedIn, fields: Record<string, string>): Promise<string> {
  const form = await readPage(t, contact.browser, '/cgii/incidentes/nuevo');
  assert.equal(form.status, 200);
  const sent = await contact.browser.submit(`${t.baseUrl}/cgii/incidentes/nuevo`, form.html, fields);
  assert.equal(sent.status, 303, await sent.text());
  return /\/cgii\/incidentes\/([0-9a-f-]{36})/.exec(sent.headers.get('location') ?? '')![1]!;
}

const breachesOf = async (id: string) =>
  (
    await sql<{ id: string; description: string; notices: string; mailbox: string }>`
      SELECT b.id, b.description, count(n.*) AS notices, count(n.*) FILTER (WHERE n.channel = 'mailbox') AS mailbox
      FROM transparency.breach b LEFT JOIN transparency.breach_notice n ON n.breach_id = b.id
      WHERE b.source = 'cgii' AND b.source_key = ${`cgii-${id}`} GROUP BY b.id`.execute(t.app.tambo.deps.db)
  ).rows;

it('lists a contact’s incidents and vulnerability reports in "Mis datos", and nobody else’s', async () => {
  const contact = await signedInPerson(t, 'Contacto', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const other = await signedInPerson(t, 'Otra', []);
  const id = await reportThroughPage(contact, FIELDS);
  const { rows } = await sql<{ code: string }>`SELECT code FROM cgii.incident WHERE id = ${id}`.execute(t.app.tambo.deps.db);
  const code = rows[0]!.code;

  const channel = await readPage(t, contact.browser, '/cgii/vulnerabilidades');
  const sent = await contact.browser.submit(`${t.baseUrl}/cgii/vulnerabilidades`, channel.html, {
    contacto: 'contacto@segip.example',
    sistema: 'portal.segip.example',
    informe: 'El formulario de contacto acepta HTML sin escapar en el campo asunto.',
  });
  assert.equal(sent.status, 303);
  const vul = /enviado=(VUL-[0-9A-F]{8})/.exec(sent.headers.get('location') ?? '')![1]!;

  const download = await contact.browser.request(`${t.baseUrl}/cuenta/mis-datos/descargar`);
  assert.equal(download.status, 200);
  const mine = (await download.json()) as { modules: Array<{ module: string; sections: Array<{ data: Array<Record<string, unknown>> }> }> };
  const cgii = mine.modules.find((m) => m.module === 'cgii');
  assert.ok(cgii, 'the CGII declares what it holds');
  const text = JSON.stringify(cgii);
  assert.ok(text.includes(code), 'the incident she reported');
  assert.ok(text.includes(vul), 'the vulnerability she reported while signed in');
  assert.ok(text.includes('El formulario de contacto acepta HTML'));
  const page = await readPage(t, contact.browser, '/cuenta/mis-datos');
  assert.match(page.html, /Incidentes que reportó como contacto de seguridad/);

  const theirs = JSON.stringify(await (await other.browser.request(`${t.baseUrl}/cuenta/mis-datos/descargar`)).json());
  assert.ok(!theirs.includes(code) && !theirs.includes(vul), 'nothing of hers in another person’s data');
});

it('hands a personal-data breach to transparency once when twenty closures arrive at once; the person affected is notified', async () => {
  const contact = await signedInPerson(t, 'Contacto', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const analyst = await signedInPerson(t, 'Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const affected = await signedInPerson(t, 'Afectada', []);
  const id = await reportThroughPage(contact, { ...FIELDS, datos_personales: 'si' });
  const url = `${t.baseUrl}/cgii/incidentes/${id}`;
  const detail = await readPage(t, analyst.browser, `/cgii/incidentes/${id}`);
  const closeForm = formIndex(detail.html, (f) => f.action.includes('/cierre'));
  const report = 'Se retiró el respaldo del servidor público y se rotaron las credenciales.';

  const incomplete = await analyst.browser.submit(url, detail.html, { informe: report }, closeForm);
  assert.equal(incomplete.status, 422, 'the report said personal data: the closure says what the people affected are told');
  const html = await incomplete.text();
  assert.ok(html.includes('href="#campo-aviso"'), 'the summary links the notice field');
  assert.ok(html.includes('Se retiró el respaldo'), 'what was typed is kept');
  const bad = await analyst.browser.submit(url, detail.html, { informe: report, afectados: 'cédula sin número', aviso: 'Sus datos quedaron expuestos.' }, closeForm);
  assert.equal(bad.status, 422);
  assert.ok((await bad.text()).includes('href="#campo-afectados"'), 'one person a line, type and number');
  assert.equal((await breachesOf(id)).length, 0);

  const notice = 'Un respaldo con su nombre, cédula y teléfono estuvo expuesto del 1 al 5 de diciembre.';
  const fields = { informe: report, afectados: `CI ${affected.documentNumber}\nCI 99999992\nci ${affected.documentNumber}`, aviso: notice };
  const closes = await Promise.all(Array.from({ length: 20 }, () => analyst.browser.submit(url, detail.html, fields, closeForm)));
  assert.equal(closes.filter((r) => r.status === 303).length, 1, `closed once: ${closes.map((r) => r.status).join(',')}`);
  await t.drain();
  await t.drain();
  const breaches = await breachesOf(id);
  assert.equal(breaches.length, 1, 'handed over once');
  assert.equal(breaches[0]!.description, notice);
  assert.equal(Number(breaches[0]!.notices), 2, 'two people (a repeated line counts once)');
  assert.equal(Number(breaches[0]!.mailbox), 1, 'the person with an account in her mailbox, the other by post');
  const mailbox = await readPage(t, affected.browser, '/buzon');
  assert.equal(mailbox.html.match(/un incidente afectó sus datos personales/g)?.length, 1, 'notified once');
  assert.match((await readPage(t, affected.browser, '/cuenta/mis-datos')).html, /Un respaldo con su nombre, cédula y teléfono/);
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'cgii.breach_handed_over' AND subject_id = ${id}`.execute(t.app.tambo.deps.db);
  assert.equal(Number(rows[0]!.n), 1);
});

it('hands over a breach the analyst marks at closure, and none for an incident without personal data', async () => {
  const contact = await signedInPerson(t, 'Contacto', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const analyst = await signedInPerson(t, 'Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const plain = await reportThroughPage(contact, FIELDS);
  const marked = await reportThroughPage(contact, FIELDS);
  const close = async (id: string, extra: Record<string, string>) => {
    const detail = await readPage(t, analyst.browser, `/cgii/incidentes/${id}`);
    return analyst.browser.submit(
      `${t.baseUrl}/cgii/incidentes/${id}`,
      detail.html,
      { informe: 'Contenido el acceso y revisados los registros.', ...extra },
      formIndex(detail.html, (f) => f.action.includes('/cierre')),
    );
  };
  assert.equal((await close(plain, {})).status, 303);
  assert.equal((await close(marked, { datos_personales: 'si', afectados: 'CI 99999993', aviso: 'Su número de teléfono pudo ser leído por terceros.' })).status, 303);
  await t.drain();
  assert.equal((await breachesOf(plain)).length, 0);
  assert.equal((await breachesOf(marked)).length, 1);
  const { rows } = await sql<{ personal_data: boolean }>`SELECT personal_data FROM cgii.incident WHERE id = ${marked}`.execute(t.app.tambo.deps.db);
  assert.equal(rows[0]!.personal_data, true, 'the mark is kept on the incident');
  assert.equal((await readPage(t, new HttpSession(), `/cgii/incidentes/${marked}`)).status === 200, false, 'not public');
});
