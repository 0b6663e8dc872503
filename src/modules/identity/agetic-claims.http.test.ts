// A relying party written for AGETIC's Ciudadanía Digital, pointed at Tambo's issuer (bo
// profile) with its own credentials: discovery, code + PKCE, the token endpoint and userinfo
// as discovered (openid-client), the AGETIC scopes and the nested `profile` claim. And token
// introspection (RFC 7662) for agencies' APIs: only about tokens of the caller's own agency.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { discoverProvider, userAccessToken } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { testClient } from './admin.test-helpers.ts';
import { upsertClient } from './client.queries.ts';

let t: TestApp & { baseUrl: string };
const AGETIC_SCOPE = 'openid profile nombre documento_identidad fecha_nacimiento email celular';
const RP = { clientId: 'rp-agetic', secret: 'rp-agetic-secret-0123456789', redirectUri: 'http://127.0.0.1:8497/callback' };
const API = { clientId: 'api-segip', secret: 'api-segip-secret-0123456789' };
const OTHER_API = { clientId: 'api-sin', secret: 'api-sin-secret-0123456789' };

before(async () => {
  t = await listenTestApp({ demo: true });
  const db = t.app.tambo.deps.db;
  await upsertClient(db, testClient(RP.clientId, RP.secret, 'SEGIP', [RP.redirectUri], AGETIC_SCOPE.split(' ')));
  await upsertClient(db, testClient(API.clientId, API.secret, 'SEGIP', ['http://127.0.0.1:8496/cb'], ['openid']));
  await upsertClient(db, testClient(OTHER_API.clientId, OTHER_API.secret, 'SIN', ['http://127.0.0.1:8495/cb'], ['openid']));
});
after(async () => t.close());

describe('a Ciudadanía Digital relying party', () => {
  it('discovers the AGETIC scopes and gets the nested profile claim at userinfo', async () => {
    const config = await discoverProvider(t.baseUrl, RP.clientId, RP.secret);
    const metadata = config.serverMetadata();
    for (const scope of AGETIC_SCOPE.split(' ')) assert.ok(metadata.scopes_supported?.includes(scope), scope);
    for (const claim of ['profile', 'celular', 'fecha_nacimiento', 'email']) assert.ok(metadata.claims_supported?.includes(claim), claim);

    const { tokens } = await userAccessToken(t.baseUrl, { ...RP, scope: AGETIC_SCOPE, login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' });
    assert.ok(tokens);
    const sub = String(decodeJwt(String(tokens.id_token)).sub);
    const info = (await oidc.fetchUserInfo(config, tokens.access_token, sub)) as Record<string, unknown>;
    const profile = info.profile as { nombre: Record<string, string>; documento_identidad: Record<string, string> };
    assert.equal(profile.nombre.nombres, 'María');
    assert.ok((profile.nombre.primer_apellido ?? '').length > 0);
    assert.equal(typeof profile.nombre.segundo_apellido, 'string');
    assert.deepEqual(profile.documento_identidad, { numero_documento: '4567891 LP', tipo_documento: 'CI' });
    assert.match(String(info.fecha_nacimiento), /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(info.email);
    assert.ok(info.celular);
  });

  it('lets an API of the same agency introspect the token, and no other', async () => {
    const { tokens } = await userAccessToken(t.baseUrl, { ...RP, scope: 'openid nombre', login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' });
    const token = tokens!.access_token;
    const discovery = (await (await fetch(`${t.baseUrl}/auth/.well-known/openid-configuration`)).json()) as { introspection_endpoint?: string };
    assert.ok(discovery.introspection_endpoint, 'announced');

    const same = await oidc.tokenIntrospection(await discoverProvider(t.baseUrl, API.clientId, API.secret), token);
    assert.equal(same.active, true);
    assert.equal(same.client_id, RP.clientId);
    assert.match(String(same.scope), /nombre/);
    const other = await oidc.tokenIntrospection(await discoverProvider(t.baseUrl, OTHER_API.clientId, OTHER_API.secret), token);
    assert.equal(other.active, false, "another agency's API learns nothing");
  });
});
