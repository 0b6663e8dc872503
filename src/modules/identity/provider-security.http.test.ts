// The provider's routes (/auth/*) answer with the platform's strict headers, and its cookies
// are Secure whenever PUBLIC_URL is https, whether or not a proxy says so.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { DEMO_RP } from './identity.seed.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true, config: { publicUrl: 'https://tambo.example.bo', isSecureCookies: true, trustProxy: false } });
});
after(async () => t.close());

function authorizationUrl(): string {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    client_id: DEMO_RP.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: 'http://localhost:8400/callback',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `/auth/auth?${query}`;
}

describe('the provider routes over https', () => {
  it('send HSTS, COOP, Permissions-Policy and a CSP with form-action, like every other route', async () => {
    for (const url of ['/auth/.well-known/openid-configuration', '/auth/jwks', authorizationUrl()]) {
      const response = await t.app.inject({ method: 'GET', url });
      assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
      assert.equal(response.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', url);
      assert.equal(response.headers['cross-origin-opener-policy'], 'same-origin', url);
      assert.match(String(response.headers['permissions-policy']), /camera=\(\)/, url);
      assert.match(String(response.headers['content-security-policy']), /form-action 'self'/, url);
      assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/, url);
      assert.equal(response.headers['x-frame-options'], 'DENY', url);
    }
  });

  it('set only Secure cookies, though no proxy said https', async () => {
    const response = await t.app.inject({ method: 'GET', url: authorizationUrl() });
    assert.equal(response.statusCode, 303, response.body);
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    assert.ok(cookies.length > 0, 'the authorization request starts an interaction with cookies');
    for (const cookie of cookies) assert.match(cookie, /;\s*secure/i, cookie);
  });
});
