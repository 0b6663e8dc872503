// Tambo's own registries as exchange services, over real HTTP (docs/interoperability.md, "Tambo's
// own registries"): SEGIP's system publishes its persons registry (`/api/v1/registries/personas`
// on this very instance) and grants SIN's and SEPREC's subsystems a read; the exchange forwards
// the call with its signed assertion naming the consumer, and the registry checks the consumer's
// own right (`registries:read`): SIN holds it and reads the record (the usage log and the
// person's "Mi actividad" name SIN and the X-Road-Id), SEPREC does not and is refused by the
// registry, and a subsystem the producer never granted is refused by the exchange. An assertion
// for another request, one of another type and one expired are refused by the registry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { CITIZEN } from '../identity/admin.test-helpers.ts';
import { EXCHANGE_ASSERTION_TYP } from './exchange.service.ts';
import { ExchangeHarness, type SystemClient } from './interop.test-helpers.ts';

let t: TestApp & { baseUrl: string };
let h: ExchangeHarness;
let segip: SystemClient;
let sin: SystemClient;
let seprec: SystemClient;
let sereci: SystemClient;
const SERVICE = '/r1/BO/GOV/SEGIP/registros/personas';
const RECORD = `/records/${encodeURIComponent('4567891 LP')}`;

before(async () => {
  t = await listenTestApp();
  await t.app.tambo.seed();
  h = new ExchangeHarness(t.baseUrl);
  await h.init();
  segip = await h.system('SEGIP', 'registros', ['interop:call', 'interop:manage', 'registries:write']);
  sin = await h.system('SIN', 'consultas', ['interop:call', 'registries:read']);
  seprec = await h.system('SEPREC', 'consultas', ['interop:call']);
  sereci = await h.system('SERECI', 'consultas', ['interop:call', 'registries:read']);
  const published = await h.publish(segip, 'personas', `${t.baseUrl}/api/v1/registries/personas`, { sourceLabel: 'SEGIP', title: 'Registro de personas' });
  assert.equal(published.status, 201, await published.clone().text());
  for (const consumer of [sin, seprec]) assert.equal((await h.grant(segip, 'personas', consumer.client, 'GET', '/records/*')).status, 201);
});
after(async () => t?.close());

const usageOf = (xroadId: string) =>
  sql<{ reader_id: string; reader_agency: string; xroad_client: string }>`SELECT reader_id, reader_agency, xroad_client FROM registries.usage WHERE xroad_id = ${xroadId}`.execute(t.app.tambo.deps.db);

describe("Tambo's own registry through the exchange", () => {
  it('a granted consumer holding registries:read reads a person; the registry logs the consumer and the X-Road-Id, and the person sees the read', async () => {
    const xroadId = `sin-own-${process.pid}`;
    const response = await h.call(sin, `${SERVICE}${RECORD}`, { 'x-road-id': xroadId });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('x-road-id'), xroadId);
    const record = (await response.json()) as { registry: string; id: string; content: { firstName: string } };
    assert.deepEqual([record.registry, record.id, record.content.firstName], ['personas', '4567891 LP', 'María']);
    // The registry saw SIN's client (not SEGIP's, not the exchange), with the X-Road headers the exchange vouched for.
    assert.deepEqual((await usageOf(xroadId)).rows, [{ reader_id: sin.clientId, reader_agency: 'SIN', xroad_client: 'BO/GOV/SIN/consultas' }]);
    const citizen = new HttpSession();
    await signInPortal(t, citizen, CITIZEN.login, CITIZEN.password);
    assert.match(await (await citizen.request(`${t.baseUrl}/cuenta/actividad`)).text(), /Consulta de su registro: personas/);
    // The history endpoint too, under the same grant (`/records/*`).
    assert.equal((await h.call(sin, `${SERVICE}${RECORD}/history`)).status, 200);
  });

  it('a consumer granted by the exchange but without registries:read is refused by the registry', async () => {
    const xroadId = `seprec-own-${process.pid}`;
    const response = await h.call(seprec, `${SERVICE}${RECORD}`, { 'x-road-id': xroadId });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'REGISTRIES_FORBIDDEN');
    assert.equal((await usageOf(xroadId)).rows.length, 0, 'nothing read, nothing logged');
    // Given the right, the same consumer reads (the registry checks it at each call).
    const withRight = await h.system('SEPREC', 'consultas2', ['interop:call', 'registries:read']);
    assert.equal((await h.grant(segip, 'personas', withRight.client, 'GET', '/records/*')).status, 201);
    assert.equal((await h.call(withRight, `${SERVICE}${RECORD}`)).status, 200);
  });

  it('a consumer the producer never granted is refused by the exchange, with X-Road-Error, before the registry', async () => {
    const xroadId = `sereci-own-${process.pid}`;
    const response = await h.call(sereci, `${SERVICE}${RECORD}`, { 'x-road-id': xroadId });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-road-error'), 'Server.ServerProxy.AccessDenied');
    assert.equal((await usageOf(xroadId)).rows.length, 0);
  });

  it('the demo seed publishes the persons registry of the demo agency (SEGIP) at this instance, and the demo system reads it', async () => {
    const demo = { clientId: 'demo-rp', secret: 'demo-rp-secret', token: await h.token('demo-rp', 'demo-rp-secret', 'interop:call'), client: 'BO/GOV/SEGIP/demo' };
    const response = await h.call(demo, `/r1/BO/GOV/SEGIP/demo/registro-personas${RECORD}`);
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(((await response.json()) as { content: { firstName: string } }).content.firstName, 'María');
  });

  it("the registry refuses an assertion that is not the exchange's for this request", async () => {
    const { keyring } = t.app.tambo.deps;
    const now = Math.floor(Date.now() / 1000);
    const path = `/api/v1/registries/personas${RECORD}`;
    const claims = {
      aud: t.baseUrl,
      iss: 'tambo-exchange',
      sub: sin.clientId,
      agency: 'SIN',
      client: 'BO/GOV/SIN/consultas',
      service: 'BO/GOV/SEGIP/registros/personas',
      xroadId: 'x-1',
      htm: 'GET',
      htp: path,
      iat: now,
      exp: now + 60,
    };
    const read = (token: string) => fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    // The very statement the exchange makes is accepted (so the refusals below are the checks, not the format).
    assert.equal((await read(await keyring.sign(claims, EXCHANGE_ASSERTION_TYP))).status, 200);
    const refused = [
      await keyring.sign({ ...claims, htp: '/api/v1/registries/personas/records/3456789%20LP' }, EXCHANGE_ASSERTION_TYP),
      await keyring.sign({ ...claims, htm: 'POST' }, EXCHANGE_ASSERTION_TYP),
      await keyring.sign({ ...claims, exp: now - 1 }, EXCHANGE_ASSERTION_TYP),
      // Sent to a producer elsewhere whose paths mirror the registry's: not for this instance.
      await keyring.sign({ ...claims, aud: 'https://elsewhere.example' }, EXCHANGE_ASSERTION_TYP),
      await keyring.sign(claims, 'JWT'),
      await keyring.sign({ ...claims, iss: t.baseUrl }, EXCHANGE_ASSERTION_TYP),
    ];
    for (const token of refused) assert.equal((await read(token)).status, 401, token);
    const tampered = (await keyring.sign(claims, EXCHANGE_ASSERTION_TYP)).split('.');
    tampered[1] = Buffer.from(JSON.stringify({ ...claims, sub: segip.clientId, agency: 'SEGIP' })).toString('base64url');
    assert.equal((await read(tampered.join('.'))).status, 401, 'a changed payload no longer verifies');
    // Signed for a client whose agency is not the one named.
    assert.equal((await read(await keyring.sign({ ...claims, agency: 'SEGIP' }, EXCHANGE_ASSERTION_TYP))).status, 403);
  });
});
