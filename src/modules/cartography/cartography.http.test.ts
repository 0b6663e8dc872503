// The administration of boundaries and layers over real HTTP: the API with a bearer token of
// a platform administrator (401/403 otherwise, problems named by feature), and the page under
// /admin with its multipart upload, error summary and audit entries.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { boundTokenCopy } from '../../../test/helpers/bound-token.ts';
import type { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { ADMIN, adminAccessToken, CITIZEN, portalSession } from '../identity/admin.test-helpers.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../../test/fixtures/territories/${name}`, import.meta.url), 'utf8');

let t: TestApp & { baseUrl: string };
let adminToken: string;
let citizenToken: string;
before(async () => {
  // trustProxy: a client certificate reaches the app as the TLS-terminating proxy's header (mtls.ts).
  t = await listenTestApp({ demo: true, config: { trustProxy: true } });
  [adminToken, citizenToken] = [await adminAccessToken(t.baseUrl, ADMIN), await adminAccessToken(t.baseUrl, CITIZEN)];
});
after(async () => t.close());

const send = (method: string, path: string, body: string, token?: string, type = 'application/geo+json') =>
  fetch(`${t.baseUrl}${path}`, { method, headers: { 'content-type': type, 'accept-language': 'en', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

const locate = async (lat: number, long: number) =>
  ((await (await fetch(`${t.baseUrl}/api/v1/territories/locate?lat=${lat}&long=${long}`)).json()) as { territory: { code: string } | null }).territory?.code;

describe('boundaries API', () => {
  it('accepts an administrator’s certificate-bound token with its certificate, and refuses it without', async () => {
    const { token, certificateHeaders } = await boundTokenCopy(t.app, adminToken);
    const put = (headers: Record<string, string>) =>
      fetch(`${t.baseUrl}/api/v1/territories/layers/circuitos`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: '{}' });
    const without = await put({});
    assert.equal(without.status, 401, await without.clone().text());
    const withCert = await put(certificateHeaders);
    assert.equal(withCert.status, 400, 'past the door: the empty document is refused');
    assert.equal(((await withCert.json()) as { code: string }).code, 'VALIDATION_FAILED');
  });

  it('refuses a request without a token (401), and a citizen’s token (403)', async () => {
    const none = await send('POST', '/api/v1/territories/boundaries', fixture('la-paz.geojson'));
    assert.equal(none.status, 401);
    assert.match(none.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer .*tambo:admin/);
    const citizen = await send('POST', '/api/v1/territories/boundaries', fixture('la-paz.geojson'), citizenToken);
    assert.equal(citizen.status, 403, await citizen.clone().text());
    assert.equal(((await citizen.json()) as { code: string }).code, 'FORBIDDEN');
    const put = await send('PUT', '/api/v1/territories/layers/circuitos', '{}', citizenToken, 'application/json');
    assert.equal(put.status, 403, await put.text());
  });

  it('imports a FeatureCollection, and points are placed by the new boundaries', async () => {
    assert.equal(await locate(-16.55, -68.05), 'BO-L-01-01', 'the demo boundaries: La Paz');
    const response = await send('POST', '/api/v1/territories/boundaries', fixture('la-paz.geojson'), adminToken);
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(await response.json(), { saved: 6, unchanged: 0 });
    assert.equal(await locate(-16.55, -68.05), 'BO-L-01-05', 'the fixture: Achocalla in La Paz’s hole');
    const audited = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit.entry WHERE action = 'territories.boundary_imported' AND actor_type = 'admin'`.execute(t.app.tambo.deps.db);
    assert.equal(audited.rows[0]!.n, 6);
    const json = await send('POST', '/api/v1/territories/boundaries', fixture('la-paz.geojson'), adminToken, 'application/json');
    assert.deepEqual(await json.json(), { saved: 0, unchanged: 6 });
  });

  it('answers every problem of the document at once, each with a pointer and the feature named', async () => {
    const response = await send('POST', '/api/v1/territories/boundaries', fixture('invalid.geojson'), adminToken);
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = (await response.json()) as { code: string; errors: Array<{ pointer: string; detail: string }> };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.deepEqual(problem.errors, [
      { pointer: '/features/1/properties/code', detail: 'Feature 2: no territorial unit has the code XX-99' },
      { pointer: '/features/2/geometry/coordinates/0', detail: 'Feature 3 (BO-L-01-02): the ring is not closed (the last position must repeat the first)' },
      { pointer: '/features/3/geometry/coordinates/0', detail: 'Feature 4 (BO-L-01-03): the ring crosses itself' },
      { pointer: '/features/4/geometry/type', detail: 'Feature 5 (BO-L-01-04): the geometry must be a Polygon or a MultiPolygon' },
    ]);
    const notGeoJson = await send('POST', '/api/v1/territories/boundaries', '{"type": "Point"}', adminToken);
    assert.equal(notGeoJson.status, 400);
    assert.deepEqual(((await notGeoJson.json()) as { errors: unknown[] }).errors, [{ pointer: '/type', detail: 'The document must be a GeoJSON FeatureCollection' }]);
  });

  it('answers 413 with problem details to a document over the 16 MiB limit, and leaves the boundaries as they were', async () => {
    const before = await locate(-16.55, -68.05);
    const huge = `{"type":"FeatureCollection","features":[]${' '.repeat(16 * 1024 * 1024)}}`;
    const response = await send('POST', '/api/v1/territories/boundaries', huge, adminToken);
    assert.equal(response.status, 413);
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(((await response.json()) as { code: string }).code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await locate(-16.55, -68.05), before);
  });

  it('creates and replaces a layer', async () => {
    const layer = {
      type: 'FeatureCollection',
      name: { es: 'Autonomías indígenas (prueba)', en: 'Indigenous autonomies (test)' },
      features: [
        {
          type: 'Feature',
          properties: { code: 'aioc-1', name: 'Autonomía 1' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-64, -20],
                [-63, -20],
                [-63, -19],
                [-64, -20],
              ],
            ],
          },
        },
      ],
    };
    const response = await send('PUT', '/api/v1/territories/layers/autonomias', JSON.stringify(layer), adminToken);
    assert.equal(response.status, 200, await response.clone().text());
    const body = (await response.json()) as { layer: { code: string; featureCount: number }; changed: boolean };
    assert.deepEqual([body.layer.code, body.layer.featureCount, body.changed], ['autonomias', 1, true]);
    const listed = (await (await fetch(`${t.baseUrl}/api/v1/territories/layers`)).json()) as { items: Array<{ code: string }> };
    assert.ok(listed.items.some((l) => l.code === 'autonomias'));
  });
});

describe('imports under pressure and odd input', () => {
  const square = (name: string) =>
    JSON.stringify({
      type: 'FeatureCollection',
      name: { es: name, en: name },
      features: [
        {
          type: 'Feature',
          properties: { code: 'zona-1', name },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-65, -18],
                [-64.9, -18],
                [-64.9, -17.9],
                [-65, -18],
              ],
            ],
          },
        },
      ],
    });

  it('six identical layer imports at once: all answered, one change stored and audited once', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => send('PUT', '/api/v1/territories/layers/paralelo', square('Capa paralela'), adminToken)));
    const bodies = await Promise.all(answers.map(async (a) => ({ status: a.status, body: (await a.json()) as { changed: boolean } })));
    assert.deepEqual(
      bodies.map((b) => b.status),
      Array(6).fill(200),
      JSON.stringify(bodies),
    );
    assert.equal(bodies.filter((b) => b.body.changed).length, 1, 'one import changed the layer; the others found it identical');
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'territories.layer_imported' AND subject_id = 'paralelo'`.execute(t.app.tambo.deps.db);
    assert.equal(audited.rows[0]!.n, 1);
  });

  it('a NUL character in a name is a 400 naming the problem, never a 500, and stores nothing', async () => {
    const response = await send('PUT', '/api/v1/territories/layers/con-nulo', square('Capa\u0000nula'), adminToken);
    assert.equal(response.status, 400, await response.clone().text());
    assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
    const listed = (await (await fetch(`${t.baseUrl}/api/v1/territories/layers`)).json()) as { items: Array<{ code: string }> };
    assert.ok(!listed.items.some((l) => l.code === 'con-nulo'));
  });
});

describe('administration page', () => {
  let admin: HttpSession;
  before(async () => {
    admin = await portalSession(t.baseUrl, ADMIN);
  });

  const upload = async (path: string, field: string, file: string, extra: Record<string, string> = {}) => {
    const page = await (await admin.request(`${t.baseUrl}/admin/territorios`)).text();
    const form = new FormData();
    form.append('_csrf', /name="_csrf" value="([^"]+)"/.exec(page)![1]!);
    for (const [key, value] of Object.entries(extra)) form.append(key, value);
    form.append(field, new Blob([file], { type: 'application/geo+json' }), 'limites.geojson');
    const request = new Request('http://local/', { method: 'POST', body: form });
    const response = await admin.request(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': request.headers.get('content-type')! }, body: Buffer.from(await request.arrayBuffer()) });
    return { status: response.status, html: await response.text() };
  };

  it('is listed on the administration home and shown to platform administrators only', async () => {
    const home = await (await admin.request(`${t.baseUrl}/admin`)).text();
    assert.match(home, /href="\/admin\/territorios"/);
    const page = await admin.request(`${t.baseUrl}/admin/territorios`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /enctype="multipart\/form-data"/);
    assert.match(html, /<input class="file-upload" type="file" id="campo-limites"/);
    const citizen = await portalSession(t.baseUrl, CITIZEN);
    assert.equal((await citizen.request(`${t.baseUrl}/admin/territorios`)).status, 403);
  });

  it('uploads a file with problems: the error summary lists each one, linked to the file field', async () => {
    const { status, html } = await upload('/admin/territorios/limites', 'limites', fixture('invalid.geojson'));
    assert.equal(status, 400);
    assert.match(html, /<title>Error:/);
    assert.match(html, /class="error-summary"/);
    assert.match(html, /<a href="#campo-limites">Elemento 2: ninguna unidad territorial tiene el código XX-99<\/a>/);
    assert.match(html, /<a href="#campo-limites">Elemento 4 \(BO-L-01-03\): el anillo se cruza consigo mismo<\/a>/);
    assert.match(html, /id="campo-limites-error"><span class="visually-hidden">[^<]+<\/span>\s*El archivo tiene 4 problemas/);
    const notJson = await upload('/admin/territorios/limites', 'limites', '{ not json');
    assert.equal(notJson.status, 400);
    assert.match(notJson.html, /El archivo no es JSON válido/);
    const pdf = await upload('/admin/territorios/limites', 'limites', '%PDF-1.7\n');
    assert.equal(pdf.status, 400);
    assert.match(pdf.html, /href="#campo-limites"/);
  });

  it('uploads boundaries and a layer', async () => {
    const { status, html } = await upload('/admin/territorios/limites', 'limites', fixture('la-paz.geojson'));
    assert.equal(status, 200, html);
    assert.match(html, /Límites guardados: 0; sin cambios: 6\./);
    const layer = JSON.stringify({
      type: 'FeatureCollection',
      name: { es: 'Mapa social de la comuna', en: "The commune's social map" },
      features: [
        {
          type: 'Feature',
          properties: { code: 'sector-a', name: 'Sector A' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-66.94, 10.5],
                [-66.93, 10.5],
                [-66.93, 10.51],
                [-66.94, 10.5],
              ],
            ],
          },
        },
      ],
    });
    const bad = await upload('/admin/territorios/capas', 'capa', layer, { codigo: 'Mal Código' });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /<a href="#campo-codigo">/);
    const good = await upload('/admin/territorios/capas', 'capa', layer, { codigo: 'mapa-social' });
    assert.equal(good.status, 200, good.html);
    assert.match(good.html, /Capa Mapa social de la comuna guardada con 1 zona\./);
    const audited = await sql<{ actor_type: string }>`SELECT actor_type FROM audit.entry WHERE action = 'territories.layer_imported' AND subject_id = 'mapa-social'`.execute(t.app.tambo.deps.db);
    assert.deepEqual(
      audited.rows.map((r) => r.actor_type),
      ['admin'],
    );
  });

  /**
   * Announces a 12 MiB multipart upload, sends only its first part and the start of the file,
   * and returns the status line the server answers with: an answer before the body is complete
   * proves the refusal came before the file was read.
   */
  const answerBeforeBody = (session: HttpSession, csrf: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const url = new URL(t.baseUrl);
      const boundary = 'tambo-test-boundary';
      const head = `--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\ncontent-disposition: form-data; name="limites"; filename="big.geojson"\r\ncontent-type: application/geo+json\r\n\r\n{"type":"FeatureCollection","features":[`;
      const cookie = [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /admin/territorios/limites HTTP/1.1\r\nhost: ${url.host}\r\ncookie: ${cookie}\r\ncontent-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: ${12 * 1024 * 1024}\r\n\r\n${head}`,
        );
      });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n')) {
          socket.destroy();
          resolve(received.slice(0, received.indexOf('\r\n')));
        }
      });
      socket.on('error', reject);
      socket.setTimeout(10_000, () => {
        socket.destroy();
        resolve('no answer before the body');
      });
    });

  it('refuses a signed-in non-administrator’s upload, and a forged form’s, before reading the file', async () => {
    const citizen = await portalSession(t.baseUrl, CITIZEN);
    const citizenPage = await (await citizen.request(`${t.baseUrl}/`)).text();
    const citizenCsrf = /name="_csrf" value="([^"]+)"/.exec(citizenPage)?.[1] ?? '';
    assert.match(await answerBeforeBody(citizen, citizenCsrf), /^HTTP\/1\.1 403/);
    // The administrator's own session, but a token the page did not give: refused at the first file part.
    assert.match(await answerBeforeBody(admin, 'forged-token'), /^HTTP\/1\.1 403/);
    const stranger = new (admin.constructor as new () => HttpSession)();
    assert.match(await answerBeforeBody(stranger, ''), /^HTTP\/1\.1 (30\d|401|403)/);
  });
});
