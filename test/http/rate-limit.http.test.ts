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
