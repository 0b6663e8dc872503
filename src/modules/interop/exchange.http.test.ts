// The exchange across two demo agencies over real HTTP (issue #17, "Done when"): SERECI's
// system publishes a service backed by the demo external producer and grants SIN's system; a
// call succeeds and its evidence package verifies with the real openssl binary; an ungranted
// consumer and a mismatched X-Road-Client are refused with X-Road-Error; a replayed X-Road-Id
// is refused (also in a parallel burst); a revocation takes effect at once, in this instance
// and in a second one on the same database (through the bus).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import type { TamboApp } from '../../platform/http/app-types.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { waitFor } from '../../../test/helpers/wait-for.ts';
import { auditEntries, createPerson, getPage, portalSession, postForm } from '../identity/admin.test-helpers.ts';
import { readForAgency } from './index.ts';
import { requestHash } from './exchange.service.ts';
import { ExchangeHarness, type SystemClient } from './interop.test-helpers.ts';
import { interopStats } from './interop.stats.ts';
import { startDemoProducer, type DemoProducer } from './sandbox/server.ts';

const openssl = spawnSync('which', ['openssl']).status === 0 && spawnSync('which', ['tar']).status === 0;

let t: TestApp & { baseUrl: string };
let b: TamboApp;
let bUrl: string;
let producer: DemoProducer;
let h: ExchangeHarness;
let sereci: SystemClient;
let sin: SystemClient;
let segip: SystemClient;
let dir: string;
const SERVICE = '/r1/BO/GOV/SERECI/registro/personas';

before(async () => {
  t = await listenTestApp({ demo: true });
  b = await buildApp(testConfig({ databaseUrl: t.database.url }, { PUBLIC_URL: t.baseUrl }), { background: false, poolSize: 3 });
  bUrl = await b.listen({ port: 0, host: '127.0.0.1' });
  producer = await startDemoProducer();
  h = new ExchangeHarness(t.baseUrl);
  await h.init();
  sereci = await h.system('SERECI', 'registro', ['interop:call', 'interop:manage']);
  sin = await h.system('SIN', 'sistema', ['interop:call']);
  segip = await h.system('SEGIP', 'consultas', ['interop:call']);
  assert.equal((await h.publish(sereci, 'personas', producer.url)).status, 201);
  assert.equal((await h.grant(sereci, 'personas', sin.client, 'GET', '/personas/*')).status, 201);
  dir = mkdtempSync(join(tmpdir(), 'tambo-interop-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await producer?.close();
  await b?.close();
  await t?.close();
});

const personPath = `${SERVICE}/personas/persona/${encodeURIComponent('4567891 LP')}`;

describe('the exchange', () => {
  it('forwards a granted call to the producer over HTTP, answers X-Road-Request-Hash, and its evidence verifies with openssl', { skip: openssl ? false : 'needs openssl and tar' }, async () => {
    const response = await h.call(sin, personPath, { 'x-road-id': 'sin-0001', 'x-road-userid': 'BO/funcionario-17', 'x-road-issue': 'TR-1234' });
    assert.equal(response.status, 200, await response.clone().text());
    const person = (await response.json()) as { givenNames: string };
    assert.equal(person.givenNames, 'María Elena');
    assert.equal(response.headers.get('x-road-id'), 'sin-0001');
    const expected = requestHash({
      method: 'GET',
      url: `/personas/persona/${encodeURIComponent('4567891 LP')}`,
      client: sin.client,
      xroadId: 'sin-0001',
      userId: 'BO/funcionario-17',
      issue: 'TR-1234',
      body: Buffer.alloc(0),
    });
    assert.equal(response.headers.get('x-road-request-hash'), expected);
    const seen = producer.requests.at(-1)!;
    assert.deepEqual([seen.path, seen.client, seen.xroadId], ['/personas/persona/4567891 LP', 'BO/GOV/SIN/sistema', 'sin-0001']);

    const messageId = response.headers.get('x-road-message-log-id')!;
    // The producer's agency may download it too; a third agency may not.
    assert.equal((await h.api(segip.token, `/api/v1/interop/messages/${messageId}/evidence`)).status, 404);
    const evidence = await h.api(sin.token, `/api/v1/interop/messages/${messageId}/evidence`);
    assert.equal(evidence.status, 200, await evidence.clone().text());
    assert.equal(evidence.headers.get('content-type'), 'application/x-tar');
    writeFileSync(join(dir, 'evidence.tar'), Buffer.from(await evidence.arrayBuffer()));
    execFileSync('tar', ['xf', 'evidence.tar'], { cwd: dir });
    const cms = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'batch.p7s', '-content', 'batch.jsonl', '-CAfile', 'root.pem', '-purpose', 'any', '-out', '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.match(cms.stderr, /Verification successful/);
    const ts = spawnSync('openssl', ['ts', '-verify', '-in', 'batch.tst', '-token_in', '-data', 'batch.jsonl', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem'], { cwd: dir, encoding: 'utf8' });
    assert.match(ts.stdout, /Verification: OK/, ts.stderr);
    const line = JSON.parse(readFileSync(join(dir, 'message.json'), 'utf8')) as Record<string, unknown>;
    assert.ok(
      readFileSync(join(dir, 'batch.jsonl'), 'utf8')
        .split('\n')
        .includes(readFileSync(join(dir, 'message.json'), 'utf8').trim()),
    );
    assert.equal(line.requestHash, expected);
    assert.equal(line.client, 'BO/GOV/SIN/sistema');
    assert.equal(line.service, 'BO/GOV/SERECI/registro/personas');
    assert.equal(line.userId, 'BO/funcionario-17');
    assert.equal(line.issue, 'TR-1234');
    const body = JSON.stringify(person);
    assert.ok(typeof line.responseHash === 'string' && line.responseHash.length === 44, 'a base64 SHA-256');
    assert.notEqual(line.responseHash, createHash('sha256').update(body).digest('base64'), 'status and content type are hashed with the body');

    // One changed byte of the batch: the signature no longer verifies.
    const batch = readFileSync(join(dir, 'batch.jsonl'));
    batch[10] = batch[10]! ^ 0x01;
    writeFileSync(join(dir, 'batch.jsonl'), batch);
    const tampered = spawnSync(
      'openssl',
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'batch.p7s', '-content', 'batch.jsonl', '-CAfile', 'root.pem', '-purpose', 'any', '-out', '/dev/null'],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.doesNotMatch(tampered.stderr, /Verification successful/);
  });

  it('refuses an ungranted consumer, an ungranted endpoint and an unknown service with X-Road-Error and problem details; the producer sees none', async () => {
    const before = producer.requests.length;
    const refused = await h.call(segip, personPath);
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('x-road-error'), 'Server.ServerProxy.AccessDenied');
    assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(((await refused.json()) as { code: string }).code, 'INTEROP_ACCESS_DENIED');
    const otherEndpoint = await h.call(sin, `${SERVICE}/unidades/unidad/1028547023`);
    assert.equal(otherEndpoint.status, 403, 'only /personas/* was granted');
    const unknown = await h.call(sin, '/r1/BO/GOV/SERECI/registro/nada/x');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('x-road-error'), 'Server.ServerProxy.UnknownService');
    assert.equal((await h.call(sin, '/r1/VE/GOV/SERECI/registro/personas/personas/persona/1')).status, 404, 'another instance');
    assert.equal(producer.requests.length, before);
    const refusedCells = await readStat(t.app.tambo.deps.db, interopStats.refused, { groupBy: ['reason'] });
    assert.ok(
      refusedCells.some((c) => c.group.reason === 'Server.ServerProxy.AccessDenied' && (c.count ?? 0) >= 2),
      JSON.stringify(refusedCells),
    );
  });

  it('refuses an X-Road-Client that is not the authenticated client, a malformed one, and a call without a token', async () => {
    const mismatch = await h.call(sin, personPath, { 'x-road-client': sereci.client });
    assert.equal(mismatch.status, 403);
    assert.equal(mismatch.headers.get('x-road-error'), 'Client.InvalidClient');
    const malformed = await h.call(sin, personPath, { 'x-road-client': 'BO/GOV/SIN' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.headers.get('x-road-error'), 'Client.BadRequest.InvalidClientHeader');
    const anonymous = await fetch(`${t.baseUrl}${personPath}`, { headers: { 'x-road-client': sin.client } });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('x-road-error'), 'Client.Unauthenticated');
    const noRight = await h.api(sin.token, '/api/v1/interop/services/personas', { method: 'PUT', json: {} });
    assert.equal(noRight.status, 403, 'the right is checked first, before the body');
  });

  it('answers a replayed X-Road-Id with 409 Client.DuplicateMessageId: of 20 parallel identical calls one reaches the producer', async () => {
    const before = producer.requests.length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.call(sin, personPath, { 'x-road-id': 'sin-burst-1' })));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, ...Array(19).fill(409)]);
    assert.ok(answers.filter((r) => r.status === 409).every((r) => r.headers.get('x-road-error') === 'Client.DuplicateMessageId'));
    assert.equal(producer.requests.length, before + 1);
    const replay = await h.call(sin, personPath, { 'x-road-id': 'sin-burst-1' });
    assert.equal(replay.status, 409);
  });

  it('serves the metadata services listClients, listMethods, allowedMethods and getOpenAPI', async () => {
    const clients = (await (await h.call(sin, '/r1/listClients')).json()) as { member: Array<{ id: { member_code: string; subsystem_code: string } }> };
    assert.ok(clients.member.some((m) => m.id.member_code === 'SERECI' && m.id.subsystem_code === 'registro'));
    const methods = (await (await h.call(sin, '/r1/BO/GOV/SERECI/registro/listMethods')).json()) as { service: Array<{ service_code: string }> };
    assert.deepEqual(
      methods.service.map((s) => s.service_code),
      ['personas'],
    );
    const allowedSin = (await (await h.call(sin, '/r1/BO/GOV/SERECI/registro/allowedMethods')).json()) as { service: unknown[] };
    const allowedSegip = (await (await h.call(segip, '/r1/BO/GOV/SERECI/registro/allowedMethods')).json()) as { service: unknown[] };
    assert.deepEqual([allowedSin.service.length, allowedSegip.service.length], [1, 0]);
    const openapi = (await (await h.call(sin, '/r1/BO/GOV/SERECI/registro/getOpenAPI?serviceCode=personas')).json()) as { paths: Record<string, unknown> };
    assert.ok(openapi.paths['/personas/persona/{document}']);
  });

  it('checks a publication field by field, and audits publications, grants and revocations', async () => {
    const bad = await h.publish(sereci, 'mal servicio', 'ftp://x', { openapi: { hola: 1 }, classification: 'personal' });
    assert.equal(bad.status, 400);
    const wrong = await h.publish(sereci, 'otro', 'ftp://x', { openapi: { hola: 1 } });
    assert.equal(wrong.status, 400);
    const pointers = ((await wrong.json()) as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer).sort();
    assert.deepEqual(pointers, ['/baseUrl', '/openapi']);
    assert.equal((await h.publish(sin, 'x', producer.url)).status, 403, 'manage right needed');
    const published = await auditEntries(t.app.tambo.deps.db, 'interop.service_published');
    assert.ok(published.some((e) => e.data.service === 'SERECI/registro/personas' && e.actor_id === sereci.clientId));
    assert.ok((await auditEntries(t.app.tambo.deps.db, 'interop.access_granted')).some((e) => e.data.client === sin.client));
  });

  it('refuses management calls with the documented reason: no token, a client that is no subsystem or of no agency, a service of its own it never published, a taken code', async () => {
    const codeOf = async (response: Response, status: number) => {
      assert.equal(response.status, status, await response.clone().text());
      return ((await response.json()) as { code: string }).code;
    };
    const grant = { client: sin.client, method: 'GET', path: '/' };
    // Without a token (checked before the body).
    const anonymous = (path: string, method: string, json: unknown) => fetch(`${t.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
    const publication = { title: 'Servicio', baseUrl: producer.url, openapi: { openapi: '3.0.0', paths: {} }, legalBasis: 'Ley 164', classification: 'public' };
    assert.equal(await codeOf(await anonymous('/api/v1/interop/services/personas', 'PUT', publication), 401), 'UNAUTHENTICATED');
    assert.equal(await codeOf(await anonymous('/api/v1/interop/services/personas/grants', 'POST', grant), 401), 'UNAUTHENTICATED');
    // A system of an agency, holding the right, that never registered as a subsystem.
    const loose = await h.client('SIN', ['interop:call', 'interop:manage']);
    assert.equal(await codeOf(await h.api(loose.token, '/api/v1/interop/services/libre', { method: 'PUT', json: publication }), 403), 'INTEROP_UNKNOWN_CLIENT');
    for (const [method, path, json] of [
      ['GET', '/api/v1/interop/services/libre/grants', undefined],
      ['POST', '/api/v1/interop/services/libre/grants', grant],
      ['DELETE', `/api/v1/interop/services/libre/grants?client=${encodeURIComponent(sin.client)}`, undefined],
    ] as const) {
      assert.equal(await codeOf(await h.api(loose.token, path, { method, json }), 403), 'INTEROP_UNKNOWN_CLIENT', `${method} ${path}`);
      // SERECI's subsystem published no service "nada".
      assert.equal(await codeOf(await h.api(sereci.token, path.replace('/libre/', '/nada/'), { method, json }), 404), 'INTEROP_UNKNOWN_SERVICE', `${method} ${path}`);
    }
    // A system holding only interop:call may call services, not grant access to them.
    const caller = await h.client('SIN', ['interop:call']);
    assert.equal(await codeOf(await h.api(caller.token, '/api/v1/interop/services/libre/grants', { method: 'POST', json: grant }), 403), 'INSUFFICIENT_SCOPE');
    // A client of no agency holding the right: no member to be a subsystem of.
    // (The clients API requires an agency for machine rights: written to the database.)
    const orphan = { clientId: `sin-entidad-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}` };
    await sql`
      INSERT INTO identity.client (client_id, client_secret, name, redirect_uris, post_logout_redirect_uris, scopes, minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
      VALUES (${orphan.clientId}, ${orphan.secret}, 'Sistema sin entidad', '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true, ${['interop:call']}::text[])`.execute(
      t.app.tambo.deps.db,
    );
    const orphanToken = await h.token(orphan.clientId, orphan.secret, 'interop:call');
    assert.equal(await codeOf(await h.api(orphanToken, '/api/v1/interop/subsystems/huerfano', { method: 'PUT' }), 403), 'INTEROP_UNKNOWN_CLIENT');
    // SERECI's system is subsystem "registro" already: another code is not its to take.
    assert.equal(await codeOf(await h.api(sereci.token, '/api/v1/interop/subsystems/otro', { method: 'PUT' }), 409), 'INTEROP_SUBSYSTEM_TAKEN');
    const subsystems = await t.app.tambo.deps.db.selectFrom('interop.subsystem').select('code').where('client_id', 'in', [loose.clientId, orphan.clientId, sereci.clientId]).execute();
    assert.deepEqual(
      subsystems.map((row) => row.code),
      ['registro'],
      'nothing registered by the refused calls',
    );
  });

  it('takes a revocation into effect at once, here and in another instance on the same database', async () => {
    assert.equal((await h.grant(sereci, 'personas', segip.client)).status, 201);
    assert.equal((await h.call(segip, personPath)).status, 200);
    assert.equal((await h.call(segip, personPath, {}, bUrl)).status, 200, 'the other instance has the grant cached now');
    const revoked = await h.revoke(sereci, 'personas', segip.client);
    assert.deepEqual(await revoked.json(), { removed: 1 });
    const here = await h.call(segip, personPath);
    assert.equal(here.status, 403);
    assert.equal(here.headers.get('x-road-error'), 'Server.ServerProxy.AccessDenied');
    await waitFor(async () => (await h.call(segip, personPath, {}, bUrl)).status === 403, { what: 'the other instance to refuse after the revocation' });
    assert.equal((await h.call(sin, personPath)).status, 200, "SIN's grant stays");
    assert.ok((await auditEntries(t.app.tambo.deps.db, 'interop.access_revoked')).some((e) => e.data.client === segip.client));
  });

  it('publishes the catalog on a public page and in the public API', async () => {
    const page = await fetch(`${t.baseUrl}/interoperabilidad`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Catálogo de interoperabilidad/);
    assert.match(html, /BO\/GOV\/SERECI\/registro\/personas/);
    const api = (await (await fetch(`${t.baseUrl}/api/v1/interop/catalog`)).json()) as { items: Array<{ id: string; classification: string }> };
    assert.ok(api.items.some((s) => s.id === 'BO/GOV/SERECI/registro/personas' && s.classification === 'personal'));
  });

  it('reads for an agency about a person through the same checks, and the person sees each read in "Mis datos"', async () => {
    const { deps } = t.app.tambo;
    const person = await createPerson(deps);
    const read = await readForAgency(deps, {
      agencyCode: 'SIN',
      service: 'BO/GOV/SERECI/registro/personas',
      path: '/personas/persona/4567891%20LP',
      subjectAccountId: person.id,
      issue: 'TR-PREFILL-1',
    });
    assert.equal(read.status, 200);
    assert.equal((read.data as { surnames: string }).surnames, 'Quispe Mamani');
    await assert.rejects(
      readForAgency(deps, { agencyCode: 'SEGIP', service: 'BO/GOV/SERECI/registro/personas', path: '/personas/persona/1', subjectAccountId: person.id }),
      (error: { code?: string }) => error.code === 'INTEROP_ACCESS_DENIED',
    );
    const browser = await portalSession(t.baseUrl, person);
    const download = await browser.request(`${t.baseUrl}/cuenta/mis-datos/descargar`);
    assert.equal(download.status, 200);
    const text = await download.text();
    assert.match(text, /TR-PREFILL-1/);
    assert.match(text, /SERECI/);
    const page = await (await browser.request(`${t.baseUrl}/cuenta/mis-datos`)).text();
    assert.match(page, /Consultas de sus datos/);
    assert.match(page, /TR-PREFILL-1/);
  });

  it("lets the producer's agency administrators grant and revoke from a page (audited, at once); others see nothing and cannot revoke", async () => {
    const { deps } = t.app.tambo;
    const official = await createPerson(deps, { roles: [{ role: 'agency_admin', agencyCode: 'SERECI' }] });
    const outsider = await createPerson(deps, { roles: [{ role: 'agency_admin', agencyCode: 'SIN' }] });
    const browser = await portalSession(t.baseUrl, official);
    const page = await getPage(browser, `${t.baseUrl}/gestion/interoperabilidad`);
    assert.equal(page.status, 200);
    assert.match(page.html, /BO\/GOV\/SERECI\/registro\/personas/);
    assert.match(page.html, /BO\/GOV\/SIN\/sistema/, "SIN's grant is listed");
    const serviceId = /<option value="([0-9a-f-]{36})"[^>]*>[^<]*BO\/GOV\/SERECI\/registro\/personas/.exec(page.html)![1]!;

    const bad = await postForm(browser, t.baseUrl, '/gestion/interoperabilidad/conceder', { service: serviceId, client: 'SEGIP consultas', method: 'GET', path: 'sin barra' });
    assert.equal(bad.status, 400);
    assert.match(bad.html, /href="#campo-client"/, 'the error summary links to each field');
    assert.match(bad.html, /href="#campo-path"/);
    assert.match(bad.html, /value="SEGIP consultas"/, 'the input is kept');

    const granted = await postForm(browser, t.baseUrl, '/gestion/interoperabilidad/conceder', { service: serviceId, client: segip.client, method: 'GET', path: '/personas/*' });
    assert.equal(granted.status, 303);
    assert.equal((await h.call(segip, personPath)).status, 200, 'granted at once');
    const [entry] = (await auditEntries(deps.db, 'interop.access_granted')).filter((e) => e.actor_id === official.id);
    assert.equal(entry?.actor_type, 'official');

    const other = await portalSession(t.baseUrl, outsider);
    assert.doesNotMatch((await getPage(other, `${t.baseUrl}/gestion/interoperabilidad`)).html, /SERECI\/registro\/personas/);
    const foreign = await postForm(other, t.baseUrl, '/gestion/interoperabilidad/revocar', { service: serviceId, client: segip.client, method: 'GET', path: '/personas/*' });
    assert.equal(foreign.status, 400);
    assert.equal((await h.call(segip, personPath)).status, 200, 'still granted');

    const revoked = await postForm(browser, t.baseUrl, '/gestion/interoperabilidad/revocar', { service: serviceId, client: segip.client, method: 'GET', path: '/personas/*' });
    assert.equal(revoked.status, 303);
    assert.equal((await h.call(segip, personPath)).status, 403, 'revoked at once');
  });

  it("seeds the demo: the demo agency's system (demo-rp) may call the civil registry and economic units services", async () => {
    const token = await h.token('demo-rp', 'demo-rp-secret', 'interop:call');
    const demoRp: SystemClient = { clientId: 'demo-rp', secret: 'demo-rp-secret', token, client: 'BO/GOV/SEGIP/demo' };
    const persons = (await (await h.call(demoRp, '/r1/BO/GOV/SERECI/demo/allowedMethods')).json()) as { service: Array<{ service_code: string }> };
    const units = (await (await h.call(demoRp, '/r1/BO/GOV/SEPREC/demo/allowedMethods')).json()) as { service: Array<{ service_code: string }> };
    assert.deepEqual([persons.service.map((s) => s.service_code), units.service.map((s) => s.service_code)], [['personas'], ['unidades']]);
    await t.app.tambo.seed();
    assert.equal((await auditEntries(t.app.tambo.deps.db, 'interop.service_published')).filter((e) => e.actor_id === 'demo-interop-SERECI').length, 1, 'a second seed publishes nothing again');
  });
});
