// STIX 2.1 exchange: an incident exported by the centre's system validates against the OASIS
// schemas (the bundle and each object by its type, JSON Schema 2020-12), carries the TLP 2.0
// marking definitions and the CGII's extension definition, leaves TLP:RED notes out, and
// imported into a second instance (a database of its own) exports as the same bundle.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { addNote, closeIncident, triageIncident } from './cgii.service.ts';
import type { Viewer } from './cgii.types.ts';
import { CGII_EXTENSION_ID, TLP_MARKINGS } from './stix.ts';
import { stixErrors } from './stix.test-helpers.ts';

let a: TestApp & { baseUrl: string };
let b: TestApp & { baseUrl: string };
type Client = { id: string; secret: string; agency: string; scopes: string[] };
const make = (agency: string, scopes: string[]): Client => ({ id: `stix-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}`, agency, scopes });
const entity = make('SEGIP', ['cgii:report']);
const centre = make('AGETIC', ['cgii:exchange']);

async function register(t: TestApp, c: Client) {
  await sql`
    INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
      minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
    VALUES (${c.id}, ${c.secret}, ${`Sistema ${c.id}`}, ${c.agency}, '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true, ${c.scopes}::text[])`.execute(
    t.app.tambo.deps.db,
  );
}

before(async () => {
  [a, b] = await Promise.all([listenTestApp(), listenTestApp()]);
  await Promise.all([register(a, entity), register(a, centre), register(b, entity), register(b, centre)]);
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function call(t: TestApp & { baseUrl: string }, method: string, path: string, c: Client, body?: unknown) {
  const token = await fetch(`${t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: c.scopes[0]! }).toString(),
  });
  const headers: Record<string, string> = { authorization: `Bearer ${((await token.json()) as { access_token: string }).access_token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

it('exports a valid STIX 2.1 bundle that a second instance imports as the same incident', async () => {
  const reported = await call(a, 'POST', '/api/v1/cgii/incidents', entity, {
    title: 'Ransomware en el servidor de archivos',
    description: 'Archivos cifrados con la extensión .lock y una nota de rescate.',
    detectedAt: '2026-12-05T12:00:00.000Z',
    systemsAffected: 'servidor de archivos',
    dataAffected: 'expedientes escaneados',
    personalData: true,
    category: 'malicious-code/infected-system',
    severity: 'critical',
    tlp: 'amber+strict',
    indicators: [
      { kind: 'ipv4', value: '192.0.2.10' },
      { kind: 'url', value: "https://pay.example/o'brien" },
      { kind: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { kind: 'email', value: 'rescate@example.org' },
    ],
    evidence: [{ filename: 'nota.pdf', contentBase64: Buffer.from('%PDF-1.4\nnota\n%%EOF\n').toString('base64') }],
  });
  assert.equal(reported.status, 201, JSON.stringify(reported.body));
  const id = reported.body.id as string;
  const analyst: Viewer = { kind: 'person', accountId: randomUUID(), analyst: true, contactOf: [] };
  await triageIncident(a.app.tambo.deps, analyst, id, { category: 'malicious-code/infected-system', severity: 'critical', tlp: 'amber+strict', assignToMe: true });
  await addNote(a.app.tambo.deps, analyst, id, { kind: 'action', body: 'Servidor aislado de la red.', tlp: 'green' });
  await sql`INSERT INTO cgii.note (id, incident_id, kind, author, body, tlp, recipients) VALUES (${randomUUID()}, ${id}, 'note', ${analyst.kind === 'person' ? analyst.accountId : ''}, 'Solo para el equipo', 'red', ${[randomUUID()]}::uuid[])`.execute(
    a.app.tambo.deps.db,
  );
  await closeIncident(a.app.tambo.deps, analyst, id, {
    report: 'Restaurado desde copias; sin pago.',
    tlp: 'amber',
    affected: '',
    notice: 'Sus datos de contacto pudieron ser cifrados por un programa malicioso.',
  });

  const exported = await call(a, 'GET', `/api/v1/cgii/incidents/${id}/stix`, centre);
  assert.equal(exported.status, 200);
  const bundle = exported.body as { type: string; objects: Array<Record<string, any>> };
  // OASIS's bundle.json lists the objects it checks and cannot take an incident, a note or an
  // extension definition (its branch for other objects matches both cores at once): the
  // envelope is checked with the objects it lists, and every object against its own schema.
  const listed = new Set(['identity', 'indicator', 'relationship', 'marking-definition']);
  assert.deepEqual(stixErrors({ ...bundle, objects: bundle.objects.filter((o) => listed.has(String(o.type))) }), []);
  for (const object of bundle.objects) assert.deepEqual(stixErrors(object), [], JSON.stringify(object));
  const incident = bundle.objects.find((o) => o.type === 'incident')!;
  assert.equal(incident.id, `incident--${id}`);
  assert.deepEqual(incident.object_marking_refs, [TLP_MARKINGS['amber+strict']]);
  assert.equal(incident.extensions[CGII_EXTENSION_ID].severity, 'critical');
  assert.equal(incident.extensions[CGII_EXTENSION_ID].personal_data, true);
  assert.ok(bundle.objects.some((o) => o.type === 'extension-definition' && o.id === CGII_EXTENSION_ID));
  assert.equal(bundle.objects.filter((o) => o.type === 'marking-definition').length, 5, 'the five TLP 2.0 markings');
  assert.equal(bundle.objects.filter((o) => o.type === 'indicator').length, 4);
  assert.ok(bundle.objects.some((o) => o.type === 'indicator' && o.pattern === "[url:value = 'https://pay.example/o\\'brien']"));
  assert.ok(!JSON.stringify(bundle).includes('Solo para el equipo'), 'TLP:RED stays home');
  const schema = await (await fetch(`${a.baseUrl}/cgii/stix/extension.json`)).json();
  assert.ok((schema as { required: string[] }).required.includes('severity'));

  // Only the centre imports; the entity's system is refused, a request without a token too.
  assert.equal((await call(b, 'POST', '/api/v1/cgii/stix', entity, bundle)).status, 403);
  const anonymous = await fetch(`${b.baseUrl}/api/v1/cgii/stix`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle) });
  assert.deepEqual([anonymous.status, ((await anonymous.json()) as { code: string }).code], [401, 'UNAUTHENTICATED']);
  const imported = await call(b, 'POST', '/api/v1/cgii/stix', centre, bundle);
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.deepEqual(imported.body, { imported: [id], existing: [] });
  assert.deepEqual((await call(b, 'POST', '/api/v1/cgii/stix', centre, bundle)).body, { imported: [], existing: [id] }, 'idempotent');
  const again = await call(b, 'GET', `/api/v1/cgii/incidents/${id}/stix`, centre);
  assert.deepEqual(again.body, bundle, 'the same incident, field by field');
  const broken = await call(b, 'POST', '/api/v1/cgii/stix', centre, { type: 'bundle', id: bundle.objects[0]!.id, objects: [{ ...incident, extensions: {} }] });
  assert.equal(broken.status, 400);
  assert.equal(broken.body.code, 'CGII_INVALID_BUNDLE');
});
