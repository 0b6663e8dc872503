// An agency integrates, using only what /desarrolladores and the OpenAPI document say: a
// platform administrator registers its system through the admin API (rights and scopes), a
// person signs in at the system with an independent relying party (openid-client) and files an
// application through it, the agency's system hears of it by a signed webhook, moves the case
// with its own token, and delivers a signed mailbox message whose receipt verifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createRemoteJWKSet } from 'jose';
import { ADMIN, adminAccessToken } from '../src/modules/identity/admin.test-helpers.ts';
import { freePort } from '../src/platform/db/embedded.ts';
import type { TestApp } from './helpers/app.ts';
import { userAccessToken } from './helpers/identity.ts';
import { listenTestApp } from './helpers/listen.ts';
import { createOnlineProcedure } from './helpers/procedures.ts';
import { hasValidSignature, startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.ts';

let t: TestApp & { baseUrl: string };
let receiver: WebhookReceiver;

before(async () => {
  t = await listenTestApp({ demo: true, config: { webhookAllowInsecure: true } });
  await createOnlineProcedure(t.app.tambo.deps.db, { slug: 'licencia-prueba', agencyCode: 'SEGIP', tacitOutcome: 'none' });
  receiver = await startWebhookReceiver();
});
after(async () => {
  await receiver.close();
  await t.close();
});

const json = async <T>(response: Response, status: number): Promise<T> => {
  assert.equal(response.status, status, await response.clone().text());
  return (await response.json()) as T;
};
const bearer = (token: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): RequestInit => ({
  method,
  headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});

describe('an agency integrates from the developer portal', () => {
  it('registers, signs a person in, files, hears the webhook, moves the case and delivers signed mail', async () => {
    // What the portal and the OpenAPI document promise.
    const portal = await (await fetch(`${t.baseUrl}/desarrolladores`)).text();
    for (const path of ['/auth/token', '/api/v1/agency/cases', '/api/v1/agency/webhooks/cases', '/api/v1/mailbox/messages', '/auth/.well-known/openid-configuration']) {
      assert.ok(portal.includes(path), `the portal names ${path}`);
    }
    const english = await (await fetch(`${t.baseUrl}/desarrolladores?lang=en`)).text();
    assert.match(english, /<h1>Developers<\/h1>/);
    for (const declared of ['cases:feed', 'mailbox:send', 'cases.submitted', 'mailbox.message_opened', 'profile.nombre']) assert.ok(english.includes(declared), declared);
    const openapi = (await (await fetch(`${t.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const operations = Object.values(openapi.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const op of ['registerAdminClient', 'submitApplication', 'saveAgencyCasesWebhook', 'listAgencyCaseChanges', 'transitionAgencyCase', 'deliverMailboxMessage', 'getMailboxReceipt']) {
      assert.ok(operations.includes(op), op);
    }

    // 1. The administrator registers the agency's system: person scopes and its own rights.
    const rpOrigin = `http://127.0.0.1:${await freePort()}`;
    const registered = await json<{ client: { clientId: string; grantTypes: string[] }; clientSecret: string }>(
      await fetch(
        `${t.baseUrl}/api/v1/admin/clients`,
        bearer(await adminAccessToken(t.baseUrl, ADMIN), {
          name: 'Sistema de licencias del SEGIP',
          agencyCode: 'SEGIP',
          redirectUris: [`${rpOrigin}/callback`],
          scopes: ['openid', 'profile', 'cases:write'],
          rights: ['cases:feed', 'cases:handle', 'mailbox:send'],
          minimumLevel: 'bajo',
          purpose: 'Tramitar licencias',
        }),
      ),
      201,
    );
    const { clientId } = registered.client;
    assert.deepEqual(registered.client.grantTypes, ['authorization_code', 'refresh_token', 'client_credentials']);

    // 2. Its own token, and its webhook subscription.
    const tokenResponse = await fetch(`${t.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${registered.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=cases:feed%20cases:handle%20mailbox:send',
    });
    const systemToken = (await json<{ access_token: string }>(tokenResponse, 200)).access_token;
    const { secret } = await json<{ secret: string }>(await fetch(`${t.baseUrl}/api/v1/agency/webhooks/cases`, bearer(systemToken, { url: receiver.url }, 'PUT')), 200);

    // 3. A person signs in at the system (openid-client, code + PKCE) and files through it.
    const { tokens } = await userAccessToken(t.baseUrl, {
      clientId,
      secret: registered.clientSecret,
      redirectUri: `${rpOrigin}/callback`,
      scope: 'openid profile cases:write',
      login: 'ciudadana@demo.tambo',
      password: 'Demo-2026-ciudadana',
    });
    const filed = await json<{ trackingCode: string }>(
      await fetch(`${t.baseUrl}/api/v1/cases`, bearer(tokens!.access_token, { procedure: 'licencia-prueba', answers: { birthDate: '2011-03-04', copies: 1, purpose: 'work' } })),
      201,
    );

    // 4. The agency hears of it, signed.
    await t.drain();
    const submitted = receiver.received.find((r) => r.json.trackingCode === filed.trackingCode && r.json.topic === 'cases.submitted');
    assert.ok(submitted, 'cases.submitted arrived');
    assert.ok(hasValidSignature(submitted, secret));

    // 5. Its system moves the case.
    const transition = (name: string, reason?: string) => fetch(`${t.baseUrl}/api/v1/agency/cases/${filed.trackingCode}/transitions`, bearer(systemToken, { transition: name, reason }));
    await json(await transition('take'), 200);
    const decided = await json<{ outcome: string }>(await transition('approve', 'Cumple los requisitos.'), 200);
    assert.equal(decided.outcome, 'approved');
    await t.drain();
    assert.ok(receiver.received.some((r) => r.json.trackingCode === filed.trackingCode && r.json.topic === 'cases.decided'));

    // 6. It delivers a signed mailbox message, and the receipt verifies with the published keys.
    const message = await json<{ id: string }>(
      await fetch(
        `${t.baseUrl}/api/v1/mailbox/messages`,
        bearer(systemToken, { recipient: { documentType: 'CI', documentNumber: '4567891 LP' }, subject: `Licencia ${filed.trackingCode}`, body: 'Su licencia fue aprobada.' }),
      ),
      201,
    );
    const receipt = await fetch(`${t.baseUrl}/api/v1/mailbox/messages/${message.id}/receipt`, bearer(systemToken));
    assert.equal(receipt.status, 200);
    const { payload } = await compactVerify((await receipt.text()).trim(), createRemoteJWKSet(new URL(`${t.baseUrl}/auth/jwks`)));
    assert.equal((JSON.parse(new TextDecoder().decode(payload)) as { messageId: string }).messageId, message.id);
  });
});
