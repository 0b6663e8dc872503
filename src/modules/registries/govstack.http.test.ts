// The GovStack Digital Registries API over real HTTP, written from the specification (data API
// 1.3.0; its response schemas in test/fixtures/govstack/): create, read, exists, list and
// search, update, updateOrCreate, readValue, delete and mypersonalDataUsage answer with the
// specification's field names and status codes; only the owner agency's system writes, other
// agencies read with the `registries:read` grant, a system without it gets a 403 problem;
// each read of a person's record is in the usage log (with the exchange's X-Road headers) and
// in the person's "Mi actividad"; 40 parallel identical creates make one record.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { ADMIN, adminAccessToken, CITIZEN } from '../identity/admin.test-helpers.ts';

const spec = JSON.parse(readFileSync(new URL('../../../test/fixtures/govstack/data-api-1.3.0.responses.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema(spec, 'govstack.json');
/** Checks an answer against the specification's response schema of an operation and status. */
function assertSpec(operationId: string, status: number, body: unknown): void {
  const validate = ajv.compile({ $ref: `govstack.json#/operations/${operationId}/responses/${status}` });
  assert.ok(validate(body), `${operationId} ${status}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(body)}`);
}

let t: TestApp & { baseUrl: string };
const db = () => t.app.tambo.deps.db;
const tokens: Record<'owner' | 'ownerRead' | 'reader' | 'none', string> = { owner: '', ownerRead: '', reader: '', none: '' };

async function clientToken(id: string, secret: string, scope: string): Promise<string> {
  const response = await fetch(`${t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { access_token: string }).access_token;
}

async function systemOf(adminToken: string, agencyCode: string, rights: string[]): Promise<{ id: string; secret: string }> {
  const created = await fetch(`${t.baseUrl}/api/v1/admin/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Sistema ${agencyCode} ${rights.join(' ')}`, agencyCode, minimumLevel: 'bajo', purpose: 'Pruebas de registros', rights }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const body = (await created.json()) as { client: { clientId: string }; clientSecret: string };
  return { id: body.client.clientId, secret: body.clientSecret };
}

before(async () => {
  t = await listenTestApp({ demo: true });
  tokens.owner = await clientToken('demo-rp', 'demo-rp-secret', 'registries:write');
  tokens.ownerRead = await clientToken('demo-rp', 'demo-rp-secret', 'registries:read');
  const admin = await adminAccessToken(t.baseUrl, ADMIN);
  const sin = await systemOf(admin, 'SIN', ['registries:read']);
  tokens.reader = await clientToken(sin.id, sin.secret, 'registries:read');
  const other = await systemOf(admin, 'SEPREC', ['mailbox:send']);
  tokens.none = await clientToken(other.id, other.secret, 'mailbox:send');
});
after(async () => t.close());

const BASE = '/govstack/registries/data';
const call = (token: keyof typeof tokens, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.baseUrl}${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[token]}`, 'information-mediator-client': 'BO/GOV/SIN/tributos', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

let serial = 0;
const newCi = () => `${7_300_000 + (process.pid % 1000) * 10 + ++serial}`;
const person = (id: string, changes: Record<string, unknown> = {}) => ({ id, firstName: 'Rosa', lastName: 'Condori Huanca', birthDate: '1990-05-04', sex: 'F', civilStatus: 'soltero', ...changes });

async function problem(response: Response, status: number, code: string): Promise<{ errors?: Array<{ pointer?: string }> }> {
  assert.equal(response.status, status, await response.clone().text());
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  const body = (await response.json()) as { code: string; errors?: Array<{ pointer?: string }> };
  assert.equal(body.code, code);
  return body;
}

describe('GovStack Digital Registries API', () => {
  it('create answers the content (200), refuses bad fields with their pointers, and is for the owner agency only', async () => {
    const id = newCi();
    const created = await call('owner', 'POST', '/personas/1.0/create', { write: { content: person(id) } });
    assert.equal(created.status, 200, await created.clone().text());
    const body = await created.json();
    assertSpec('create', 200, body);
    assert.deepEqual(body, { content: person(id) });

    const bad = await call('owner', 'POST', '/personas/1.0/create', { write: { content: { id: 'x', firstName: 'A', birthDate: '1990-02-30', sex: 'X', civilStatus: 'soltero', eyes: 'brown' } } });
    const errors = (await problem(bad, 400, 'REGISTRIES_INVALID')).errors?.map((e) => e.pointer).sort();
    assert.deepEqual(errors, ['/birthDate', '/eyes', '/id', '/lastName', '/sex']);
    await problem(await call('reader', 'POST', '/personas/1.0/create', { write: { content: person(newCi()) } }), 403, 'REGISTRIES_FORBIDDEN');
    await problem(await call('none', 'POST', '/personas/1.0/read', { query: { content: { id } } }), 403, 'REGISTRIES_FORBIDDEN');
    await problem(await call('owner', 'POST', '/personas/9.9/create', { write: { content: person(newCi()) } }), 404, 'REGISTRIES_NOT_FOUND');
    await problem(await fetch(`${t.baseUrl}${BASE}/personas/1.0/read`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":{"content":{}}}' }), 401, 'UNAUTHENTICATED');
    // Other content under the same id is a conflict; the same content again is the record.
    await problem(await call('owner', 'POST', '/personas/1.0/create', { write: { content: person(id, { firstName: 'Otra' }) } }), 409, 'REGISTRIES_EXISTS');
    assert.equal((await call('owner', 'POST', '/personas/1.0/create', { write: { content: person(id) } })).status, 200);
  });

  it('40 parallel identical creates make one record, one version and one audit entry', async () => {
    const id = newCi();
    const answers = await Promise.all(Array.from({ length: 40 }, () => call('owner', 'POST', '/personas/1.0/create', { write: { content: person(id) } })));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    const rows = await sql<{
      id: string;
      n: string;
    }>`SELECT r.id, (SELECT count(*) FROM registries.record_version v WHERE v.record_id = r.id)::text AS n FROM registries.record r WHERE registry = 'personas' AND key = ${id}`.execute(db());
    assert.equal(rows.rows.length, 1);
    assert.equal(rows.rows[0]!.n, '1');
    const audit = await sql`SELECT 1 FROM audit.entry WHERE action = 'registries.record_created' AND subject_id = ${rows.rows[0]!.id}`.execute(db());
    assert.equal(audit.rows.length, 1);
  });

  it('read and exists answer as the specification says; a read of a person is logged with the X-Road headers and shown in "Mi actividad"', async () => {
    const citizenCi = '4567891 LP';
    const read = await call('reader', 'POST', '/personas/1.0/read', { query: { content: { id: citizenCi } } }, { 'x-road-client': 'BO/GOV/SIN/tributos', 'x-road-id': 'msg-4711' });
    assert.equal(read.status, 200);
    const body = (await read.json()) as { content: { firstName: string } };
    assertSpec('read', 200, body);
    assert.equal(body.content.firstName, 'María');
    const missing = await call('reader', 'POST', '/personas/1.0/read', { query: { content: { id: '9999999' } } });
    assert.equal(missing.status, 404);
    const missingBody = await missing.json();
    assertSpec('read', 404, missingBody);
    assert.deepEqual(missingBody, { detail: 'no record found' });

    const usage = await sql<{
      reader_agency: string;
      xroad_client: string;
      xroad_id: string;
    }>`SELECT reader_agency, xroad_client, xroad_id FROM registries.usage WHERE record_key = ${citizenCi} AND xroad_id = 'msg-4711'`.execute(db());
    assert.deepEqual(usage.rows, [{ reader_agency: 'SIN', xroad_client: 'BO/GOV/SIN/tributos', xroad_id: 'msg-4711' }]);
    const citizen = new HttpSession();
    await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password);
    const activity = await (await citizen.request(`${t.baseUrl}/cuenta/actividad`)).text();
    assert.match(activity, /Consulta de su registro: personas/);

    const yes = await (await call('reader', 'POST', '/personas/1.0/exists', { query: { content: { id: citizenCi } } })).json();
    assertSpec('exists', 200, yes);
    assert.equal((yes as { answer: { status: boolean } }).answer.status, true);
    const no = (await (await call('reader', 'POST', '/personas/1.0/exists', { query: { content: { id: '9999999' } } })).json()) as { answer: { status: boolean } };
    assert.equal(no.answer.status, false);
    // By other fields than the id.
    const byName = (await (await call('ownerRead', 'POST', '/personas/1.0/exists', { query: { content: { lastName: 'Quispe Mamani', birthDate: '1991-03-14' } } })).json()) as {
      answer: { status: boolean };
    };
    assert.equal(byName.answer.status, true);

    // mypersonalDataUsage: the person's own reads, in the specification's shape; nobody else's.
    const mine = await citizen.request(`${t.baseUrl}${BASE}/mypersonalDataUsage?userId=${encodeURIComponent(citizenCi)}&databaseId=personas`);
    assert.equal(mine.status, 200);
    const entries = (await mine.json()) as Array<{ readerInstitutionId: string; refrences: Array<{ ReferenceId: string }> }>;
    assertSpec('DPU', 200, entries);
    assert.ok(entries.some((e) => e.readerInstitutionId === 'SIN' && e.refrences[0]?.ReferenceId === 'msg-4711'));
    await problem(await citizen.request(`${t.baseUrl}${BASE}/mypersonalDataUsage?userId=${encodeURIComponent('3456789 LP')}&databaseId=personas`), 403, 'REGISTRIES_FORBIDDEN');
    await problem(await citizen.request(`${t.baseUrl}${BASE}/mypersonalDataUsage?userId=abc&databaseId=personas`), 400, 'REGISTRIES_INVALID');
    await problem(await fetch(`${t.baseUrl}${BASE}/mypersonalDataUsage?userId=${encodeURIComponent(citizenCi)}&databaseId=personas`), 401, 'UNAUTHENTICATED');
  });

  it('list searches page by page, by text and by field', async () => {
    const page = await call('reader', 'GET', '/personas/1.0?search=quispe&pageSize=1');
    assert.equal(page.status, 200);
    const body = (await page.json()) as { count: number; results: Array<{ id: string }>; next?: string };
    assertSpec('list', 200, body);
    assert.ok(body.count >= 1);
    assert.equal(body.results[0]!.id, '4567891 LP');
    const units = (await (await call('reader', 'GET', '/unidades_economicas/1.0?query.status=activa&query.activityCodes=131200')).json()) as { count: number; results: Array<{ name: string }> };
    assert.deepEqual(
      units.results.map((u) => u.name),
      ['Tejidos Andinos S.R.L.'],
    );
    const territoryPage = await call('reader', 'GET', '/territorios/1.0?search=El%20Alto');
    assert.equal(territoryPage.status, 200, await territoryPage.clone().text());
    const territories = (await territoryPage.json()) as { results: Array<{ id: string }> };
    assert.ok(territories.results.some((r) => r.id === 'BO-L-01-02'));
    await problem(await call('reader', 'GET', '/personas/1.0?query.eyes=brown'), 400, 'REGISTRIES_INVALID');
    await problem(await call('reader', 'GET', '/personas/1.0?pageSize=1000'), 400, 'VALIDATION_FAILED');
  });

  it('update and updateOrCreate write new versions with who and why; the previous one is read "as of"; readValue and delete', async () => {
    const id = newCi();
    await call('owner', 'POST', '/personas/1.0/create', { write: { content: person(id) } });
    const updated = await call('owner', 'PUT', '/personas/1.0/update', { query: { content: { id } }, write: { content: { civilStatus: 'casado' } }, reason: 'Partida de matrimonio 123' });
    assert.equal(updated.status, 200);
    assert.equal(((await updated.json()) as { content: { civilStatus: string } }).content.civilStatus, 'casado');
    await problem(await call('owner', 'PUT', '/personas/1.0/update', { query: { content: { id: '9999999' } }, write: { content: { civilStatus: 'casado' } } }), 404, 'REGISTRIES_RECORD_NOT_FOUND');
    await problem(await call('reader', 'PUT', '/personas/1.0/update', { query: { content: { id } }, write: { content: { civilStatus: 'viudo' } } }), 403, 'REGISTRIES_FORBIDDEN');

    const upserted = await call('owner', 'POST', '/personas/1.0/updateOrCreate', { query: { content: { id } }, write: { content: { birthPlace: 'Sucre' } } });
    assertSpec('update-or-create', 200, await upserted.json());
    const fresh = newCi();
    const createdByUpsert = await call('owner', 'POST', '/personas/1.0/updateOrCreate', { query: { content: { id: fresh } }, write: { content: person(fresh) } });
    assert.equal(((await createdByUpsert.json()) as { content: { id: string } }).content.id, fresh);

    // Our own API: the history (who and why) and the record "as of" before the change.
    const api = (path: string) => fetch(`${t.baseUrl}/api/v1/registries${path}`, { headers: { authorization: `Bearer ${tokens.reader}` } });
    const history = (await (await api(`/personas/records/${id}/history`)).json()) as { items: Array<{ version: number; validFrom: string; reason: string; content: { civilStatus: string } }> };
    assert.deepEqual(
      history.items.map((v) => [v.version, v.reason, v.content.civilStatus]),
      [
        [1, 'created', 'soltero'],
        [2, 'Partida de matrimonio 123', 'casado'],
        [3, 'updated', 'casado'],
      ],
    );
    const historyOf = (recordId: string, token?: string) =>
      fetch(`${t.baseUrl}/api/v1/registries/personas/records/${recordId}/history`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    await problem(await historyOf(id), 401, 'UNAUTHENTICATED');
    await problem(await historyOf(id, tokens.none), 403, 'REGISTRIES_FORBIDDEN');
    await problem(await historyOf('0000000 XX', tokens.reader), 404, 'REGISTRIES_RECORD_NOT_FOUND');
    const before = new Date(Date.parse(history.items[1]!.validFrom) - 1).toISOString();
    const then = (await (await api(`/personas/records/${id}?asOf=${before}`)).json()) as { version: number; content: { civilStatus: string } };
    assert.deepEqual([then.version, then.content.civilStatus], [1, 'soltero']);
    const now = (await (await api(`/personas/records/${id}`)).json()) as { version: number; uuid: string };
    assert.equal(now.version, 3);
    assert.equal((await api(`/personas/records/${id}?asOf=2000-01-01T00:00:00Z`)).status, 404);

    const value = await call('reader', 'GET', `/personas/1.0/${now.uuid}/readValue/birthPlace.json`);
    const valueBody = await value.json();
    assertSpec('readValue', 200, valueBody);
    assert.deepEqual(valueBody, { value: 'Sucre' });
    assert.equal(await (await call('reader', 'GET', `/personas/1.0/${now.uuid}/readValue/firstName.txt`)).text(), 'Rosa');
    await problem(await call('reader', 'GET', `/personas/1.0/${now.uuid}/readValue/eyes.json`), 400, 'REGISTRIES_INVALID');

    await problem(await call('reader', 'DELETE', `/personas/1.0/${id}/delete`), 403, 'REGISTRIES_FORBIDDEN');
    const deleted = await call('owner', 'DELETE', `/personas/1.0/${id}/delete`);
    assert.equal(deleted.status, 204);
    assert.equal((await call('reader', 'POST', '/personas/1.0/read', { query: { content: { id } } })).status, 404);
    await problem(await call('owner', 'DELETE', `/personas/1.0/${id}/delete`), 404, 'REGISTRIES_RECORD_NOT_FOUND');
    // Still readable as it was before the deletion.
    assert.equal((await api(`/personas/records/${id}?asOf=${new Date(Date.parse(history.items[2]!.validFrom) + 1).toISOString()}`)).status, 200);
    await problem(await call('owner', 'POST', '/territorios/1.0/create', { write: { content: { id: 'BO-X' } } }), 405, 'REGISTRIES_READ_ONLY');
  });

  it('economic units: the NIT is checked, the owner (SIN) writes, the persons owner (SEGIP) does not', async () => {
    await problem(
      await call('owner', 'POST', '/unidades_economicas/1.0/create', { write: { content: { id: '10285470AB', name: 'X', legalForm: 'srl', activityCodes: ['131200'], status: 'activa' } } }),
      403,
      'REGISTRIES_FORBIDDEN',
    );
    const nit = await call('ownerRead', 'POST', '/unidades_economicas/1.0/read', { query: { content: { id: '1028 5470 23' } } });
    assert.equal(((await nit.json()) as { content: { name: string } }).content.name, 'Tejidos Andinos S.R.L.');
  });
});
