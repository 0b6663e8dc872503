// CSRF on form POSTs: a token bound to the browser's own HttpOnly cookie, and cookie flags.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { buildHttpTestApp, cookieValue, csrfFieldValue, setCookies } from './fixtures.ts';

const FORM = 'application/x-www-form-urlencoded';

let t: TestApp;
before(async () => {
  t = await buildHttpTestApp();
});
after(async () => t.close());

/** A browser's visit to the form page: its CSRF cookie and the token in the form. */
async function visitForm(app: TestApp) {
  const page = await app.app.inject({ url: '/http-test/form' });
  assert.equal(page.statusCode, 200);
  const cookie = cookieValue(page.headers, 'tambo_csrf');
  assert.ok(cookie, 'the form page sets the CSRF cookie');
  return { cookie, token: csrfFieldValue(page.body), page };
}

describe('CSRF', () => {
  it('a form POST without a token is refused with a 403 page', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/http-test/form', headers: { 'content-type': FORM }, payload: 'name=Ana' });
    assert.equal(response.statusCode, 403);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(response.body, /<h1>El formulario caducó o no vino de este sitio/);
  });

  it('a token without its cookie is refused', async () => {
    const { token } = await visitForm(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/http-test/form',
      headers: { 'content-type': FORM },
      payload: `_csrf=${encodeURIComponent(token)}&name=Ana`,
    });
    assert.equal(response.statusCode, 403);
  });

  it('the token from the form page with its cookie is accepted', async () => {
    const { cookie, token } = await visitForm(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/http-test/form',
      headers: { 'content-type': FORM },
      cookies: { tambo_csrf: cookie },
      payload: `_csrf=${encodeURIComponent(token)}&name=Ana`,
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/http-test/form?sent=Ana');
  });

  it('the token also works as an x-csrf-token header (enhanced forms)', async () => {
    const { cookie, token } = await visitForm(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/http-test/form',
      headers: { 'content-type': FORM, 'x-csrf-token': token },
      cookies: { tambo_csrf: cookie },
      payload: 'name=Bo',
    });
    assert.equal(response.statusCode, 303);
  });

  it("a token from another browser's cookie is refused", async () => {
    const mine = await visitForm(t);
    const theirs = await visitForm(t);
    assert.notEqual(mine.cookie, theirs.cookie);
    assert.notEqual(mine.token, theirs.token);
    const response = await t.app.inject({
      method: 'POST',
      url: '/http-test/form',
      headers: { 'content-type': FORM },
      cookies: { tambo_csrf: mine.cookie },
      payload: `_csrf=${encodeURIComponent(theirs.token)}&name=Ana`,
    });
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /El formulario caducó/);
  });

  it('a forged token of the right shape is refused', async () => {
    const { cookie, token } = await visitForm(t);
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/http-test/form',
      headers: { 'content-type': FORM },
      cookies: { tambo_csrf: cookie },
      payload: `_csrf=${forged}&name=Ana`,
    });
    assert.equal(response.statusCode, 403);
  });

  it('a browser that already has the cookie keeps it and gets a matching token', async () => {
    const first = await visitForm(t);
    const again = await t.app.inject({ url: '/http-test/form', cookies: { tambo_csrf: first.cookie } });
    assert.equal(cookieValue(again.headers, 'tambo_csrf'), undefined, 'no new cookie');
    assert.equal(csrfFieldValue(again.body), first.token);
  });

  it('API calls without cookies, or with only the CSRF and language cookies, need no token (nothing ambient to forge)', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/http-test/people', payload: { name: 'Ana', age: 1 } });
    assert.equal(response.statusCode, 201);
    const { cookie } = await visitForm(t);
    const harmless = await t.app.inject({ method: 'POST', url: '/api/v1/http-test/people', cookies: { tambo_csrf: cookie, tambo_lang: 'en' }, payload: { name: 'Ana', age: 1 } });
    assert.equal(harmless.statusCode, 201);
  });

  it('an API call carrying a session cookie takes JSON only and needs the token; a bearer call does not', async () => {
    const session = { tambo_sid: 'a-session-cookie' };
    const form = await t.app.inject({ method: 'POST', url: '/api/v1/http-test/people', headers: { 'content-type': FORM }, cookies: session, payload: 'name=Ana&age=1' });
    assert.equal(form.statusCode, 415, "a cross-site form post with the person's cookie");
    assert.equal((form.json() as { code: string }).code, 'UNSUPPORTED_MEDIA_TYPE');
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/http-test/people', cookies: session, payload: { name: 'Ana', age: 1 } });
    assert.equal(json.statusCode, 403);
    const { cookie, token } = await visitForm(t);
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/http-test/people',
      headers: { 'x-csrf-token': token },
      cookies: { ...session, tambo_csrf: cookie },
      payload: { name: 'Ana', age: 1 },
    });
    assert.equal(withToken.statusCode, 201, 'the site itself sends the token in x-csrf-token');
    const bearer = await t.app.inject({ method: 'POST', url: '/api/v1/http-test/people', headers: { authorization: 'Bearer x' }, cookies: session, payload: { name: 'Ana', age: 1 } });
    assert.equal(bearer.statusCode, 201, 'a browser never adds an Authorization header by itself');
  });

  it('a page route needs the token even when the request says it accepts JSON', async () => {
    for (const accept of ['application/json', 'application/json, */*']) {
      const response = await t.app.inject({ method: 'POST', url: '/http-test/form', headers: { 'content-type': FORM, accept }, payload: 'name=Ana' });
      assert.equal(response.statusCode, 403, accept);
      assert.equal((response.json() as { code: string }).code, 'CSRF_INVALID', 'answered as problem details, as asked');
    }
  });
});

describe('cookies', () => {
  it('are HttpOnly, SameSite=Lax, Path=/ and not Secure over http', async () => {
    const { page } = await visitForm(t);
    const lang = await t.app.inject({ url: '/?lang=en' });
    const lines = [...setCookies(page.headers), ...setCookies(lang.headers)];
    assert.ok(lines.some((l) => l.startsWith('tambo_csrf=')));
    assert.ok(lines.some((l) => l.startsWith('tambo_lang=en')));
    for (const line of lines) {
      assert.match(line, /; HttpOnly/, line);
      assert.match(line, /; SameSite=Lax/, line);
      assert.match(line, /; Path=\//, line);
      assert.doesNotMatch(line, /; Secure/, line);
    }
  });

  it('are Secure when PUBLIC_URL is https', async () => {
    const secure = await buildHttpTestApp({ env: { PUBLIC_URL: 'https://tambo.example' } });
    try {
      const page = await secure.app.inject({ url: '/http-test/form?lang=es' });
      const lines = setCookies(page.headers);
      assert.equal(lines.length, 2, lines.join('\n'));
      for (const line of lines) {
        assert.match(line, /; Secure/, line);
        assert.match(line, /; HttpOnly/, line);
        assert.match(line, /; SameSite=Lax/, line);
      }
    } finally {
      await secure.close();
    }
  });
});
