// The security baseline every response carries, on pages and on APIs, and request ids.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/);
        return [name, values.join(' ')];
      }),
  );
}

describe('security headers', () => {
  for (const [what, url] of [
    ['a page', '/'],
    ['an API route', '/api/v1/audit/head'],
    ['an error page', '/no-existe'],
    ['an API problem', '/api/v1/nada'],
  ] as const) {
    it(`are on ${what} (${url})`, async () => {
      const response = await t.app.inject({ url });
      const csp = response.headers['content-security-policy'];
      assert.equal(typeof csp, 'string', 'CSP present');
      assert.doesNotMatch(csp as string, /unsafe-inline|unsafe-eval/);
      const policy = directives(csp as string);
      assert.equal(policy.get('default-src'), "'self'");
      assert.equal(policy.get('script-src'), "'self'");
      assert.equal(policy.get('frame-ancestors'), "'none'");
      assert.equal(policy.get('object-src'), "'none'");
      assert.equal(policy.get('form-action'), "'self'");
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['x-frame-options'], 'DENY');
      assert.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin');
      assert.match(String(response.headers['permissions-policy']), /camera=\(\)/);
      assert.match(String(response.headers['permissions-policy']), /microphone=\(\)/);
      assert.equal(response.headers['x-powered-by'], undefined);
      assert.equal(response.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
    });
  }

  it('HSTS and upgrade-insecure-requests when PUBLIC_URL is https', async () => {
    const secure = await buildTestApp({ env: { PUBLIC_URL: 'https://tambo.example' } });
    try {
      const response = await secure.app.inject({ url: '/' });
      assert.match(String(response.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/);
      assert.ok(directives(String(response.headers['content-security-policy'])).has('upgrade-insecure-requests'));
    } finally {
      await secure.close();
    }
  });

  it('pages are not cached; hashed assets are cached for a year', async () => {
    const page = await t.app.inject({ url: '/' });
    assert.equal(page.headers['cache-control'], 'no-store');
    const css = /href="(\/assets\/css\/tambo\.css\?v=[0-9a-f]{12})"/.exec(page.body)?.[1];
    assert.ok(css, 'the layout links the versioned stylesheet');
    const asset = await t.app.inject({ url: css });
    assert.equal(asset.statusCode, 200);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  });
});

describe('request ids', () => {
  it('every response carries a fresh x-request-id', async () => {
    const a = await t.app.inject({ url: '/health/live' });
    const b = await t.app.inject({ url: '/' });
    assert.match(String(a.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.match(String(b.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
  });

  it('a sane incoming x-request-id is reused', async () => {
    const response = await t.app.inject({ url: '/api/v1/audit/head', headers: { 'x-request-id': 'lb-2026_abcdef01' } });
    assert.equal(response.headers['x-request-id'], 'lb-2026_abcdef01');
  });

  it('an insane one is replaced', async () => {
    for (const given of ['<script>alert(1)</script>', 'short', 'x'.repeat(65), 'a b c d e f g h', '../../etc/passwd']) {
      const response = await t.app.inject({ url: '/api/v1/nada', headers: { 'x-request-id': given } });
      const id = String(response.headers['x-request-id']);
      assert.notEqual(id, given);
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.equal((response.json() as { requestId: string }).requestId, id);
    }
  });
});
