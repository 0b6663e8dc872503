// Machine rights of agencies' systems over real HTTP: granted through the clients API and the
// administration page, derived from the scopes modules declare for systems, obtained with the
// client credentials grant, checked by the routes that need them, withdrawn at once, audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { ADMIN, adminAccessToken, auditEntries, getPage, portalSession, postForm } from './admin.test-helpers.ts';
import { systemRights } from './oidc/scopes.ts';

let t: TestApp & { baseUrl: string };
let adminToken: string;

before(async () => {
  t = await listenTestApp({ demo: true });
  adminToken = await adminAccessToken(t.baseUrl, ADMIN);
});
after(async () => t.close());

const api = (path: string, init: { method?: string; json?: unknown } = {}) =>
  fetch(`${t.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${adminToken}`, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });

const tokenRequest = (clientId: string, secret: string, scope: string) =>
  fetch(`${t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });

const deliver = (token: string) =>
  fetch(`${t.baseUrl}/api/v1/mailbox/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: { documentType: 'CI', documentNumber: '4567891 LP' }, subject: 'Aviso de prueba', body: 'Texto.' }),
  });

describe('machine rights', () => {
  it("are the modules' scopes declared for systems, person-only scopes excluded", () => {
    const names = systemRights().map((r) => r.name);
    for (const right of ['mailbox:send', 'cases:feed', 'cases:handle']) assert.ok(names.includes(right), right);
    for (const personOnly of ['cases:read', 'cases:write', 'openid']) assert.ok(!names.includes(personOnly), personOnly);
  });

  it('are granted through the API to a system that signs no one in, obtained with client credentials, and withdrawn at once', async () => {
    const refused = await api('/api/v1/admin/clients', {
      method: 'POST',
      json: { name: 'Notificador', agencyCode: 'SIN', minimumLevel: 'bajo', purpose: 'Notificar', rights: ['mailbox:send', 'cases:read'] },
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(
      ((await refused.json()) as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer),
      ['/rights'],
    );
    const nothing = await api('/api/v1/admin/clients', { method: 'POST', json: { name: 'Nada', agencyCode: 'SIN', minimumLevel: 'bajo', purpose: 'Nada' } });
    assert.equal(nothing.status, 400, 'a system with no right must sign people in');
    assert.deepEqual(
      ((await nothing.json()) as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer),
      ['/redirectUris', '/scopes'],
    );

    const created = await api('/api/v1/admin/clients', {
      method: 'POST',
      json: { name: 'Notificador del SIN', agencyCode: 'SIN', minimumLevel: 'bajo', purpose: 'Notificar resoluciones', rights: ['cases:feed', 'mailbox:send'] },
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { client, clientSecret } = (await created.json()) as { client: { clientId: string; rights: string[]; grantTypes: string[]; redirectUris: string[] }; clientSecret: string };
    assert.deepEqual(client.rights, ['mailbox:send', 'cases:feed'], "in the modules' order");
    assert.deepEqual(client.grantTypes, ['client_credentials']);
    assert.deepEqual(client.redirectUris, []);
    const [registered] = await auditEntries(t.app.tambo.deps.db, 'identity.client_registered', client.clientId);
    assert.deepEqual(registered!.data.rights, ['mailbox:send', 'cases:feed']);

    // Rights it holds come by the client credentials grant; one it does not hold is refused.
    const granted = await tokenRequest(client.clientId, clientSecret, 'mailbox:send cases:feed');
    assert.equal(granted.status, 200, await granted.clone().text());
    const { access_token: token, scope } = (await granted.json()) as { access_token: string; scope: string };
    assert.deepEqual(scope.split(' ').sort(), ['cases:feed', 'mailbox:send']);
    assert.equal((await tokenRequest(client.clientId, clientSecret, 'cases:handle')).status, 400);
    const delivered = await deliver(token);
    assert.equal(delivered.status, 201, await delivered.clone().text());

    // Withdrawn: audited with before and after; the live token stops working for that right.
    const patched = await api(`/api/v1/admin/clients/${client.clientId}`, { method: 'PATCH', json: { rights: ['cases:feed'] } });
    assert.equal(patched.status, 200);
    assert.deepEqual(((await patched.json()) as { rights: string[] }).rights, ['cases:feed']);
    const [update] = await auditEntries(t.app.tambo.deps.db, 'identity.client_updated', client.clientId);
    assert.deepEqual((update!.data.changes as Record<string, unknown>).rights, { from: ['mailbox:send', 'cases:feed'], to: ['cases:feed'] });
    const after = await deliver(token);
    assert.equal(after.status, 403);
    assert.equal(((await after.json()) as { code: string }).code, 'MAILBOX_CLIENT_NOT_ALLOWED');
    assert.equal((await tokenRequest(client.clientId, clientSecret, 'mailbox:send')).status, 400, 'no new token for a withdrawn right');
  });

  it('are offered on the administration page, and a rights-only system is registered there', async () => {
    const admin = await portalSession(t.baseUrl, ADMIN);
    const form = await getPage(admin, `${t.baseUrl}/admin/clientes/nuevo`);
    assert.match(form.html, /name="rights" type="checkbox" value="mailbox:send"/);
    assert.match(form.html, /name="rights" type="checkbox" value="cases:feed"/);
    assert.doesNotMatch(form.html, /name="rights" type="checkbox" value="cases:read"/);
    assert.doesNotMatch(form.html, /name="scopes" type="checkbox" value="mailbox:send"/);
    const created = await postForm(admin, t.baseUrl, '/admin/clientes/nuevo', {
      name: 'Buzón del SEGIP',
      agencyCode: 'SEGIP',
      redirectUris: '',
      minimumLevel: 'bajo',
      subjectType: 'pairwise',
      purpose: 'Notificar',
      rights: ['mailbox:send'],
    });
    assert.equal(created.status, 200, created.html.slice(0, 2000));
    const clientId = /<code>(segip-[0-9a-f]{10})<\/code>/.exec(created.html)?.[1];
    assert.ok(clientId);
    const edit = await getPage(admin, `${t.baseUrl}/admin/clientes/${clientId}`);
    assert.match(edit.html, /name="rights" type="checkbox" value="mailbox:send" checked/);
  });
});
