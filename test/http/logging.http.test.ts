// Logs carry request ids and no personal data: addresses are scrubbed, credentials never written.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { scrubUrl } from '../../src/platform/http/logging.ts';
import { buildHttpTestApp } from './fixtures.ts';

const lines: string[] = [];
let t: TestApp;
before(async () => {
  t = await buildHttpTestApp({ env: { LOG_LEVEL: 'info' }, app: { logStream: { write: (line: string) => void lines.push(line) } } });
});
after(async () => t.close());

const SECRETS = ['juan.perez', 'example.com', 'ana.rojas', 'example.org', '12345678', '4567890', 'sekret-token-abc', 'cookie-secret-xyz', 'hunter22'];

it('request addresses are logged scrubbed of documents and e-mails; credentials never appear', async () => {
  lines.length = 0;
  const url = '/api/v1/personas/V-12345678?correo=juan.perez%40example.com&email=ana.rojas@example.org&ci=4567890&password=hunter22';
  const response = await t.app.inject({
    url,
    headers: { authorization: 'Bearer sekret-token-abc', cookie: 'tambo_session=cookie-secret-xyz', 'x-request-id': 'log-test-0001' },
  });
  assert.equal(response.statusCode, 404);
  await t.app.inject({
    method: 'POST',
    url: '/http-test/form?email=ana.rojas@example.org',
    payload: 'name=Ana&password=hunter22',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic sekret-token-abc', cookie: 'tambo_csrf=cookie-secret-xyz' },
  });

  const entries = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string; path?: string; route?: string; status?: number });
  const mine = entries.filter((e) => e.reqId === 'log-test-0001');
  assert.equal(mine.length, 1, `one line for the request (got ${JSON.stringify(mine)})`);
  assert.equal(mine[0]!.msg, 'request completed');
  // No route matched: the path, scrubbed, without its query.
  assert.equal(mine[0]!.path, '/api/v1/personas/[id]');
  assert.equal(mine[0]!.status, 404);
  assert.ok(
    entries.some((e) => e.msg === 'request completed' && e.status === 403 && (e as { code?: string }).code?.startsWith('CSRF')),
    `the CSRF refusal is logged with its code on the request's line: ${lines.join('')}`,
  );

  const all = lines.join('');
  for (const secret of SECRETS) assert.ok(!all.includes(secret), `"${secret}" appears in the logs:\n${all}`);
  assert.doesNotMatch(all, /authorization|"cookie"/i);
});

it('a request writes exactly one line, at completion: method, route pattern, status, time, request id, and no query values', async () => {
  lines.length = 0;
  const response = await t.app.inject({ url: '/api/v1/territories/BO-L?documento=4567890&correo=ana.rojas@example.org', headers: { 'x-request-id': 'log-test-0002' } });
  assert.ok(response.statusCode < 500);
  await t.app.inject({ url: '/health/live', headers: { 'x-request-id': 'log-test-0003' } });
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const first = entries.filter((e) => e.reqId === 'log-test-0002');
  assert.equal(first.length, 1, `exactly one line (got ${JSON.stringify(first)})`);
  const line = first[0]!;
  assert.equal(line.msg, 'request completed');
  assert.equal(line.method, 'GET');
  assert.equal(line.route, '/api/v1/territories/:code', 'the route pattern, not the address');
  assert.equal(line.status, response.statusCode);
  assert.equal(typeof line.ms, 'number');
  assert.equal(line.level, 30);
  const health = entries.filter((e) => e.reqId === 'log-test-0003');
  assert.deepEqual(
    health.map((e) => [e.msg, e.route, e.status]),
    [['request completed', '/health/live', 200]],
  );
  const all = lines.join('');
  for (const secret of ['4567890', 'ana.rojas', 'example.org', 'documento', 'correo', '?']) assert.ok(!all.includes(secret), `"${secret}" appears in the logs:\n${all}`);
});

it('scrubUrl covers the usual shapes of personal data in addresses', () => {
  assert.equal(scrubUrl('/a?correo=juan%40example.com'), '/a?correo=[email]');
  assert.equal(scrubUrl('/a?correo=JUAN%40Example.COM&x=1'), '/a?correo=[email]&x=1');
  assert.equal(scrubUrl('/personas/E-8123456/casos'), '/personas/[id]/casos');
  assert.equal(scrubUrl('/ci/1234567-1B'), '/ci/[number]');
  assert.equal(scrubUrl('/tel/59171234567'), '/tel/[number]');
  assert.equal(scrubUrl('/cb?code=abc.def&state=xyz'), '/cb?code=[redacted]&state=[redacted]');
  assert.equal(
    scrubUrl('/open311/v2/servicerequestupdates.json?api_key=demo-open311-key&start_date=x'),
    '/open311/v2/servicerequestupdates.json?api_key=[redacted]&start_date=x',
    'Open311 keys in the query',
  );
  assert.equal(scrubUrl('/territorios/BO-L-01'), '/territorios/BO-L-01', 'territory codes stay readable');
});
