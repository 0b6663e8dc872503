// Mutual TLS for machine clients (RFC 8705) over real HTTP, with certificates made by openssl:
// behind a trusted proxy that passes the client certificate in `x-client-cert`, a client
// registered with its certificate's subject DN (`tls_client_auth`) or with its self-signed
// certificate (`self_signed_tls_client_auth`) gets tokens with its certificate only; the tokens
// are bound to it (`cnf.x5t#S256`), and the agency API and the exchange (/r1) refuse them
// presented without that certificate or with another one.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { certificateMaker, presenting } from '../../../test/helpers/certificates.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { ADMIN, adminAccessToken, auditEntries } from './admin.test-helpers.ts';
import { upsertClient } from './client.queries.ts';
import type { Client } from './client.types.ts';
import { certificateThumbprint, normalizeDn, presentedCertificate } from './oidc/mtls.ts';
import { X509Certificate } from 'node:crypto';

let t: TestApp & { baseUrl: string };
const certificates = certificateMaker();
const certificate = certificates.certificate;

let client: string; // issued by the CA to CN=sistema-mtls,O=SEGIP,C=BO
let wrongClient: string; // issued by the same CA to another system
let selfSigned: string;
let otherSelfSigned: string;
let adminToken: string;
let selfSignedId: string; // registered through the clients API
let selfSignedSecret: string;

const system = (clientId: string, mtls: Partial<Client>): Client => ({
  clientId,
  clientSecret: null,
  name: `Sistema ${clientId}`,
  agencyCode: 'SEGIP',
  redirectUris: [],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  scopes: [],
  minimumLevel: 'bajo',
  sectorIdentifier: null,
  subjectType: 'public',
  requirePar: false,
  isFirstParty: false,
  purpose: 'Intercambio de datos',
  isActive: true,
  rights: ['interop:call', 'cases:feed'],
  ...mtls,
});

const admin = (method: string, path: string, json: unknown) =>
  fetch(`${t.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(json) });

const tokenRequest = (clientId: string, headers: Record<string, string>) =>
  fetch(`${t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope: 'interop:call cases:feed' }).toString(),
  });

async function token(clientId: string, pem: string): Promise<string> {
  const response = await tokenRequest(clientId, presenting(pem));
  assert.equal(response.status, 200, await response.clone().text());
  const body = (await response.json()) as { access_token: string; token_type: string };
  assert.equal(body.token_type, 'Bearer');
  return body.access_token;
}

const call = (path: string, bearer: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${t.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${bearer}`, ...headers } });

before(async () => {
  client = certificate('client', '/C=BO/O=SEGIP/CN=sistema-mtls');
  wrongClient = certificate('wrong', '/C=BO/O=SEGIP/CN=otro-sistema');
  selfSigned = certificate('self', '/CN=sistema-propio', true);
  otherSelfSigned = certificate('other-self', '/CN=sistema-propio', true);
  t = await listenTestApp({ demo: true, config: { trustProxy: true } });
  const { db } = t.app.tambo.deps;
  await upsertClient(db, system('segip-mtls', { tlsSubjectDn: 'CN=sistema-mtls,O=SEGIP,C=BO' }));
  adminToken = await adminAccessToken(t.baseUrl, ADMIN);
  const created = await admin('POST', '/api/v1/admin/clients', {
    name: 'Sistema propio',
    agencyCode: 'SEGIP',
    minimumLevel: 'bajo',
    purpose: 'Intercambio de datos',
    rights: ['interop:call', 'cases:feed'],
  });
  assert.equal(created.status, 201, await created.clone().text());
  const body = (await created.json()) as { client: { clientId: string }; clientSecret: string };
  selfSignedId = body.client.clientId;
  selfSignedSecret = body.clientSecret;
});
after(async () => {
  await t.close();
  certificates.remove();
});

describe('mutual TLS client authentication (RFC 8705)', () => {
  it('is announced in discovery, with certificate-bound tokens', async () => {
    const discovery = (await (await fetch(`${t.baseUrl}/auth/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const methods = discovery.token_endpoint_auth_methods_supported as string[];
    assert.ok(methods.includes('tls_client_auth') && methods.includes('self_signed_tls_client_auth'), methods.join(' '));
    assert.equal(discovery.tls_client_certificate_bound_access_tokens, true);
  });

  it('gives tokens to a tls_client_auth client only with a verified certificate of its subject', async () => {
    for (const [headers, why] of [
      [{}, 'no certificate'],
      [presenting(wrongClient), 'a certificate of another subject'],
      [presenting(client, false), 'a certificate the proxy could not verify'],
      [presenting(selfSigned), 'a self-signed certificate'],
    ] as const) {
      const refused = await tokenRequest('segip-mtls', headers);
      assert.equal(refused.status, 401, why);
      assert.equal(((await refused.json()) as { error: string }).error, 'invalid_client', why);
    }
    await token('segip-mtls', client);
  });

  it('is set by an administrator through the clients API, validated and audited', async () => {
    const path = `/api/v1/admin/clients/${selfSignedId}/certificate`;
    for (const [json, pointer] of [
      [{ subjectDn: 'sistema' }, '/subjectDn'],
      [{ certificates: ['-----BEGIN CERTIFICATE-----\nno\n-----END CERTIFICATE-----'] }, '/certificates'],
      [{ subjectDn: 'CN=sistema-propio', certificates: [selfSigned] }, '/certificates'],
    ] as const) {
      const refused = await admin('PUT', path, json);
      assert.equal(refused.status, 400, JSON.stringify(json));
      const problem = (await refused.json()) as { code: string; errors: Array<{ pointer: string }> };
      assert.equal(problem.code, 'VALIDATION_FAILED');
      assert.deepEqual(
        problem.errors.map((e) => e.pointer),
        [pointer],
      );
    }
    // Its secret works until the certificate is set, and not after.
    const basic = { authorization: `Basic ${Buffer.from(`${selfSignedId}:${selfSignedSecret}`).toString('base64')}` };
    assert.equal((await tokenRequest(selfSignedId, basic)).status, 200);
    const set = await admin('PUT', path, { certificates: [selfSigned] });
    assert.equal(set.status, 200, await set.clone().text());
    const view = (await set.json()) as { tokenEndpointAuthMethod: string; tlsClientCertificates: string[] };
    assert.equal(view.tokenEndpointAuthMethod, 'self_signed_tls_client_auth');
    assert.equal(view.tlsClientCertificates.length, 1);
    assert.equal((await tokenRequest(selfSignedId, basic)).status, 401, 'the secret no longer authenticates it');
    const [audited] = await auditEntries(t.app.tambo.deps.db, 'identity.client_updated', selfSignedId);
    assert.deepEqual(audited!.data.changes, { mtls: { from: { subjectDn: null, certificates: [] }, to: { subjectDn: null, certificates: [new X509Certificate(selfSigned).fingerprint256] } } });
  });

  it('gives tokens to a self_signed_tls_client_auth client only with its registered certificate', async () => {
    for (const headers of [{}, presenting(otherSelfSigned), presenting(client)]) {
      const refused = await tokenRequest(selfSignedId, headers);
      assert.equal(refused.status, 401);
    }
    // No CA vouches for it: the proxy's failed verification does not matter, the registered certificate does.
    const granted = await tokenRequest(selfSignedId, presenting(selfSigned, false));
    assert.equal(granted.status, 200, await granted.clone().text());
  });

  it('binds the token to the certificate, and the APIs and the exchange refuse it without that certificate', async () => {
    const bound = await token('segip-mtls', client);
    // The agency API (requireAgencyClient).
    assert.equal((await call('/api/v1/agency/cases', bound, presenting(client))).status, 200);
    for (const headers of [{}, presenting(wrongClient), presenting(selfSigned)]) {
      const refused = await call('/api/v1/agency/cases', bound, headers);
      assert.equal(refused.status, 401);
      assert.match(refused.headers.get('www-authenticate') ?? '', /invalid_token/);
    }
    // The exchange: register the subsystem, then its metadata service, with and without the certificate.
    const registered = await call('/api/v1/interop/subsystems/mtls', bound, presenting(client), 'PUT');
    assert.equal(registered.status, 201, await registered.clone().text());
    const { client: xroadClient } = (await registered.json()) as { client: string };
    const listed = await call('/r1/listClients', bound, { 'x-road-client': xroadClient, ...presenting(client) });
    assert.equal(listed.status, 200, await listed.clone().text());
    for (const headers of [{}, presenting(wrongClient)]) {
      const refused = await call('/r1/listClients', bound, { 'x-road-client': xroadClient, ...headers });
      assert.equal(refused.status, 401);
      assert.ok(refused.headers.get('x-road-error'), 'an X-Road error');
    }
    // Introspection tells an agency's API the binding (RFC 8705 §3.2).
    const self = await token(selfSignedId, selfSigned);
    const introspected = await fetch(`${t.baseUrl}/auth/token/introspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...presenting(selfSigned) },
      body: new URLSearchParams({ token: bound, client_id: selfSignedId }).toString(),
    });
    assert.equal(introspected.status, 200, await introspected.clone().text());
    const body = (await introspected.json()) as { active: boolean; cnf?: Record<string, string> };
    assert.equal(body.active, true);
    assert.equal(body.cnf?.['x5t#S256'], certificateThumbprint(new X509Certificate(client)));
    assert.equal((await call('/api/v1/agency/cases', self, presenting(selfSigned))).status, 200);
    assert.equal((await call('/api/v1/agency/cases', self, presenting(client))).status, 401);
  });

  it('reads the certificate header only from a trusted proxy, and compares subject DNs in any order', () => {
    const req = { socket: {}, headers: presenting(client) } as unknown as IncomingMessage;
    assert.equal(presentedCertificate({ trustProxy: false }, req), undefined);
    assert.equal(presentedCertificate({ trustProxy: true }, req)?.authorized, true);
    assert.equal(normalizeDn(new X509Certificate(client).subject), normalizeDn('CN=sistema-mtls, O=SEGIP, C=BO'));
    assert.notEqual(normalizeDn(new X509Certificate(wrongClient).subject), normalizeDn('CN=sistema-mtls,O=SEGIP,C=BO'));
  });
});
