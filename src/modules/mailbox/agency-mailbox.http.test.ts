// The sending agency's system over real HTTP (client credentials, `mailbox:send`): it lists
// what it sent, page by page, fetches each message's signed receipt, and hears by webhook when
// a message is opened or deemed notified — only of its own messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createRemoteJWKSet } from 'jose';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { hasValidSignature, startWebhookReceiver, type WebhookReceiver } from '../../../test/helpers/webhook-receiver.ts';
import { recordDeemedNotifications } from './mailbox.service.ts';

let t: TestApp & { baseUrl: string };
let receiver: WebhookReceiver;
let token: string;

before(async () => {
  t = await listenTestApp({ demo: true, config: { webhookAllowInsecure: true } });
  receiver = await startWebhookReceiver();
  const response = await fetch(`${t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('demo-rp:demo-rp-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mailbox:send' }).toString(),
  });
  token = ((await response.json()) as { access_token: string }).access_token;
});
after(async () => {
  await receiver.close();
  await t.close();
});

const call = (path: string, init: { method?: string; json?: unknown } = {}) =>
  fetch(`${t.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });

async function deliver(subject: string): Promise<string> {
  const response = await call('/api/v1/mailbox/messages', { method: 'POST', json: { recipient: { documentType: 'CI', documentNumber: '4567891 LP' }, subject, body: 'Texto.' } });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { id: string }).id;
}

describe('the sending agency', () => {
  it('lists what it sent, newest first, page by page, and fetches the signed receipt', async () => {
    const first = await deliver('Primera');
    const second = await deliver('Segunda');
    const page1 = (await (await call('/api/v1/mailbox/messages?limit=1')).json()) as { items: Array<{ id: string; subject: string }>; next: string | null };
    assert.deepEqual(
      page1.items.map((m) => m.id),
      [second],
    );
    assert.ok(page1.next);
    const page2 = (await (await call(`/api/v1/mailbox/messages?limit=1&cursor=${page1.next}`)).json()) as { items: Array<{ id: string }> };
    assert.deepEqual(
      page2.items.map((m) => m.id),
      [first],
    );
    const bad = await call('/api/v1/mailbox/messages?cursor=zzz');
    assert.equal(bad.status, 400);

    const receipt = await call(`/api/v1/mailbox/messages/${first}/receipt`);
    assert.equal(receipt.status, 200);
    assert.match(receipt.headers.get('content-type') ?? '', /application\/jose/);
    const { payload } = await compactVerify((await receipt.text()).trim(), createRemoteJWKSet(new URL(`${t.baseUrl}/auth/jwks`)));
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { messageId: string; subject: string };
    assert.deepEqual([claims.messageId, claims.subject], [first, 'Primera']);

    // Another agency's message is not found.
    await sql`UPDATE mailbox.message SET agency_code = 'SIN' WHERE id = ${second}`.execute(t.app.tambo.deps.db);
    assert.equal((await call(`/api/v1/mailbox/messages/${second}/receipt`)).status, 404);
    const mine = (await (await call('/api/v1/mailbox/messages')).json()) as { items: Array<{ id: string }> };
    assert.ok(!mine.items.some((m) => m.id === second));
  });

  it('hears by signed webhook when a message is opened or deemed notified', async () => {
    const saved = await call('/api/v1/mailbox/webhooks', { method: 'PUT', json: { url: receiver.url } });
    assert.equal(saved.status, 200, await saved.clone().text());
    const { secret, topics } = (await saved.json()) as { secret: string; topics: string[] };
    assert.deepEqual(topics, ['mailbox.message_opened', 'mailbox.message_deemed_notified']);

    const opened = await deliver('Para abrir');
    const unopened = await deliver('Sin abrir');
    const browser = new HttpSession();
    const page = await browser.follow(`${t.baseUrl}/ingresar?volver=/buzon`);
    const posted = await browser.submit(page.url, await page.response.text(), { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' });
    await browser.follow(new URL(posted.headers.get('location')!, page.url).toString());
    assert.equal((await browser.request(`${t.baseUrl}/buzon/${opened}`)).status, 200);
    await sql`UPDATE mailbox.message SET made_available_at = now() - interval '60 days' WHERE id = ${unopened}`.execute(t.app.tambo.deps.db);
    await recordDeemedNotifications(t.app.tambo.deps);
    await t.drain();

    const byMessage = (id: string) => receiver.received.filter((r) => r.json.messageId === id).map((r) => r.json.topic);
    assert.deepEqual(byMessage(opened), ['mailbox.message_opened']);
    assert.deepEqual(byMessage(unopened), ['mailbox.message_deemed_notified']);
    assert.ok(receiver.received.every((r) => hasValidSignature(r, secret)));
    assert.ok(!receiver.received.some((r) => r.body.includes('4567891')), 'no personal data in the body');
  });
});
