// Rate limiting per client address, with health probes exempt.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
});
after(async () => t.close());

it('the 6th request in a minute is a 429 RATE_LIMITED with Retry-After', async () => {
  for (let i = 1; i <= 5; i += 1) {
    const response = await t.app.inject({ url: '/api/v1/audit/head' });
    assert.equal(response.statusCode, 200, `request ${i}`);
  }
  const limited = await t.app.inject({ url: '/api/v1/audit/head', headers: { 'accept-language': 'en' } });
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8');
  const problem = limited.json() as { code: string; title: string; status: number };
  assert.equal(problem.code, 'RATE_LIMITED');
  assert.equal(problem.status, 429);
  const retryAfter = Number(limited.headers['retry-after']);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${String(limited.headers['retry-after'])}`);
  assert.equal(problem.title, `Too many requests. Wait ${retryAfter} seconds and try again`);
  // Pages are limited too, and answer with a page.
  const page = await t.app.inject({ url: '/' });
  assert.equal(page.statusCode, 429);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.ok(page.headers['retry-after']);
});

it('another client address has its own allowance', async () => {
  // One address spends its allowance (addresses of its own, so the test runs alone or after the others)...
  for (let i = 1; i <= 5; i += 1) assert.equal((await t.app.inject({ url: '/api/v1/audit/head', remoteAddress: '192.0.2.10' })).statusCode, 200, `request ${i}`);
  assert.equal((await t.app.inject({ url: '/api/v1/audit/head', remoteAddress: '192.0.2.10' })).statusCode, 429);
  // ...and the next address is still served.
  const response = await t.app.inject({ url: '/api/v1/audit/head', remoteAddress: '192.0.2.11' });
  assert.equal(response.statusCode, 200);
});

it('/health/live and /health/ready are never limited', async () => {
  for (let i = 0; i < 20; i += 1) {
    assert.equal((await t.app.inject({ url: '/health/live' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/health/ready' })).statusCode, 200);
  }
});

it('the limit comes before every other hook: a plugin’s own onRequest authentication, a route’s, the session lookup', async () => {
  // Cartography's upload scope refuses a stranger in its own onRequest hook (before a 16 MiB body is read).
  const upload = {
    method: 'POST' as const,
    url: '/admin/territorios/limites',
    remoteAddress: '192.0.2.20',
    headers: { cookie: 'tambo_session=adivinada', 'content-type': 'multipart/form-data; boundary=x' },
    payload: '--x--\r\n',
  };
  for (let i = 1; i <= 5; i += 1) {
    const answer = await t.app.inject(upload);
    assert.notEqual(answer.statusCode, 429, `request ${i}`);
    assert.ok(answer.statusCode === 401 || answer.statusCode === 403, `request ${i}: ${answer.statusCode}`);
  }
  const refused = await t.app.inject({ ...upload, headers: { ...upload.headers, cookie: 'tambo_session=adivinada; tambo_lang=en' } });
  assert.equal(refused.statusCode, 429);
  assert.ok(refused.headers['retry-after']);
  assert.equal(refused.headers['content-language'], 'en', 'the refusal is in the language the cookie asks');
  assert.match(refused.body, /Too many requests/);
  assert.ok(refused.headers['content-security-policy'], 'with the security headers');
  // A guessed bearer token on an API route that authenticates in its onRequest is counted, not answered 401.
  const guess = { url: '/api/v1/payment-orders/PAGO-1', remoteAddress: '192.0.2.21', headers: { authorization: 'Bearer adivinado-adivinado-adivinado' } };
  for (let i = 1; i <= 5; i += 1) assert.equal((await t.app.inject(guess)).statusCode, 401, `request ${i}`);
  const limited = await t.app.inject(guess);
  assert.equal(limited.statusCode, 429);
  assert.equal((limited.json() as { code: string }).code, 'RATE_LIMITED');
});

it('a route with a limit of its own counts apart, and unknown addresses are counted', async () => {
  // Document verification allows 30 a minute, counted apart from the app's 5.
  for (let i = 1; i <= 30; i += 1) assert.notEqual((await t.app.inject({ url: '/verificar', remoteAddress: '192.0.2.30' })).statusCode, 429, `request ${i}`);
  assert.equal((await t.app.inject({ url: '/verificar', remoteAddress: '192.0.2.30' })).statusCode, 429);
  // A scan of unknown addresses spends the allowance like any request.
  for (let i = 1; i <= 5; i += 1) assert.equal((await t.app.inject({ url: `/no-existe-${i}`, remoteAddress: '192.0.2.31' })).statusCode, 404, `request ${i}`);
  assert.equal((await t.app.inject({ url: '/no-existe-6', remoteAddress: '192.0.2.31' })).statusCode, 429);
});
