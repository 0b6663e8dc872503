// Open311 GeoReport v2 over HTTP: every endpoint in JSON and XML, validated against the
// official GeoReport v2 JSON schemas (the XML parsed back and converted), the POST with an
// application's key, and the specification's errors (400, 403, 404) in both formats.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { assertValid, xmlToJson, type SchemaName } from '../../../test/helpers/open311-schemas.ts';

const V2 = '/open311/v2';
const DEMO_KEY = 'demo-open311-key';

let t: TestApp;
/** The app's log lines: each refused request's one line carries the code it was refused with. */
const logLines: string[] = [];
before(async () => {
  t = await buildTestApp({ demo: true, env: { COUNTRY: 'bo', LOG_LEVEL: 'info' }, app: { logStream: { write: (line: string) => void logLines.push(line) } } });
});
after(async () => t.close());

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return body.toString();
};

async function post(format: 'json' | 'xml', fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: `${V2}/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', ...headers },
    payload: form(fields),
  });
}

/**
 * GETs `path` as .json and as .xml, checks both answer 200 with their content type, both
 * validate against `schema`, and the XML says exactly what the JSON says. Returns the JSON.
 */
async function getBoth(path: string, root: string, schema: SchemaName, query = ''): Promise<unknown> {
  const json = await t.app.inject({ url: `${V2}/${path}.json${query}` });
  assert.equal(json.statusCode, 200, json.body);
  assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(json.headers['access-control-allow-origin'], '*', "other sites' Open311 tools may read it");
  const data = json.json() as unknown;
  assertValid(schema, data);
  const xml = await t.app.inject({ url: `${V2}/${path}.xml${query}` });
  assert.equal(xml.statusCode, 200, xml.body);
  assert.equal(xml.headers['content-type'], 'text/xml; charset=utf-8');
  const fromXml = xmlToJson(xml.body, root, schema);
  assertValid(schema, fromXml);
  assert.deepEqual(fromXml, data, 'the XML carries the same data as the JSON');
  return data;
}

function assertError(response: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }, status: number, format: 'json' | 'xml', pattern?: RegExp): string {
  assert.equal(response.statusCode, status, response.body);
  const errors = (format === 'json' ? response.json() : xmlToJson(response.body, 'errors', 'errors.json')) as Array<{ code: number; description: string }>;
  assert.equal(response.headers['content-type'], format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8');
  assertValid('errors.json', errors);
  assert.equal(errors[0]!.code, status);
  if (pattern) assert.match(errors[0]!.description, pattern);
  return errors[0]!.description;
}

describe('GeoReport v2 reading', () => {
  it('publishes discovery with this endpoint and both formats', async () => {
    const discovery = (await getBoth('discovery', 'discovery', 'discovery.json')) as { endpoints: Array<{ url: string; formats: string[] }> };
    assert.equal(discovery.endpoints[0]!.url, `${t.config.publicUrl}${V2}`);
    assert.deepEqual(discovery.endpoints[0]!.formats, ['text/xml', 'application/json']);
  });

  it('lists services (report categories), valid in JSON and XML', async () => {
    const services = (await getBoth('services', 'services', 'services.json')) as Array<{ service_code: string; metadata: boolean; type: string }>;
    const codes = services.map((s) => s.service_code);
    assert.ok(codes.includes('agua') && codes.includes('mala_atencion'), codes.join());
    assert.equal(services.find((s) => s.service_code === 'residuos')!.metadata, false, 'no questions: no metadata');
    assert.equal(services.find((s) => s.service_code === 'agua')!.metadata, true);
    await getBoth('services', 'services', 'services.json', '?jurisdiction_id=bo');
    await getBoth('services', 'services', 'services.json', '?jurisdiction_id=BO-L-01-02');
  });

  it('gives each service definition: questions as attributes, lists with their values', async () => {
    for (const code of ['agua', 'alumbrado', 'centro_salud', 'mala_atencion', 'residuos']) {
      const definition = (await getBoth(`services/${code}`, 'service_definition', 'service-definition.json')) as {
        service_code: string;
        attributes: Array<{ code: string; datatype: string; required: boolean; values?: Array<{ key: string }> }>;
      };
      assert.equal(definition.service_code, code);
      if (code === 'agua') {
        const problema = definition.attributes.find((a) => a.code === 'problema')!;
        assert.equal(problema.datatype, 'singlevaluelist');
        assert.equal(problema.required, true);
        assert.deepEqual(
          problema.values!.map((v) => v.key),
          ['fuga', 'sin_servicio', 'calidad'],
        );
      }
      if (code === 'mala_atencion') {
        const agency = definition.attributes.find((a) => a.code === 'subject_agency')!;
        assert.ok(
          agency.values!.some((v) => v.key === 'SEGIP'),
          'complaints name the agency',
        );
      }
      if (code === 'residuos') assert.deepEqual(definition.attributes, []);
    }
  });

  it('lists the demo requests of the last 90 days, open and closed, with the legal deadline', async () => {
    const requests = (await getBoth('requests', 'service_requests', 'requests.json')) as Array<{ service_request_id: string; status: string; requested_datetime: string; expected_datetime: string }>;
    assert.ok(requests.length >= 5, `demo requests: ${requests.length}`);
    assert.ok(
      requests.some((r) => r.status === 'closed'),
      'a resolved demo report is closed',
    );
    for (const request of requests) assert.ok(Date.parse(request.expected_datetime) > Date.parse(request.requested_datetime));
    const open = (await getBoth('requests', 'service_requests', 'requests.json', '?status=open')) as Array<{ status: string }>;
    assert.ok(open.length > 0 && open.every((r) => r.status === 'open'));
    const closed = (await getBoth('requests', 'service_requests', 'requests.json', '?status=closed')) as Array<{ status: string }>;
    assert.ok(closed.length > 0 && closed.every((r) => r.status === 'closed'));
    assert.equal(open.length + closed.length, requests.length);
    assert.equal(((await getBoth('requests', 'service_requests', 'requests.json', '?status=open,open')) as unknown[]).length, open.length);
    assert.equal(((await getBoth('requests', 'service_requests', 'requests.json', '?status=closed,open')) as unknown[]).length, requests.length);
    const water = (await getBoth('requests', 'service_requests', 'requests.json', '?service_code=agua,vias')) as Array<{ service_code: string }>;
    assert.ok(water.length > 0 && water.every((r) => ['agua', 'vias'].includes(r.service_code)));
    const future = await getBoth('requests', 'service_requests', 'requests.json', `?start_date=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`);
    assert.deepEqual(future, []);
    const sinceYesterday = (await getBoth('requests', 'service_requests', 'requests.json', `?start_date=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 19)}+00:00`)) as unknown[];
    assert.equal(sinceYesterday.length, requests.length, 'an unencoded + in the offset is understood');
    const old = await getBoth('requests', 'service_requests', 'requests.json', '?end_date=2020-01-01T00:00:00Z');
    assert.deepEqual(old, [], 'end_date alone: the 90 days before it');
    const ids = requests.slice(0, 2).map((r) => r.service_request_id);
    const byId = (await getBoth('requests', 'service_requests', 'requests.json', `?service_request_id=${ids.join(',')}&status=closed&start_date=2030-01-01`)) as Array<{ service_request_id: string }>;
    assert.deepEqual(byId.map((r) => r.service_request_id).sort(), [...ids].sort(), 'by id, every other filter is ignored');
    const oneJurisdiction = (await getBoth('requests', 'service_requests', 'requests.json', '?jurisdiction_id=BO-L-01-02')) as unknown[];
    assert.ok(oneJurisdiction.length > 0 && oneJurisdiction.length < requests.length, 'a territory as jurisdiction narrows the list');
  });

  it('lists status changes and replies (FixMyStreet servicerequestupdates)', async () => {
    const updates = (await getBoth('servicerequestupdates', 'service_requests_updates', 'updates.json')) as Array<{ status: string; service_request_id: string }>;
    assert.ok(
      updates.some((u) => u.status === 'FIXED'),
      'the resolved demo report',
    );
    const none = await getBoth('servicerequestupdates', 'service_requests_updates', 'updates.json', '?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z');
    assert.deepEqual(none, []);
  });
});

describe('GeoReport v2 POST requests', () => {
  it('creates a request with the demo key (form-encoded), found by id and by token', async () => {
    const ids: string[] = [];
    for (const format of ['json', 'xml'] as const) {
      const response = await post(format, {
        api_key: DEMO_KEY,
        service_code: 'agua',
        lat: '-16.5',
        long: '-68.15',
        address_string: 'Calle 21 <& Obrajes>',
        description: `Fuga de agua en la esquina (${format})`,
        email: 'vecina@example.org',
        first_name: 'Ana',
        last_name: 'Mamani',
        'attribute[problema]': 'fuga',
        jurisdiction_id: 'BO-L-01-02',
      });
      assert.equal(response.statusCode, 200, response.body);
      const created = (format === 'json' ? response.json() : xmlToJson(response.body, 'service_requests', 'created.json')) as Array<{ service_request_id: string; token: string }>;
      assertValid('created.json', created);
      const { service_request_id: id, token } = created[0]!;
      ids.push(id);
      assert.match(String((created[0] as { service_notice?: string }).service_notice), /within \d+ business days/, 'the POST was made in English');

      const [request] = (await getBoth(`requests/${id}`, 'service_requests', 'requests.json')) as Array<Record<string, unknown>>;
      assert.equal(request!.service_request_id, id);
      assert.deepEqual(await getBoth(`requests/R-${id}`, 'service_requests', 'requests.json'), [request], 'the public code works too');
      assert.equal(request!.status, 'open');
      assert.match(String(request!.service_notice), /en \d+ días hábiles/, 'the legal time, in Spanish by default');
      assert.equal(request!.service_code, 'agua');
      assert.equal(request!.address, 'Calle 21 <& Obrajes>');
      assert.equal(request!.lat, -16.5);
      assert.equal(request!.long, -68.15);
      assert.equal(request!.agency_responsible !== null, true, 'routed to the water company');
      const due = await sql<{ due_at: Date }>`SELECT due_at FROM reports.report WHERE id = ${Number(id)}`.execute(t.app.tambo.deps.db);
      assert.equal(Date.parse(String(request!.expected_datetime)), Math.floor(due.rows[0]!.due_at.getTime() / 1000) * 1000, 'expected_datetime is the legal deadline');
      assert.ok(!JSON.stringify(request).includes('vecina@example.org'), 'contact details are never public');

      const tokens = (await getBoth(`tokens/${token}`, 'service_requests', 'tokens.json')) as Array<{ service_request_id: string; token: string }>;
      assert.deepEqual(tokens, [{ service_request_id: id, token }]);
      const forged = `${id}-${'A'.repeat(16)}`;
      assertError(await t.app.inject({ url: `${V2}/tokens/${forged}.${format}` }), 404, format, /token/);
      const listed = (await getBoth('requests', 'service_requests', 'requests.json', `?service_request_id=${id}`)) as unknown[];
      assert.equal(listed.length, 1);
    }
    const audit = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'reports.report_submitted' AND actor_type = 'client' AND subject_id = ANY(${ids}::text[])`.execute(t.app.tambo.deps.db);
    assert.equal(audit.rows[0]!.n, 2, 'each request is audited with the application as actor');
  });

  it('takes multi-value attributes, complaints with their agency, and an address alone', async () => {
    const health = await post('json', {
      api_key: DEMO_KEY,
      service_code: 'centro_salud',
      address_string: 'Hospital de Clínicas, La Paz',
      description: 'No hay medicamentos',
      'attribute[falta][]': ['medicamentos', 'insumos'],
    });
    assert.equal(health.statusCode, 200, health.body);
    const complaint = await post('json', {
      api_key: DEMO_KEY,
      service_code: 'mala_atencion',
      address_string: 'Oficina central',
      description: 'Me hicieron esperar cinco horas',
      'attribute[subject_agency]': 'SEGIP',
    });
    assert.equal(complaint.statusCode, 200, complaint.body);
    const [created] = complaint.json() as Array<{ service_request_id: string }>;
    const [request] = (await getBoth(`requests/${created!.service_request_id}`, 'service_requests', 'requests.json')) as Array<{ agency_responsible: string }>;
    assert.match(request!.agency_responsible, /Identificación|SEGIP/);
  });

  it('takes a request without description (the service name stands in)', async () => {
    const response = await post('xml', { api_key: DEMO_KEY, service_code: 'inseguridad', lat: '-16.49', long: '-68.13' });
    assert.equal(response.statusCode, 200, response.body);
    const [created] = xmlToJson(response.body, 'service_requests', 'created.json') as Array<{ service_request_id: string }>;
    const [request] = (await getBoth(`requests/${created!.service_request_id}`, 'service_requests', 'requests.json')) as Array<{ description: string; service_name: string }>;
    assert.equal(request!.description, request!.service_name);
  });

  it('honours Idempotency-Key: 20 parallel retries create one request; another request with the key is refused', async () => {
    const fields = { api_key: DEMO_KEY, service_code: 'residuos', address_string: 'Calle Jaén', description: 'Basura acumulada (reintentos)' };
    const key = 'open311-retry-0001';
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('json', fields, { 'idempotency-key': key })));
    for (const response of responses) assert.equal(response.statusCode, 200, response.body);
    const ids = new Set(responses.map((r) => (r.json() as Array<{ service_request_id: string }>)[0]!.service_request_id));
    assert.equal(ids.size, 1, 'every retry names the same request');
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports.report WHERE description = ${fields.description}`.execute(t.app.tambo.deps.db);
    assert.equal(stored.rows[0]!.n, 1, 'one report stored');
    assertError(await post('json', { ...fields, description: 'Otra cosa' }, { 'idempotency-key': key }), 422, 'json');
    assertError(await post('xml', fields, { 'idempotency-key': 'with spaces' }), 400, 'xml', /idempotency-key/);
    const fresh = await post('json', fields, { 'idempotency-key': 'open311-retry-0002', cookie: 'tambo_sid=a-browser-session' });
    assert.equal(fresh.statusCode, 200, 'cookies are not credentials here: no CSRF token asked');
    assert.notEqual((fresh.json() as Array<{ service_request_id: string }>)[0]!.service_request_id, [...ids][0], 'a new key, a new request');
  });

  it('refuses a missing, unknown or malformed key with 403', async () => {
    const fields = { service_code: 'agua', lat: '-16.5', long: '-68.15', description: 'x', 'attribute[problema]': 'fuga' };
    assertError(await post('json', fields), 403, 'json', /api_key/);
    assertError(await post('xml', { ...fields, api_key: 'not-a-key' }), 403, 'xml', /api_key/);
    assertError(await post('json', { ...fields, api_key: `${DEMO_KEY}x` }), 403, 'json');
    // Only in the body: a key in the address would end up in access logs.
    const inQuery = await t.app.inject({ method: 'POST', url: `${V2}/requests.json?api_key=${DEMO_KEY}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
    assertError(inQuery, 403, 'json');
  });

  it('answers missing or wrong fields with 400, and unknown codes with 404', async () => {
    const base = { api_key: DEMO_KEY, lat: '-16.5', long: '-68.15', description: 'Fuga', 'attribute[problema]': 'fuga' };
    assertError(await post('json', base), 400, 'json', /service_code/);
    assertError(await post('xml', { ...base, service_code: 'no_such' }), 404, 'xml', /no_such/);
    assertError(await post('json', { ...base, service_code: 'agua', lat: '', long: '' }), 400, 'json', /lat/);
    assertError(await post('json', { ...base, service_code: 'agua', lat: '95' }), 400, 'json', /lat/);
    assertError(await post('xml', { ...base, service_code: 'agua', 'attribute[problema]': 'inundacion' }), 400, 'xml', /attribute\[problema\]/);
    assertError(await post('json', { api_key: DEMO_KEY, service_code: 'agua', lat: '-16.5', long: '-68.15', description: 'Fuga' }), 400, 'json', /attribute\[problema\]/);
    assertError(await post('json', { ...base, service_code: 'agua', jurisdiction_id: 'XX-1' }), 404, 'json', /XX-1/);
    assertError(await post('json', { ...base, service_code: 'agua', 'attribute[__proto__][]': ['x'] }), 400, 'json', /attribute\[__proto__\]/);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports.report WHERE description = 'Fuga'`.execute(t.app.tambo.deps.db);
    assert.equal(count.rows[0]!.n, 0, 'nothing was created');
  });
});

describe('GeoReport v2 privacy', () => {
  it('never shows a report hidden by moderation', async () => {
    const response = await post('json', { api_key: DEMO_KEY, service_code: 'residuos', address_string: 'Calle Comercio', description: 'Texto que la moderación ocultará' });
    const [created] = response.json() as Array<{ service_request_id: string }>;
    const id = created!.service_request_id;
    await getBoth(`requests/${id}`, 'service_requests', 'requests.json');
    await sql`UPDATE reports.report SET hidden_at = now(), hidden_reason = 'test' WHERE id = ${Number(id)}`.execute(t.app.tambo.deps.db);
    assertError(await t.app.inject({ url: `${V2}/requests/${id}.json` }), 404, 'json');
    const listed = (await getBoth('requests', 'service_requests', 'requests.json')) as Array<{ service_request_id: string }>;
    assert.ok(!listed.some((r) => r.service_request_id === id));
    const byId = await getBoth('requests', 'service_requests', 'requests.json', `?service_request_id=${id}`);
    assert.deepEqual(byId, []);
  });
});

describe('GeoReport v2 errors', () => {
  it('answers unknown things with 404 in the format asked, never problem+json', async () => {
    for (const format of ['json', 'xml'] as const) {
      assertError(await t.app.inject({ url: `${V2}/requests/99999999.${format}` }), 404, format, /99999999/);
      assertError(await t.app.inject({ url: `${V2}/tokens/unknown-token.${format}` }), 404, format, /unknown-token/);
      assertError(await t.app.inject({ url: `${V2}/services/no_such.${format}` }), 404, format, /no_such/);
      assertError(await t.app.inject({ url: `${V2}/services.${format}?jurisdiction_id=XX` }), 404, format, /XX/);
      assertError(await t.app.inject({ url: `${V2}/nothing-here.${format}` }), 404, format);
      assertError(await t.app.inject({ url: `/open311/v3/services.${format}` }), 404, format);
    }
    const wrongMethod = await t.app.inject({ method: 'DELETE', url: `${V2}/requests.json` });
    assertError(wrongMethod, 405, 'json');
    assert.equal(wrongMethod.headers.allow, 'GET, POST');
    assert.equal((await t.app.inject({ method: 'POST', url: `${V2}/services.xml` })).headers.allow, 'GET');
    assertError(await t.app.inject({ url: `${V2}/requests/12` }), 404, 'xml');
    assertError(await t.app.inject({ url: `${V2}/services.csv` }), 404, 'xml');
  });

  it('answers bad filters with 400', async () => {
    assertError(await t.app.inject({ url: `${V2}/requests.json?start_date=yesterday` }), 400, 'json', /start_date/);
    assertError(await t.app.inject({ url: `${V2}/requests.xml?status=pending` }), 400, 'xml', /status/);
    assertError(await t.app.inject({ url: `${V2}/requests.json?start_date=2026-02-01&end_date=2026-01-01` }), 400, 'json', /end_date/);
    assertError(await t.app.inject({ url: `${V2}/requests.json?max_requests=5000` }), 400, 'json', /max_requests/);
    assertError(await t.app.inject({ url: `${V2}/servicerequestupdates.xml?end_date=nope` }), 400, 'xml', /end_date/);
    assertError(await t.app.inject({ url: `${V2}/servicerequestupdates.json?jurisdiction_id=XX` }), 404, 'json', /XX/);
  });

  it('escapes text in XML', async () => {
    const response = await post('json', { api_key: DEMO_KEY, service_code: 'residuos', address_string: 'x', description: 'Basura </description><status>closed</status> & "más"' });
    const [created] = response.json() as Array<{ service_request_id: string }>;
    const xml = await t.app.inject({ url: `${V2}/requests/${created!.service_request_id}.xml` });
    assert.match(xml.body, /Basura &lt;\/description&gt;&lt;status&gt;closed&lt;\/status&gt; &amp; &quot;más&quot;/);
    const [request] = xmlToJson(xml.body, 'service_requests', 'requests.json') as Array<{ description: string; status: string }>;
    assert.equal(request!.description, 'Basura </description><status>closed</status> & "más"');
    assert.equal(request!.status, 'open');
  });
});

describe('GeoReport v2 refusals, each with its documented code on the log line of the request', () => {
  const jurisdiction = (value: string) => `?jurisdiction_id=${encodeURIComponent(value)}`;
  const tooLong = 'x'.repeat(101);
  let sent = 0;
  /** Sends the request, checks the error list in the format asked, and returns the request id its log line carries. */
  async function refused(code: string, format: 'json' | 'xml', options: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string }, pattern?: RegExp) {
    sent += 1;
    const id = `open311-refusal-${sent}`;
    const response = await t.app.inject({ method: options.method ?? 'GET', url: options.url, headers: { 'accept-language': 'en', 'x-request-id': id, ...options.headers }, payload: options.payload });
    assertError(response, t.app.tambo.errorTable[code]!.status, format, pattern);
    return { id, code };
  }

  it('answers the codes its operations document (parameters, bodies, jurisdictions, names without a format)', async () => {
    const expected: Array<{ id: string; code: string }> = [];
    const body = { api_key: DEMO_KEY, service_code: 'residuos', address_string: 'Calle Loayza', description: 'Basura (rechazos)' };
    for (const format of ['json', 'xml'] as const) {
      // Parameters the schema refuses.
      for (const path of [`services.${format}`, `services/agua.${format}`, `requests/1.${format}`, `tokens/abc.${format}`]) {
        expected.push(await refused('VALIDATION_FAILED', format, { url: `${V2}/${path}${jurisdiction(tooLong)}` }, /jurisdiction_id/));
      }
      expected.push(await refused('VALIDATION_FAILED', format, { url: `${V2}/requests.${format}?max_requests=0` }, /max_requests/));
      expected.push(await refused('VALIDATION_FAILED', format, { url: `${V2}/servicerequestupdates.${format}?max_updates=0` }, /max_updates/));
      // A jurisdiction that is neither the country nor a territory.
      for (const path of [`services.${format}`, `services/agua.${format}`, `requests/1.${format}`, `requests.${format}`, `servicerequestupdates.${format}`]) {
        expected.push(await refused('OPEN311_JURISDICTION_NOT_FOUND', format, { url: `${V2}/${path}${jurisdiction('XX-9')}` }, /XX-9/));
      }
      // Bodies: not JSON, another media type, too large, of the wrong shape.
      const postAs = (contentType: string, payload: string) => ({ method: 'POST' as const, url: `${V2}/requests.${format}`, headers: { 'content-type': contentType }, payload });
      expected.push(await refused('MALFORMED_JSON', format, postAs('application/json', '{"api_key":')));
      expected.push(await refused('UNSUPPORTED_MEDIA_TYPE', format, postAs('text/plain', 'hola')));
      expected.push(await refused('PAYLOAD_TOO_LARGE', format, postAs('application/json', JSON.stringify({ ...body, description: 'x'.repeat(t.config.bodyLimitBytes) }))));
      expected.push(await refused('VALIDATION_FAILED', format, postAs('application/json', '[]')));
      // The application's key, the jurisdiction, the service, a reused Idempotency-Key.
      expected.push(await refused('OPEN311_INVALID_API_KEY', format, postAs('application/json', JSON.stringify({ ...body, api_key: undefined })), /api_key/));
      expected.push(await refused('OPEN311_JURISDICTION_NOT_FOUND', format, postAs('application/x-www-form-urlencoded', form({ ...body, jurisdiction_id: 'XX-9' })), /XX-9/));
      expected.push(await refused('OPEN311_SERVICE_NOT_FOUND', format, postAs('application/x-www-form-urlencoded', form({ ...body, service_code: 'no_such' })), /no_such/));
      const key = { 'idempotency-key': `open311-refusal-key-${format}` };
      const first = await post(format, body, key);
      assert.equal(first.statusCode, 200, first.body);
      expected.push(
        await refused('IDEMPOTENCY_KEY_REUSED', format, {
          ...postAs('application/x-www-form-urlencoded', form({ ...body, description: 'Otra cosa' })),
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...key },
        }),
      );
    }
    // A name without its format.
    for (const path of ['services/agua', 'requests/1', 'tokens/abc']) expected.push(await refused('NOT_FOUND', 'xml', { url: `${V2}/${path}` }));

    const lines = logLines.map((line) => JSON.parse(line) as { reqId?: string; msg: string; code?: string });
    const noted = expected.map(({ id }) => lines.find((line) => line.reqId === id && line.msg === 'request completed')?.code);
    assert.deepEqual(
      noted,
      expected.map(({ code }) => code),
      'each refusal notes its code, as every other route does',
    );
  });
});

describe('GeoReport v2 in the Venezuelan profile', () => {
  let ve: TestApp;
  before(async () => {
    ve = await buildTestApp({ demo: true, env: { COUNTRY: 've' } });
  });
  after(async () => ve.close());

  it('takes the country code ve as jurisdiction (any case) and refuses another country, valid in both formats', async () => {
    for (const format of ['json', 'xml'] as const) {
      const services = await ve.app.inject({ url: `${V2}/services.${format}?jurisdiction_id=ve` });
      assert.equal(services.statusCode, 200);
      assertValid('services.json', format === 'json' ? services.json() : xmlToJson(services.body, 'services', 'services.json'));
      const requests = await ve.app.inject({ url: `${V2}/requests.${format}?jurisdiction_id=VE` });
      const list = (format === 'json' ? requests.json() : xmlToJson(requests.body, 'service_requests', 'requests.json')) as unknown[];
      assertValid('requests.json', list);
      assert.ok(list.length > 0, 'the Venezuelan demo reports');
      assertError(await ve.app.inject({ url: `${V2}/requests.${format}?jurisdiction_id=bo` }), 404, format, /bo/);
    }
  });
});
