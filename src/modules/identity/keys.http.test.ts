// Signing-key rotation without downtime, with processes restarting on the same database as in
// a rolling restart: a token signed before the rotation still verifies against the JWKS
// published after it, new tokens carry the new key, a staged key is published before it
// signs, and a retired key is no longer published.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { buildApp } from '../../app.ts';
import { freePort } from '../../platform/db/embedded.ts';
import type { TamboApp } from '../../platform/http/app-types.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { CITIZEN, signInAtProvider } from './admin.test-helpers.ts';
import { activateKey, addSigningKey, listSigningKeys, retireKey } from './admin/keys.service.ts';
import { upsertClient } from './client.queries.ts';

let t: TestApp & { baseUrl: string };
const RP = { clientId: 'keys-rp', secret: 'keys-rp-secret-0123456789abcdef', redirect: 'http://127.0.0.1:9/callback' };
const instances: TamboApp[] = [];

before(async () => {
  t = await listenTestApp({ demo: true });
  await upsertClient(t.app.tambo.deps.db, {
    clientId: RP.clientId,
    clientSecret: RP.secret,
    name: 'Sistema de prueba de llaves',
    agencyCode: 'SEGIP',
    redirectUris: [RP.redirect],
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: ['openid'],
    minimumLevel: 'bajo',
    sectorIdentifier: null,
    subjectType: 'public',
    requirePar: false,
    isFirstParty: true,
    purpose: '',
    isActive: true,
  });
});
after(async () => {
  for (const app of instances) await app.close();
  await t.close();
});

/** Another process of the same deployment (same database), started now. */
async function restartProcess(): Promise<{ app: TamboApp; baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = await buildApp(testConfig({ databaseUrl: t.database.url }, { PUBLIC_URL: baseUrl }), { background: false, poolSize: 2 });
  instances.push(app);
  await app.listen({ port, host: '127.0.0.1' });
  return { app, baseUrl };
}

/** An ID token from the process at `baseUrl` (code + PKCE with a real relying party). */
async function idTokenFrom(baseUrl: string): Promise<string> {
  const config = await oidc.discovery(new URL(`${baseUrl}/auth`), RP.clientId, RP.secret, undefined, { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP.redirect,
    scope: 'openid',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: 'k',
  });
  const { url: callback } = await signInAtProvider(new HttpSession(), url.toString(), CITIZEN.login, CITIZEN.password, new URL(RP.redirect).origin);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: 'k' });
  return tokens.id_token!;
}

async function publishedKids(baseUrl: string): Promise<string[]> {
  const jwks = (await (await fetch(`${baseUrl}/auth/jwks`)).json()) as { keys: Array<{ kid: string; d?: string }> };
  assert.ok(
    jwks.keys.every((key) => key.d === undefined),
    'only public keys are published',
  );
  return jwks.keys.map((key) => key.kid).sort();
}

describe('signing-key rotation', () => {
  it('keeps old tokens verifiable, signs new ones with the new key, stages and retires keys', async () => {
    const db = t.app.tambo.deps.db;
    const before = await idTokenFrom(t.baseUrl);
    const oldKid = decodeProtectedHeader(before).kid!;

    // Rotation: a new key, picked up by processes as they restart.
    const newKid = await addSigningKey(db, { staged: false });
    const second = await restartProcess();
    assert.deepEqual(await publishedKids(second.baseUrl), [newKid, oldKid].sort());
    const { payload } = await jwtVerify(before, createRemoteJWKSet(new URL(`${second.baseUrl}/auth/jwks`)), { issuer: `${t.baseUrl}/auth`, audience: RP.clientId });
    assert.equal(typeof payload.sub, 'string', 'the token signed before the rotation verifies with the JWKS published after it');
    const afterRotation = await idTokenFrom(second.baseUrl);
    assert.equal(decodeProtectedHeader(afterRotation).kid, newKid, 'new tokens use the new key');
    await jwtVerify(afterRotation, createRemoteJWKSet(new URL(`${second.baseUrl}/auth/jwks`)), { issuer: `${second.baseUrl}/auth` });
    // The process that has not restarted yet still signs with the old key, which everyone publishes.
    assert.equal(decodeProtectedHeader(await idTokenFrom(t.baseUrl)).kid, oldKid);

    // Two-step rotation: the staged key is published first and signs only once activated.
    const stagedKid = await addSigningKey(db, { staged: true });
    const third = await restartProcess();
    assert.ok((await publishedKids(third.baseUrl)).includes(stagedKid));
    assert.equal(decodeProtectedHeader(await idTokenFrom(third.baseUrl)).kid, newKid, 'a staged key does not sign yet');
    assert.equal(await retireKey(db, newKid), 'signing', 'the signing key cannot be retired');
    assert.equal(await activateKey(db, stagedKid), true);

    // Retiring the oldest key: processes started from now on stop publishing it.
    assert.equal(await retireKey(db, oldKid), 'retired');
    assert.equal(await retireKey(db, 'no-such-key'), 'unknown');
    const fourth = await restartProcess();
    assert.deepEqual(await publishedKids(fourth.baseUrl), [newKid, stagedKid].sort());
    assert.equal(decodeProtectedHeader(await idTokenFrom(fourth.baseUrl)).kid, stagedKid);
    assert.equal(await fourth.app.tambo.deps.keyring.signingKid(), stagedKid, 'platform signatures use the signing key too');
    const keys = await listSigningKeys(db);
    assert.equal(keys.find((key) => key.kid === oldKid)?.retiredAt instanceof Date, true);
  });
});
