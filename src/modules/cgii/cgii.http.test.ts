// The CGII over real HTTP: an entity's system reports an incident with indicators and
// evidence (API, cgii:report); another entity's system and the wrong scope are refused; the
// analyst triages, asks, the entity answers, the analyst closes and the on-time figure counts
// it; evidence reads enter the chain of custody; a TLP:RED note is shown only to its named
// recipient through every route that shows notes (page, API, STIX export); twenty closes at
// once close once; the sweep escalates an overdue incident once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { readStat } from '../../platform/stats/stats.ts';
import type { StatRef } from '../../platform/stats/stats.types.ts';
import { escalateOverdue, onTimeFigures } from './cgii.service.ts';
import { cgiiStats } from './cgii.stats.ts';
import { readPage, signedInPerson } from './cgii.test-helpers.ts';

let t: TestApp & { baseUrl: string };
type Client = { id: string; secret: string; agency: string; scopes: string[] };
const client = (agency: string, scopes: string[]): Client => ({ id: `cgii-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}`, agency, scopes });
const segip = client('SEGIP', ['cgii:report', 'cgii:exchange']);
const sin = client('SIN', ['cgii:report']);
const noScope = client('SEGIP', ['cgii:exchange']);

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const c of [segip, sin, noScope]) {
    await sql`
      INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
        minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
      VALUES (${c.id}, ${c.secret}, ${`Sistema ${c.id}`}, ${c.agency}, '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true, ${c.scopes}::text[])`.execute(
      t.app.tambo.deps.db,
    );
  }
});
after(async () => {
  await t?.close();
});

export async function api(baseUrl: string, method: string, path: string, body?: unknown, c?: Client, scope = 'cgii:report') {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (c) {
    const token = await fetch(`${baseUrl}/auth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...(c.scopes.includes(scope) ? { scope } : {}) }).toString(),
    });
    headers.authorization = `Bearer ${((await token.json()) as { access_token: string }).access_token}`;
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}

const person = (name: string, roles: Array<{ role: string; agencyCode: string }>) => signedInPerson(t, name, roles);

const PDF = Buffer.from('%PDF-1.4\n% evidencia de prueba\n%%EOF\n');
export const INCIDENT = {
  title: 'Desfiguración del portal institucional',
  description: 'La portada del portal muestra un mensaje de un grupo desconocido desde las 03:00.',
  detectedAt: '2026-12-06T07:10:00.000Z',
  systemsAffected: 'portal web',
  category: 'intrusions/application-compromise',
  severity: 'high',
  tlp: 'amber',
  indicators: [
    { kind: 'ipv4', value: '198.51.100.23' },
    { kind: 'domain', value: 'defacers.example' },
    { kind: 'sha256', value: 'a'.repeat(64) },
  ],
};

const page = (browser: HttpSession, path: string) => readPage(t, browser, path);

it('runs the incident from the entity’s report to the closure, TLP:RED only for its recipient, on time counted once', async () => {
  const analyst = await person('Analista', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const colleague = await person('Colega', [{ role: 'cgii_analyst', agencyCode: 'AGETIC' }]);
  const contact = await person('Contacto', [{ role: 'cgii_security_contact', agencyCode: 'SEGIP' }]);
  const stranger = await person('Otro', [{ role: 'cgii_security_contact', agencyCode: 'SIN' }]);

  assert.equal((await api(t.baseUrl, 'POST', '/api/v1/cgii/incidents', INCIDENT)).status, 401);
  const refused = await api(t.baseUrl, 'POST', '/api/v1/cgii/incidents', INCIDENT, noScope, 'cgii:exchange');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.code, 'CGII_CLIENT_NOT_ALLOWED');
  const bad = await api(t.baseUrl, 'POST', '/api/v1/cgii/incidents', { ...INCIDENT, indicators: [{ kind: 'ipv4', value: '999.1.1.1' }] }, segip);
  assert.equal(bad.status, 400, JSON.stringify(bad.body));
  assert.equal(bad.body.errors[0].pointer, '/indicators');

  const before = await onTimeFigures(t.app.tambo.deps);
  const times = async () => {
    const count = async (stat: StatRef) => (await readStat(t.app.tambo.deps.db, stat)).reduce((sum, r) => sum + (r.count ?? 0), 0);
    return { response: await count(cgiiStats.hours_to_first_response), containment: await count(cgiiStats.hours_to_containment) };
  };
  const timesBefore = await times();
  const reported = await api(t.baseUrl, 'POST', '/api/v1/cgii/incidents', { ...INCIDENT, evidence: [{ filename: 'captura.pdf', contentBase64: PDF.toString('base64') }] }, segip);
  assert.equal(reported.status, 201, JSON.stringify(reported.body));
  const id = reported.body.id as string;
  assert.deepEqual(reported.body.indicators, INCIDENT.indicators);
  assert.equal(reported.body.tlp, 'TLP:AMBER');
  const hours = (Date.parse(reported.body.closureDue) - Date.parse(reported.body.reportedAt)) / 3_600_000;
  assert.ok(Math.abs(hours - 72) < 0.01, 'high: 72 hours round the clock');
  assert.equal((await api(t.baseUrl, 'GET', `/api/v1/cgii/incidents/${id}`, undefined, sin)).status, 404, 'another entity');
  assert.equal((await page(stranger.browser, `/cgii/incidentes/${id}`)).status, 404, 'another entity’s contact');

  // The entity's contact reads the evidence; the analyst sees the chain of custody.
  const sha = reported.body.evidence[0].sha256 as string;
  const file = await contact.browser.request(`${t.baseUrl}/cgii/incidentes/${id}/evidencias/${sha}`);
  assert.equal(file.status, 200);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);
  assert.equal((await stranger.browser.request(`${t.baseUrl}/cgii/incidentes/${id}/evidencias/${sha}`)).status, 404);
  const queue = await page(analyst.browser, '/cgii');
  assert.match(queue.html, new RegExp(reported.body.code));
  let detail = await page(analyst.browser, `/cgii/incidentes/${id}`);
  assert.match(detail.html, /Cadena de custodia/);
  assert.match(detail.html, /Subida/);
  assert.match(detail.html, /Lectura/);

  // Triage; then a TLP:RED note for the colleague only, and a request to the entity.
  const url = `${t.baseUrl}/cgii/incidentes/${id}`;
  const triage = await analyst.browser.submit(
    url,
    detail.html,
    { categoria: 'intrusions/system-compromise', severidad: 'high', tlp: 'amber', asignarme: 'si' },
    formIndex(detail.html, (f) => f.action.includes('/triaje')),
  );
  assert.equal(triage.status, 303);
  assert.deepEqual(await times(), { response: timesBefore.response + 1, containment: timesBefore.containment }, 'the triage is the first response');
  detail = await page(analyst.browser, `/cgii/incidentes/${id}`);
  const noteForm = formIndex(detail.html, (f) => f.action.includes('/notas'));
  const noRecipient = await analyst.browser.submit(url, detail.html, { tipo: 'note', texto: 'Sin destinatario', tlp_nota: 'red' }, noteForm);
  assert.equal(noRecipient.status, 422);
  assert.match(await noRecipient.text(), /href="#campo-destinatarios"/);
  const secret = 'Fuente confidencial: el atacante usa la cuenta del proveedor X';
  assert.equal((await analyst.browser.submit(url, detail.html, { tipo: 'note', texto: secret, tlp_nota: 'red', destinatarios: colleague.id }, noteForm)).status, 303);
  assert.equal((await analyst.browser.submit(url, detail.html, { tipo: 'request', texto: 'Envíen los registros del servidor web del 5 y 6 de diciembre.', tlp_nota: 'amber' }, noteForm)).status, 303);

  // Every route that shows notes: the named recipient (and the author) see it; nobody else does.
  assert.match((await page(colleague.browser, `/cgii/incidentes/${id}`)).html, /Fuente confidencial/);
  assert.match((await page(analyst.browser, `/cgii/incidentes/${id}`)).html, /Fuente confidencial/);
  const entityView = await page(contact.browser, `/cgii/incidentes/${id}`);
  assert.equal(entityView.status, 200);
  assert.doesNotMatch(entityView.html, /Fuente confidencial/);
  assert.match(entityView.html, /Envíen los registros/);
  const apiView = await api(t.baseUrl, 'GET', `/api/v1/cgii/incidents/${id}`, undefined, segip);
  assert.ok(!JSON.stringify(apiView.body).includes('Fuente confidencial'), 'the API never shows a TLP:RED note');
  assert.equal(apiView.body.status, 'waiting_entity');
  const stix = await api(t.baseUrl, 'GET', `/api/v1/cgii/incidents/${id}/stix`, undefined, segip, 'cgii:exchange');
  assert.equal(stix.status, 200);
  assert.ok(!JSON.stringify(stix.body).includes('Fuente confidencial'), 'a STIX export never carries a TLP:RED note');
  const download = await analyst.browser.request(`${t.baseUrl}/cgii/incidentes/${id}/stix`);
  assert.equal(download.status, 200);
  assert.ok(!(await download.text()).includes('Fuente confidencial'), 'nor the analyst’s download');
  assert.equal((await contact.browser.request(`${t.baseUrl}/cgii/incidentes/${id}/stix`)).status, 403);

  // The entity answers through its system; the analyst closes; the figure counts it on time.
  const answered = await api(t.baseUrl, 'POST', `/api/v1/cgii/incidents/${id}/answers`, { body: 'Adjuntamos los registros pedidos.', tlp: 'amber' }, segip);
  assert.equal(answered.status, 200, JSON.stringify(answered.body));
  assert.equal(answered.body.status, 'triaged');
  assert.equal((await api(t.baseUrl, 'POST', `/api/v1/cgii/incidents/${id}/answers`, { body: 'Otra vez', tlp: 'amber' }, segip)).status, 409, 'no pending request');
  // A valid answer without a token, and with a token for the exchange instead of reporting.
  const anonymous = await api(t.baseUrl, 'POST', `/api/v1/cgii/incidents/${id}/answers`, { body: 'Sin credenciales', tlp: 'amber' });
  assert.deepEqual([anonymous.status, anonymous.body.code], [401, 'UNAUTHENTICATED']);
  const exchangeOnly = await api(t.baseUrl, 'POST', `/api/v1/cgii/incidents/${id}/answers`, { body: 'Con otro permiso', tlp: 'amber' }, segip, 'cgii:exchange');
  assert.deepEqual([exchangeOnly.status, exchangeOnly.body.code], [403, 'CGII_CLIENT_NOT_ALLOWED']);
  detail = await page(analyst.browser, `/cgii/incidentes/${id}`);
  const closeForm = formIndex(detail.html, (f) => f.action.includes('/cierre'));
  const closes = await Promise.all(
    Array.from({ length: 20 }, () => analyst.browser.submit(url, detail.html, { informe: 'Se restauró el portal desde la copia del 4 de diciembre y se cerró la cuenta comprometida.' }, closeForm)),
  );
  assert.equal(closes.filter((r) => r.status === 303).length, 1, 'closed once');
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM cgii.note WHERE incident_id = ${id} AND kind = 'closure'`.execute(t.app.tambo.deps.db);
  assert.equal(Number(rows[0]!.n), 1);
  const after = await onTimeFigures(t.app.tambo.deps);
  assert.equal(after.closed - before.closed, 1);
  assert.equal(after.closedInTime - before.closedInTime, 1);
  // Notes after the triage answered nothing new; the closure contained it: each time counted once.
  assert.deepEqual(await times(), { response: timesBefore.response + 1, containment: timesBefore.containment + 1 });
  assert.match((await page(contact.browser, `/cgii/incidentes/${id}`)).html, /Se restauró el portal/);
});

it('escalates an overdue incident once, through the sweep', async () => {
  const reported = await api(t.baseUrl, 'POST', '/api/v1/cgii/incidents', { ...INCIDENT, severity: 'critical' }, sin);
  assert.equal(reported.status, 201);
  const id = reported.body.id as string;
  const late = new Date(Date.parse(reported.body.firstResponseDue) + 60_000);
  const first = await escalateOverdue(t.app.tambo.deps, late);
  assert.ok(first.handled >= 1);
  const again = await escalateOverdue(t.app.tambo.deps, late);
  assert.equal(again.handled, 0, 'once');
  const { rows } = await sql<{ escalated_at: Date | null }>`SELECT escalated_at FROM cgii.incident WHERE id = ${id}`.execute(t.app.tambo.deps.db);
  assert.ok(rows[0]?.escalated_at);
});

it('publishes security.txt pointing to the disclosure channel and the key, and takes an encrypted report', async () => {
  const txt = await (await fetch(`${t.baseUrl}/.well-known/security.txt`)).text();
  assert.match(txt, /^Contact: .+\/cgii\/vulnerabilidades$/m);
  assert.match(txt, /^Expires: \d{4}-\d{2}-\d{2}T00:00:00Z$/m);
  assert.match(txt, /^Encryption: .+\/cgii\/clave\.asc$/m);
  const armoredKey = await (await fetch(`${t.baseUrl}/cgii/clave.asc`)).text();
  assert.match(armoredKey, /BEGIN PGP PUBLIC KEY BLOCK/);
  const openpgp = await import('openpgp');
  const encrypted = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'Inyección SQL en el buscador de trámites' }), encryptionKeys: await openpgp.readKey({ armoredKey }) });

  const visitor = new HttpSession();
  const form = await (await visitor.request(`${t.baseUrl}/cgii/vulnerabilidades`)).text();
  const sent = await visitor.submit(`${t.baseUrl}/cgii/vulnerabilidades`, form, {
    nombre: 'Ana',
    contacto: 'ana@ejemplo.org',
    sistema: 'tramites.gob.bo',
    informe: String(encrypted),
    credito: 'Ana Q.',
  });
  assert.equal(sent.status, 303);
  const broken = await visitor.submit(`${t.baseUrl}/cgii/vulnerabilidades`, form, {
    contacto: 'ana@ejemplo.org',
    sistema: 'x',
    informe: '-----BEGIN PGP MESSAGE-----\nbasura basura basura\n-----END PGP MESSAGE-----',
  });
  assert.equal(broken.status, 422);
  const { rows } = await sql<{ body: string; encrypted: boolean }>`SELECT body, encrypted FROM cgii.disclosure WHERE reporter_contact = 'ana@ejemplo.org'`.execute(t.app.tambo.deps.db);
  assert.equal(rows.length, 1);
  assert.ok(rows[0]!.encrypted && !rows[0]!.body.includes('Inyección'), 'kept encrypted');
  const { decryptDisclosure } = await import('./disclosure.service.ts');
  assert.equal(await decryptDisclosure(t.app.tambo.deps, rows[0]!.body), 'Inyección SQL en el buscador de trámites');
});
