// Cartografía social: a commune's social mappers add, change and retire points by form (errors
// linked to the fields, input kept) and by API (problem details; 20 identical adds with one
// Idempotency-Key make one point and one audit entry); a point outside the boundary is refused
// on its coordinates; the public page draws the points on the territory's map with a table and
// a CSV; the situation room's map shows them; retired points are kept but no longer shown.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { boundTokenCopy } from '../../../test/helpers/bound-token.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount, userAccessToken } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';

const COMMUNE = 'VE-A-01-01-01';
const API = `/api/v1/social-map/${COMMUNE}/points`;
const inside = { kind: 'service', subcategory: 'school', name: 'Escuela de prueba', description: 'Primaria', lat: 10.511, lon: -66.931 };

describe('cartografía social', () => {
  let t: TestApp & { baseUrl: string };
  const browser = new HttpSession();
  const tokens: Record<string, string> = {};
  const client = { clientId: 'cartografia-pruebas', secret: 'cartografia-pruebas-secret', redirectUri: 'http://127.0.0.1:8402/callback' };

  before(async () => {
    // trustProxy: a client certificate reaches the app as the TLS-terminating proxy's header.
    t = await listenTestApp({ env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' }, config: { trustProxy: true } });
    const { deps, modules } = t.app.tambo;
    for (const name of ['territories', 'cartography']) await modules.find((m) => m.name === name)!.seed!(deps);
    await sql`INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, scopes, purpose)
      VALUES (${client.clientId}, ${client.secret}, 'Cartografía de pruebas', NULL, ${[client.redirectUri]}, ${['openid', 'cartography:social_map']}, 'Pruebas')`.execute(deps.db);
    // A mapper of the commune, a mapper of one of its councils, and a person without the role.
    const people = { mapper: COMMUNE, council: `${COMMUNE}-03`, stranger: null } as const;
    for (const [who, territoryCode] of Object.entries(people)) {
      const documentNumber = newDocument();
      const email = `${who}-${documentNumber.replace(/\D/g, '')}@example.org`;
      const person = { documentNumber, givenName: who, familyName: 'Mapa', email };
      await testAccount(deps, person);
      tokens[who] = (await userAccessToken(t.baseUrl, { ...client, scope: 'openid cartography:social_map', login: email, password: TEST_ACCOUNT_PASSWORD })).tokens!.access_token;
      if (who === 'mapper') tokens.noScope = (await userAccessToken(t.baseUrl, { ...client, scope: 'openid', login: email, password: TEST_ACCOUNT_PASSWORD })).tokens!.access_token;
      if (territoryCode) await testAccount(deps, { ...person, roles: [{ role: 'social_mapper', territoryCode }] });
      if (who === 'mapper') await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
    }
  });
  after(async () => t.close());

  const call = async (who: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> & { errors?: Array<{ pointer: string }> } };
  };
  const audits = async (id: string, action: string) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE subject_id = ${id} AND action = ${action}`.execute(t.app.tambo.deps.db)).rows[0]!.n);

  it('adds by API: 20 identical requests with one Idempotency-Key make one point and one audit entry; the key with another body is 422', async () => {
    const key = `burst-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('mapper', 'POST', API, inside, { 'idempotency-key': key })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(19).fill(200), 201]);
    const ids = new Set(answers.map((a) => a.json.id));
    assert.equal(ids.size, 1);
    const id = String([...ids][0]);
    assert.equal(await audits(id, 'cartography.social_point_added'), 1);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cartography.social_point WHERE name = ${inside.name}`.execute(t.app.tambo.deps.db);
    assert.equal(rows.rows[0]!.n, 1);
    assert.equal(answers.find((a) => a.status === 200)!.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(answers[0]!.json.territoryPath, ['VE-A', 'VE-A-01', 'VE-A-01-01', COMMUNE]);
    const reused = await call('mapper', 'POST', API, { ...inside, name: 'Otra escuela' }, { 'idempotency-key': key });
    assert.deepEqual([reused.status, reused.json.code], [422, 'IDEMPOTENCY_KEY_REUSED']);
    // Listed publicly, without who added it.
    const list = await call(null, 'GET', API);
    const listed = (list.json.points as Array<Record<string, unknown>>).find((p) => p.id === id)!;
    assert.equal(listed.name, inside.name);
    assert.equal('addedBy' in listed, false);
  });

  it('answers problem details: unknown territory, bad input, outside the boundary, no role, no scope, no token', async () => {
    const missing = await call('mapper', 'POST', '/api/v1/social-map/VE-NO-SUCH/points', inside);
    assert.deepEqual([missing.status, missing.json.code], [404, 'CARTOGRAPHY_NOT_FOUND']);
    assert.equal((await call(null, 'GET', '/api/v1/social-map/VE-NO-SUCH/points')).json.code, 'CARTOGRAPHY_NOT_FOUND');
    const bad = await call('mapper', 'POST', API, { ...inside, kind: 'risk', name: 'x' });
    assert.deepEqual([bad.status, bad.json.code], [400, 'CARTOGRAPHY_INVALID_POINT']);
    assert.deepEqual(bad.json.errors?.map((f) => f.pointer).sort(), ['/name', '/subcategory']);
    // Inside the parish's boundary, outside the commune's.
    const outside = await call('mapper', 'POST', API, { ...inside, lat: 10.497, lon: -66.948 });
    assert.deepEqual([outside.status, outside.json.code], [400, 'CARTOGRAPHY_POINT_OUTSIDE']);
    assert.deepEqual(
      outside.json.errors?.map((f) => f.pointer),
      ['/lat', '/lon'],
    );
    const typed = await call('mapper', 'POST', API, { ...inside, lat: 'norte' });
    assert.deepEqual([typed.status, typed.json.code], [400, 'VALIDATION_FAILED']);
    assert.equal((await call('mapper', 'POST', API, '{"kind":')).json.code, 'MALFORMED_JSON');
    assert.equal((await call('mapper', 'POST', API, 'kind=service', { 'content-type': 'text/plain' })).json.code, 'UNSUPPORTED_MEDIA_TYPE');
    const stranger = await call('stranger', 'POST', API, inside);
    assert.deepEqual([stranger.status, stranger.json.code], [403, 'CARTOGRAPHY_FORBIDDEN']);
    // A council's mapper keeps the council's map, not the commune's.
    assert.equal((await call('council', 'POST', API, inside)).json.code, 'CARTOGRAPHY_FORBIDDEN');
    assert.equal((await call('council', 'POST', `/api/v1/social-map/${COMMUNE}-03/points`, { ...inside, lat: 10.505, lon: -66.93 })).status, 201);
    assert.equal((await call('council', 'POST', `/api/v1/social-map/${COMMUNE}-03/points`, { ...inside, lat: 10.515, lon: -66.93 })).json.code, 'CARTOGRAPHY_POINT_OUTSIDE');
    const noScope = await call('noScope', 'POST', API, inside);
    assert.deepEqual([noScope.status, noScope.json.code], [403, 'CARTOGRAPHY_FORBIDDEN']);
    const anonymous = await call(null, 'POST', API, inside);
    assert.deepEqual([anonymous.status, anonymous.json.code], [401, 'UNAUTHENTICATED']);
    // A token bound to a client certificate: accepted with that certificate only.
    const bound = await boundTokenCopy(t.app, tokens.mapper!);
    tokens.bound = bound.token;
    assert.equal((await call('bound', 'POST', API, { ...inside, name: 'Escuela con certificado' })).status, 401);
    assert.equal((await call('bound', 'POST', API, { ...inside, name: 'Escuela con certificado' }, bound.certificateHeaders)).status, 201);
  });

  it('changes and retires by API: only a mapper over it, inside the boundary; a retired point is kept, not shown, and cannot change', async () => {
    const added = await call('mapper', 'POST', API, { ...inside, name: 'Pozo de agua', kind: 'service', subcategory: 'water_point' });
    const id = String(added.json.id);
    const path = `${API}/${id}`;
    assert.equal((await call('mapper', 'PATCH', `${API}/00000000-0000-7000-8000-000000000000`, { name: 'Nada' })).json.code, 'CARTOGRAPHY_NOT_FOUND');
    assert.equal((await call('stranger', 'PATCH', path, { name: 'Nada' })).json.code, 'CARTOGRAPHY_FORBIDDEN');
    assert.equal((await call('mapper', 'PATCH', path, { subcategory: 'flood' })).json.code, 'CARTOGRAPHY_INVALID_POINT', 'a flood is no service');
    assert.equal((await call('mapper', 'PATCH', path, { lat: 10.49 })).json.code, 'CARTOGRAPHY_POINT_OUTSIDE');
    const changed = await call('mapper', 'PATCH', path, { kind: 'risk', subcategory: 'flood', name: 'Quebrada que se desborda' });
    assert.equal(changed.status, 200);
    assert.deepEqual([changed.json.kind, changed.json.subcategory, changed.json.name, changed.json.lat], ['risk', 'flood', 'Quebrada que se desborda', inside.lat]);
    assert.equal(await audits(id, 'cartography.social_point_updated'), 1);

    assert.equal((await call('stranger', 'DELETE', path)).json.code, 'CARTOGRAPHY_FORBIDDEN');
    assert.equal((await call('mapper', 'DELETE', `${API}/nada`)).json.code, 'CARTOGRAPHY_NOT_FOUND');
    const retired = await Promise.all(Array.from({ length: 5 }, () => call('mapper', 'DELETE', path)));
    assert.deepEqual(
      retired.map((r) => r.status),
      [204, 204, 204, 204, 204],
    );
    assert.equal(await audits(id, 'cartography.social_point_retired'), 1, 'retired once');
    const again = await call('mapper', 'PATCH', path, { name: 'Otra vez' });
    assert.deepEqual([again.status, again.json.code], [409, 'CARTOGRAPHY_POINT_RETIRED']);
    const list = await call(null, 'GET', API);
    assert.equal(
      (list.json.points as Array<{ id: string }>).some((p) => p.id === id),
      false,
      'not shown',
    );
    const kept = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cartography.social_point WHERE id = ${id} AND retired_at IS NOT NULL`.execute(t.app.tambo.deps.db);
    assert.equal(kept.rows[0]!.n, 1, 'kept');
  });

  it('adds, changes and retires by form: errors in a summary linked to the fields, input kept, a double submit adds once', async () => {
    const page = `${t.baseUrl}/cartografia-social/${COMMUNE}`;
    const publicHtml = await (await browser.request(page)).text();
    assert.match(publicHtml, new RegExp(`href="/cartografia-social/${COMMUNE}/nuevo"`), 'the mapper is offered the form');
    const anonymousHtml = await (await fetch(page)).text();
    assert.doesNotMatch(anonymousHtml, /\/nuevo"/, 'nobody else is');
    assert.equal((await fetch(`${page}/nuevo`, { redirect: 'manual' })).status, 303, 'a stranger is sent to sign in');

    const path = `${page}/nuevo`;
    const form = await (await browser.request(path)).text();
    const index = formIndex(form, (f) => f.action.startsWith(`/cartografia-social/${COMMUNE}/nuevo`));
    const bad = await browser.submit(path, form, { subcategory: 'bakery', name: 'Panadería La Espiga', description: '', lat: '10,49', lon: '-66,93' }, index);
    assert.equal(bad.status, 400);
    const badHtml = await bad.text();
    assert.match(badHtml, /href="#campo-lat">El punto queda fuera de los límites de Comuna Los Bloques/);
    assert.match(badHtml, /name="name"[^>]*value="Panadería La Espiga"|value="Panadería La Espiga"[^>]*name="name"/, 'the input is kept');
    const invalid = await browser.submit(path, form, { subcategory: '', name: '', lat: 'norte', lon: '' }, index);
    const invalidHtml = await invalid.text();
    for (const field of ['subcategory', 'name', 'lat', 'lon']) assert.match(invalidHtml, new RegExp(`href="#campo-${field}"`));

    const fields = { subcategory: 'bakery', name: 'Panadería La Espiga', description: 'Pan de horno', lat: '10,508', lon: '-66,941' };
    const [ok, twice] = await Promise.all([browser.submit(path, form, fields, index), browser.submit(path, form, fields, index)]);
    assert.deepEqual([ok.status, twice.status], [303, 303]);
    const rows = await sql<{ id: string; kind: string }>`SELECT id, kind FROM cartography.social_point WHERE name = 'Panadería La Espiga'`.execute(t.app.tambo.deps.db);
    assert.equal(rows.rows.length, 1, 'a double submit adds once');
    const id = rows.rows[0]!.id;
    assert.equal(rows.rows[0]!.kind, 'productive_unit', 'the kind follows from the category');

    const editPath = `${page}/puntos/${id}`;
    const edit = await (await browser.request(editPath)).text();
    assert.match(edit, /value="Panadería La Espiga"/);
    const editIndex = formIndex(edit, (f) => f.action.startsWith(`/cartografia-social/${COMMUNE}/puntos/${id}#`));
    const saved = await browser.submit(editPath, edit, { ...fields, name: 'Panadería comunal La Espiga' }, editIndex);
    assert.equal(saved.status, 303);
    assert.match(await (await browser.request(`${t.baseUrl}${saved.headers.get('location')}`)).text(), /Panadería comunal La Espiga/);
    const retireIndex = formIndex(edit, (f) => f.action.endsWith('/retirar'));
    const retired = await browser.submit(editPath, edit, {}, retireIndex);
    assert.equal(retired.status, 303);
    assert.doesNotMatch(await (await fetch(page)).text(), /La Espiga/);
    assert.equal(await audits(id, 'cartography.social_point_retired'), 1);
  });

  it('draws the points on the public page with a table and a CSV, and on the situation room map', async () => {
    const added = await call('mapper', 'POST', API, { kind: 'productive_unit', subcategory: 'textile', name: 'Costurero Los Bloques', lat: 10.502, lon: -66.927 });
    const id = String(added.json.id);
    const html = await (await fetch(`${t.baseUrl}/cartografia-social/${COMMUNE}`)).text();
    assert.match(html, /<svg[^>]*role="img"[^>]*id="mapa-social"/);
    assert.match(html, /<rect[^>]*class="social-point social-point--productive_unit"[^>]*><title>Unidad productiva, Textil: Costurero Los Bloques<\/title><\/rect>/);
    assert.match(html, /<circle[^>]*><title>Servicio, Escuela: Escuela Bolivariana Los Bloques<\/title>/, 'the demo points');
    const table = html.slice(html.indexOf('id="lista-social"'));
    assert.match(table, new RegExp(`id="punto-${id}"[^>]*>Costurero Los Bloques`));
    assert.match(table, /latitud 10,502, longitud -66,927/);
    const csv = await fetch(`${t.baseUrl}/cartografia-social/${COMMUNE}/puntos.csv`);
    assert.match(csv.headers.get('content-type')!, /^text\/csv/);
    const text = await csv.text();
    assert.match(text, /^id,territory,kind,kind_name,subcategory,subcategory_name,name,description,lat,lon,updated_at\r\n/);
    assert.match(text, new RegExp(`${id},${COMMUNE},productive_unit,Unidad productiva,textile,Textil,Costurero Los Bloques,,10.502,-66.927,`));
    assert.equal((await fetch(`${t.baseUrl}/cartografia-social/VE-NO-SUCH`)).status, 404);

    const room = await (await fetch(`${t.baseUrl}/sala/${COMMUNE}`)).text();
    const part = room.slice(room.indexOf('id="puntos"'));
    assert.match(part, /<title>Cartografía social: [0-9a-f-]+ · Costurero Los Bloques<\/title>/);
    assert.match(part, new RegExp(`<a href="/cartografia-social/${COMMUNE}#punto-${id}" data-point="social_point:${id}">`));

    const open = await fetch(`${t.baseUrl}/api/v1/open-data/cartography.social_map_points`);
    assert.equal(open.status, 200);
    assert.match(await open.text(), /Costurero Los Bloques/);
  });
});
