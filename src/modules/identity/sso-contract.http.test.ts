// The single sign-on details existing relying parties rely on, checked against the live
// provider with a real OIDC client (openid-client): `sid` in every ID token, equal to the
// `sid` of the back-channel logout token; the token endpoint's authentication methods the
// docs name are those discovery announces; the demo client's redirect URIs in the README
// are the seeded ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { authorizationRequest, discoverProvider, formIndex, registerPerson, signInPortal, startLogoutReceiver } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { findClient, upsertClient } from './client.queries.ts';
import { DEMO_RP } from './identity.seed.ts';

let t: TestApp & { baseUrl: string };
let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;

before(async () => {
  t = await listenTestApp({ demo: true });
  receiver = await startLogoutReceiver();
  await upsertClient(t.app.tambo.deps.db, {
    clientId: 'sso-rp',
    clientSecret: 'sso-rp-secret-0123456789',
    name: 'Sistema con cierre de sesión por canal trasero',
    agencyCode: 'SEGIP',
    redirectUris: [`${receiver.url}/callback`],
    postLogoutRedirectUris: [`${receiver.url}/`],
    backchannelLogoutUri: `${receiver.url}/backchannel`,
    scopes: ['openid', 'profile'],
    minimumLevel: 'bajo',
    sectorIdentifier: null,
    subjectType: 'pairwise',
    requirePar: false,
    isFirstParty: false,
    purpose: 'Prueba',
    isActive: true,
  });
});
after(async () => {
  await receiver.close();
  await t.close();
});

async function discovery(): Promise<Record<string, unknown>> {
  const response = await fetch(`${t.baseUrl}/auth/.well-known/openid-configuration`);
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
}

/** From an authorization request to the client's callback, consenting when asked (the person is signed in at the provider). */
async function codeFor(browser: HttpSession, authorizationUrl: URL, redirectOrigin: string): Promise<URL> {
  const { response, url } = await browser.follow(authorizationUrl.toString(), {}, redirectOrigin);
  if (new URL(url).origin === redirectOrigin) return new URL(url);
  const html = await response.text();
  assert.match(html, /quiere acceder a sus datos/, 'consent page expected');
  const decided = await browser.submit(url, html, { decision: 'allow' });
  const back = await browser.follow(new URL(decided.headers.get('location')!, url).toString(), {}, redirectOrigin);
  assert.equal(new URL(back.url).origin, redirectOrigin, 'back at the client');
  return new URL(back.url);
}

/** The ID token a relying party gets for this browser's provider session. */
async function idTokenFor(browser: HttpSession, clientId: string, secret: string, redirectUri: string): Promise<Record<string, unknown>> {
  const config = await discoverProvider(t.baseUrl, clientId, secret);
  const nonce = oidc.randomNonce();
  const { url, verifier } = await authorizationRequest(config, { redirectUri, scope: 'openid profile', state: 's', extra: { nonce } });
  const callback = await codeFor(browser, url, new URL(redirectUri).origin);
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 's', expectedNonce: nonce });
  const claims = tokens.claims();
  assert.ok(claims, 'an ID token');
  return claims as Record<string, unknown>;
}

/** The backticked token endpoint authentication methods a document names. */
function authMethodsIn(text: string): string[] {
  const known = /^(client_secret_basic|client_secret_post|client_secret_jwt|private_key_jwt|tls_client_auth|self_signed_tls_client_auth|none)$/;
  return [...new Set([...text.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!).filter((name) => known.test(name)))].sort();
}

describe('single sign-on details relying parties rely on', () => {
  it('puts `sid` in every ID token, and the back-channel logout token carries the same `sid`', async () => {
    const document = await discovery();
    assert.equal(document.backchannel_logout_supported, true);
    assert.equal(document.backchannel_logout_session_supported, true);
    assert.ok((document.claims_supported as string[]).includes('sid'), 'sid among the claims');

    const person = await registerPerson(t, 'sid@correo.bo');
    const browser = new HttpSession();
    await signInPortal(t, browser, person.email, person.password);
    // A client with back-channel logout, and one without (the demo client): both get `sid`.
    const agency = await idTokenFor(browser, 'sso-rp', 'sso-rp-secret-0123456789', `${receiver.url}/callback`);
    const demo = await idTokenFor(browser, DEMO_RP.clientId, DEMO_RP.clientSecret, 'http://localhost:8400/callback');
    assert.equal(typeof agency.sid, 'string');
    assert.ok(String(agency.sid).length >= 16, 'an unguessable session id');
    assert.equal(typeof demo.sid, 'string', 'sid also for a client without back-channel logout');

    const before = receiver.logoutTokens.length;
    const page = await (await browser.request(`${t.baseUrl}/tramites`)).text();
    const out = await browser.submit(
      `${t.baseUrl}/tramites`,
      page,
      {},
      formIndex(page, (f) => f.action === '/salir'),
    );
    assert.equal(out.status, 303);
    const [logoutToken] = (await receiver.waitForLogoutTokens(before + 1)).slice(before);
    assert.ok(logoutToken, 'a logout token was delivered');
    const { payload } = await jwtVerify(logoutToken, createRemoteJWKSet(new URL(`${t.baseUrl}/auth/jwks`)), { issuer: `${t.baseUrl}/auth`, audience: 'sso-rp' });
    assert.equal(payload.sid, agency.sid, "the logout token's sid is the ID token's");
    assert.equal(payload.sub, agency.sub);
    assert.equal(decodeJwt(logoutToken).nonce, undefined, 'a logout token has no nonce');
  });

  it('the docs name exactly the token endpoint authentication methods discovery announces', async () => {
    const document = await discovery();
    const announced = [...(document.token_endpoint_auth_methods_supported as string[])].sort();
    assert.deepEqual(announced, ['client_secret_basic', 'client_secret_post', 'none', 'self_signed_tls_client_auth', 'tls_client_auth'], 'only methods that work with the clients Tambo registers');
    for (const file of ['docs/identity-operations.md', 'docs/api-auth.md']) {
      const text = readFileSync(file, 'utf8');
      const paragraph = text.split(/\n\s*\n/).find((p) => /token endpoint/i.test(p) && authMethodsIn(p).length > 0);
      assert.ok(paragraph, `${file} says how clients authenticate at the token endpoint`);
      assert.deepEqual(authMethodsIn(paragraph), announced, `${file} matches discovery`);
    }
    // The README names none or only announced ones.
    for (const method of authMethodsIn(readFileSync('README.md', 'utf8'))) assert.ok(announced.includes(method), `README's ${method} is announced`);
  });

  it("the README lists the demo client's redirect and post-logout redirect URIs as seeded", async () => {
    const seeded = await findClient(t.app.tambo.deps.db, DEMO_RP.clientId);
    assert.ok(seeded);
    const readme = readFileSync('README.md', 'utf8');
    const paragraph = readme.split(/\n\s*\n/).find((p) => p.includes(`client \`${DEMO_RP.clientId}\``));
    assert.ok(paragraph, 'the README describes the demo client');
    const urisAfter = (label: string) => {
      const match = new RegExp(`(?<!post-logout )${label} ((?:\`[^\`]+\`(?:,? and |, )?)+)`).exec(paragraph.replace(/\s+/g, ' '));
      assert.ok(match, `the README lists the ${label}`);
      return [...match[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).sort();
    };
    assert.deepEqual(urisAfter('redirect URIs'), [...seeded.redirectUris].sort());
    assert.deepEqual(urisAfter('post-logout redirect URIs'), [...seeded.postLogoutRedirectUris].sort());
    assert.ok(seeded.postLogoutRedirectUris.length > 0);
  });
});
