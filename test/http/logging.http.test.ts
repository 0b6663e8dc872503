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

  const entries = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string; req?: { url: string; method: string }; res?: { statusCode: number } });
  const incoming = entries.find((e) => e.msg === 'incoming request' && e.reqId === 'log-test-0001');
  assert.ok(incoming, `an incoming-request line with the request id (got ${lines.length} lines)`);
  assert.equal(incoming.req?.url, '/api/v1/personas/[id]?correo=[email]&email=[email]&ci=[number]&password=[redacted]');
  assert.ok(entries.some((e) => e.msg === 'request completed' && e.reqId === 'log-test-0001' && e.res?.statusCode === 404));
  assert.ok(
    entries.some((e) => e.msg === 'request refused'),
    'the CSRF refusal is logged',
  );

  const all = lines.join('');
  for (const secret of SECRETS) assert.ok(!all.includes(secret), `"${secret}" appears in the logs:\n${all}`);
  assert.doesNotMatch(all, /authorization|"cookie"/i);
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
