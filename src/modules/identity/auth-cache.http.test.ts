// Two instances of the application on one database, as two processes would run: each keeps
// checked sessions and access tokens a few seconds, and an ended session or a revoked token
// is refused by the other instance at once (the database announces it on the bus). Waits are
// for a condition, bounded, never a fixed time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { buildApp } from '../../app.ts';
import type { TamboApp } from '../../platform/http/app-types.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { testConfig } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { authorizationRequest, discoverProvider, formIndex, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { waitFor } from '../../../test/helpers/wait-for.ts';
import { DEMO_RP } from './identity.seed.ts';
import { verifyClientToken, verifyUserToken } from './platform-access.ts';

let a: TestApp & { baseUrl: string };
let b: TamboApp;
let bUrl: string;
let people = 0;

before(async () => {
  a = await listenTestApp({ demo: true });
  // The second instance: same database, same public address and secret, its own port and memory.
  b = await buildApp(testConfig({ databaseUrl: a.database.url }, { PUBLIC_URL: a.baseUrl }), { background: false, poolSize: 5 });
  bUrl = await b.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await b?.close();
  await a?.close();
});

const db = () => a.app.tambo.deps.db;
const status = async (browser: HttpSession, url: string) => (await browser.request(url)).status;
/** Bounded: "at once" is the time the bus takes, well under this. */
const soon = { timeoutMs: 2_000, intervalMs: 10 };

async function signedIn(): Promise<{ browser: HttpSession; accountId: string; email: string }> {
  people += 1;
  const email = `cache-${people}@correo.bo`;
  const accountId = await testAccount(a.app.tambo.deps, { documentNumber: `${4_100_000 + people} LP`, givenName: 'Ana', familyName: 'Cache', email });
  const browser = new HttpSession();
  const landed = await signInPortal(a, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.equal(new URL(landed.url).pathname, '/cuenta');
  return { browser, accountId, email };
}

describe('sessions kept in each process', () => {
  it('the other instance keeps a checked session without asking the database again', async () => {
    const { browser, accountId } = await signedIn();
    assert.equal(await status(browser, `${bUrl}/cuenta`), 200);
    // Ended behind the application's back, with the announcement switched off: B still knows it
    // as it was, which shows B did not ask the database.
    await sql`ALTER TABLE identity.web_session DISABLE TRIGGER web_session_ended`.execute(db());
    try {
      await sql`UPDATE identity.web_session SET revoked_at = now() WHERE account_id = ${accountId}`.execute(db());
    } finally {
      await sql`ALTER TABLE identity.web_session ENABLE TRIGGER web_session_ended`.execute(db());
    }
    await b.tambo.deps.bus.sync();
    assert.equal(await status(browser, `${bUrl}/cuenta`), 200, 'kept');
    // A change that announces itself (any account change) makes B look again.
    await sql`UPDATE identity.account SET updated_at = now() WHERE id = ${accountId}`.execute(db());
    await waitFor(async () => (await status(browser, `${bUrl}/cuenta`)) === 303, { ...soon, what: 'B to drop the session' });
  });

  it('a sign-out in A is refused in B at once', async () => {
    const { browser } = await signedIn();
    const other = new HttpSession();
    for (const [name, value] of browser.cookies) other.cookies.set(name, value);
    assert.equal(await status(other, `${bUrl}/cuenta`), 200);
    const page = await browser.request(`${a.baseUrl}/cuenta`);
    const html = await page.text();
    const out = await browser.submit(
      `${a.baseUrl}/cuenta`,
      html,
      {},
      formIndex(html, (f) => f.action === '/salir'),
    );
    assert.equal(out.status, 303);
    // The same cookie, replayed at B (the browser itself dropped it).
    await waitFor(async () => (await status(other, `${bUrl}/cuenta`)) === 303, { ...soon, what: 'B to refuse the ended session' });
  });

  it('"close the other sessions" in B ends them in A at once', async () => {
    const { browser: first, email } = await signedIn();
    const second = new HttpSession();
    await signInPortal(a, second, email, TEST_ACCOUNT_PASSWORD);
    assert.equal(await status(second, `${a.baseUrl}/cuenta`), 200);
    const sessions = await first.request(`${bUrl}/cuenta/sesiones`);
    const html = await sessions.text();
    const ended = await first.submit(
      `${bUrl}/cuenta/sesiones`,
      html,
      {},
      formIndex(html, (f) => f.action === '/cuenta/sesiones/cerrar-otras'),
    );
    assert.equal(ended.status, 303);
    await waitFor(async () => (await status(second, `${a.baseUrl}/cuenta`)) === 303, { ...soon, what: 'A to refuse the other session' });
    assert.equal(await status(first, `${a.baseUrl}/cuenta`), 200, 'the one that asked stays');
  });
});

describe('access tokens kept in each process', () => {
  async function accessToken(): Promise<{ config: oidc.Configuration; tokens: oidc.TokenEndpointResponse; accountId: string; browser: HttpSession }> {
    const { browser, accountId } = await signedIn();
    const config = await discoverProvider(a.baseUrl, DEMO_RP.clientId, DEMO_RP.clientSecret);
    const state = oidc.randomState();
    const { url, verifier } = await authorizationRequest(config, {
      redirectUri: 'http://localhost:8400/callback',
      scope: 'openid profile offline_access cases:read',
      state,
      extra: { prompt: 'consent' },
    });
    let { response, url: at } = await browser.follow(url.toString(), {}, 'http://localhost:8400');
    if (new URL(at).origin !== 'http://localhost:8400') {
      const html = await response.text();
      assert.match(html, /quiere acceder a sus datos/, 'consent page expected');
      const decided = await browser.submit(at, html, { decision: 'allow' });
      ({ url: at } = await browser.follow(new URL(decided.headers.get('location')!, at).toString(), {}, 'http://localhost:8400'));
    }
    const tokens = await oidc.authorizationCodeGrant(config, new URL(at), { pkceCodeVerifier: verifier, expectedState: state });
    return { config, tokens, accountId, browser };
  }

  it('a token revoked through A is refused by B at once; B kept it until then', async () => {
    const { config, tokens, accountId } = await accessToken();
    const check = await verifyUserToken(b, tokens.access_token, 'cases:read', undefined);
    assert.ok('user' in check && check.user.accountId === accountId);
    // Kept: with the announcement off, a token gone from the database still passes in B.
    await sql`ALTER TABLE identity.oidc_model DISABLE TRIGGER access_token_revoked`.execute(db());
    const [row] = (await sql<{ payload: unknown }>`DELETE FROM identity.oidc_model WHERE model = 'AccessToken' AND id = ${tokens.access_token} RETURNING payload`.execute(db())).rows;
    await sql`ALTER TABLE identity.oidc_model ENABLE TRIGGER access_token_revoked`.execute(db());
    assert.ok('user' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)), 'kept');
    await sql`INSERT INTO identity.oidc_model (model, id, payload, account_id, expires_at) VALUES ('AccessToken', ${tokens.access_token}, ${JSON.stringify(row!.payload)}::jsonb, ${accountId}, now() + interval '5 minutes')`.execute(
      db(),
    );

    await oidc.tokenRevocation(config, tokens.access_token);
    await waitFor(async () => 'error' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)), { ...soon, what: 'B to refuse the revoked token' });
    assert.deepEqual(await verifyUserToken(a.app, tokens.access_token, 'cases:read', undefined), { error: 'invalid_token' });
  });

  it('a consent withdrawn in A (its grant revoked) makes B refuse the token at once', async () => {
    const { tokens, browser } = await accessToken();
    assert.ok('user' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)));
    const list = await (await browser.request(`${a.baseUrl}/cuenta/consentimientos`)).text();
    const withdrawn = await browser.submit(
      `${a.baseUrl}/cuenta/consentimientos`,
      list,
      {},
      formIndex(list, (f) => f.hidden.client === DEMO_RP.clientId),
    );
    assert.equal(withdrawn.status, 303);
    await waitFor(async () => 'error' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)), { ...soon, what: 'B to refuse a token of a revoked grant' });
  });

  it('a consent narrowed in A makes B refuse the scope at once; B kept the consent until then', async () => {
    const { tokens, accountId } = await accessToken();
    assert.ok('user' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)));
    const narrow = sql`UPDATE identity.consent SET scopes = array_remove(scopes, 'cases:read') WHERE account_id = ${accountId} AND client_id = ${DEMO_RP.clientId}`;
    await sql`ALTER TABLE identity.consent DISABLE TRIGGER consent_changed`.execute(db());
    try {
      await narrow.execute(db());
    } finally {
      await sql`ALTER TABLE identity.consent ENABLE TRIGGER consent_changed`.execute(db());
    }
    await b.tambo.deps.bus.sync();
    assert.ok('user' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)), 'kept');
    // Any change of the consent announces itself (here: recorded again, still without the scope).
    await sql`UPDATE identity.consent SET granted_at = now() WHERE account_id = ${accountId} AND client_id = ${DEMO_RP.clientId}`.execute(db());
    await waitFor(async () => 'error' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)), { ...soon, what: 'B to refuse a scope no longer consented' });
    assert.deepEqual(await verifyUserToken(b, tokens.access_token, 'cases:read', undefined), { error: 'insufficient_scope' });
  });

  it('a client deactivated in A is refused by B at once: its tokens and its sign-ins, refresh and code exchanges', async () => {
    const { tokens } = await accessToken();
    assert.ok('user' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)));
    assert.ok(await b.oidcProvider.Client.find(DEMO_RP.clientId), 'the provider of B knows the client');
    try {
      await sql`UPDATE identity.client SET is_active = false WHERE client_id = ${DEMO_RP.clientId}`.execute(db());
      await waitFor(async () => 'error' in (await verifyUserToken(b, tokens.access_token, 'cases:read', undefined)), { ...soon, what: 'B to refuse the token of a deactivated client' });
      // What the provider of B reads for every authorization, token and refresh request.
      assert.equal(await b.oidcProvider.Client.find(DEMO_RP.clientId), undefined);
      const refresh = await fetch(`${bUrl}/auth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${DEMO_RP.clientId}:${DEMO_RP.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }),
      });
      assert.equal(refresh.status, 401);
      assert.equal(((await refresh.json()) as { error: string }).error, 'invalid_client');
    } finally {
      await sql`UPDATE identity.client SET is_active = true WHERE client_id = ${DEMO_RP.clientId}`.execute(db());
    }
    await waitFor(async () => (await b.oidcProvider.Client.find(DEMO_RP.clientId)) !== undefined, { ...soon, what: 'B to know the client again' });
  });

  it("an agency system's client-credentials token revoked through A is refused by B at once; B kept it until then", async () => {
    const basic = `Basic ${Buffer.from(`${DEMO_RP.clientId}:${DEMO_RP.clientSecret}`).toString('base64')}`;
    const form = { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' };
    const issued = await fetch(`${a.baseUrl}/auth/token`, { method: 'POST', headers: form, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mailbox:send' }) });
    assert.equal(issued.status, 200);
    const token = ((await issued.json()) as { access_token: string }).access_token;
    assert.ok('client' in (await verifyClientToken(b, token, 'mailbox:send')));
    // Kept: with the announcement off, a token gone from the database still passes in B.
    await sql`ALTER TABLE identity.oidc_model DISABLE TRIGGER client_credentials_revoked`.execute(db());
    const [row] = (await sql<{ payload: unknown }>`DELETE FROM identity.oidc_model WHERE model = 'ClientCredentials' AND id = ${token} RETURNING payload`.execute(db())).rows;
    await sql`ALTER TABLE identity.oidc_model ENABLE TRIGGER client_credentials_revoked`.execute(db());
    await b.tambo.deps.bus.sync();
    assert.ok('client' in (await verifyClientToken(b, token, 'mailbox:send')), 'kept');
    await sql`INSERT INTO identity.oidc_model (model, id, payload, expires_at) VALUES ('ClientCredentials', ${token}, ${JSON.stringify(row!.payload)}::jsonb, now() + interval '5 minutes')`.execute(
      db(),
    );

    const revoked = await fetch(`${a.baseUrl}/auth/token/revocation`, { method: 'POST', headers: form, body: new URLSearchParams({ token }) });
    assert.equal(revoked.status, 200);
    await waitFor(async () => 'error' in (await verifyClientToken(b, token, 'mailbox:send')), { ...soon, what: 'B to refuse the revoked client token' });
  });
});
