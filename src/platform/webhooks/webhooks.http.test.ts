// The platform's webhooks over real HTTP, against a receiver on this machine: Standard
// Webhooks signatures checked by an implementation written here from the specification and by
// openssl, replays detectable, the SSRF allow-list (at subscription and at delivery), retries
// then a failure in the delivery log, and secrets that the table does not hold in clear.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { createDb, type Db } from '../db/index.ts';
import { drainJobQueue, type JobHandler } from '../jobs/queue.ts';
import { guardedLookup, isAllowedAddress, RefusedAddressError } from './address.ts';
import { decryptSecret, webhookSecretsKey } from './secrets.ts';
import { deliverWebhook, enqueueWebhook, listWebhookDeliveries, saveWebhookSubscription, sealLegacyWebhookSecrets, WEBHOOK_JOB, WEBHOOK_MAX_ATTEMPTS } from './webhooks.ts';

const SESSION_SECRET = 'webhook-test-session-secret-of-enough-length';
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let database: TestDatabase;
let handle: Db;
let receiver: http.Server;
let base: string;
const received: Received[] = [];
/** Status the receiver answers, by path (200 when not listed). */
const answers = new Map<string, number>();

before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 3 });
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(answers.get(request.url ?? '') ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await handle.close();
  await database.drop();
});

const deps = (allowInsecure: boolean) => ({ db: handle.db, config: { demo: false, sessionSecret: SESSION_SECRET, webhookAllowInsecure: allowInsecure } });

async function drain(allowInsecure = true): Promise<void> {
  const handlers = new Map<string, JobHandler>([[WEBHOOK_JOB, (payload, { attempt }) => deliverWebhook(deps(allowInsecure), (payload as { deliveryId: number }).deliveryId, attempt)]]);
  await drainJobQueue(handle.pool, handlers);
}

async function subscribeAndSend(agency: string, path: string, options: { secret?: string; allowInsecure?: boolean } = {}) {
  const saved = await saveWebhookSubscription(deps(options.allowInsecure ?? true), {
    owner: { kind: 'agency', id: agency },
    module: 'reports',
    url: `${base}${path}`,
    topics: ['reports.routed'],
    secret: options.secret,
    isActive: true,
  });
  const ids = await handle.db
    .transaction()
    .execute((trx) => enqueueWebhook(trx, { owner: { kind: 'agency', id: agency }, topic: 'reports.routed', sourceKey: `event-${path}`, payload: { hello: agency, n: 1 } }));
  assert.equal(ids.length, 1);
  return { subscriptionId: saved.id, secret: saved.generatedSecret ?? options.secret!, deliveryId: ids[0]! };
}

const requestsTo = (path: string) => received.filter((r) => r.path === path);

// Written from the Standard Webhooks specification, independently of src/platform/webhooks.
function verifyStandard(secret: string, headers: http.IncomingHttpHeaders, body: string, nowSeconds: number): 'ok' | 'bad signature' | 'timestamp out of tolerance' {
  const id = String(headers['webhook-id']);
  const timestamp = Number(headers['webhook-timestamp']);
  if (Math.abs(nowSeconds - timestamp) > 5 * 60) return 'timestamp out of tolerance';
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  for (const part of String(headers['webhook-signature']).split(' ')) {
    const [version, signature] = part.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    if (version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)) return 'ok';
  }
  return 'bad signature';
}

describe('platform webhooks', () => {
  it('signs as Standard Webhooks (checked here and by openssl), with the old X-Tambo-Signature beside it', async () => {
    const { secret } = await subscribeAndSend('SIGNED', '/signed');
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    await drain();
    const [got] = requestsTo('/signed');
    assert.ok(got, 'the receiver got the delivery');
    assert.deepEqual(JSON.parse(got.body), { hello: 'SIGNED', n: 1 });
    assert.match(String(got.headers['webhook-id']), /^msg_[0-9a-f]{32}$/);
    assert.equal(verifyStandard(secret, got.headers, got.body, Math.floor(Date.now() / 1000)), 'ok');
    const signedContent = `${got.headers['webhook-id']}.${got.headers['webhook-timestamp']}.${got.body}`;
    const hexKey = Buffer.from(secret.slice('whsec_'.length), 'base64').toString('hex');
    const byOpenssl = execFileSync('openssl', ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`, '-binary'], { input: signedContent });
    assert.equal(got.headers['webhook-signature'], `v1,${byOpenssl.toString('base64')}`);
    // Before Standard Webhooks, agencies typed a text secret: the old header is its HMAC of the body.
    const typed = 'agency-typed-secret-0123456789';
    await subscribeAndSend('LEGACY', '/legacy', { secret: typed });
    await drain();
    const [old] = requestsTo('/legacy');
    const legacyBySsl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', typed, '-r'], { input: old!.body }).toString().split(' ')[0];
    assert.equal(old!.headers['x-tambo-signature'], `sha256=${legacyBySsl}`);
    assert.equal(verifyStandard(`whsec_${Buffer.from(typed).toString('base64')}`, old!.headers, old!.body, Math.floor(Date.now() / 1000)), 'ok');
  });

  it('makes a replay detectable: an old timestamp is out of tolerance, a fresh one breaks the signature', async () => {
    const { secret } = await subscribeAndSend('REPLAY', '/replay');
    await drain();
    const [got] = requestsTo('/replay');
    const sentAt = Number(got!.headers['webhook-timestamp']);
    assert.ok(Math.abs(sentAt - Date.now() / 1000) < 60);
    assert.equal(verifyStandard(secret, got!.headers, got!.body, sentAt + 10 * 60), 'timestamp out of tolerance');
    const refreshed = { ...got!.headers, 'webhook-timestamp': String(sentAt + 10 * 60) };
    assert.equal(verifyStandard(secret, refreshed, got!.body, sentAt + 10 * 60), 'bad signature');
  });

  it('refuses loopback, metadata and private addresses and plain http outside the insecure mode', async () => {
    const save = (url: string) => saveWebhookSubscription(deps(false), { owner: { kind: 'agency', id: 'SSRF' }, module: 'reports', url, topics: ['reports.routed'], isActive: true });
    const refused = async (url: string, key: string) =>
      assert.rejects(save(url), (error: { code?: string; fields?: Array<{ field: string; messageKey: string }> }) => {
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.deepEqual(error.fields, [{ field: '/url', messageKey: `webhooks.errors.url.${key}` }], url);
        return true;
      });
    await refused('https://127.0.0.1/hook', 'address');
    await refused('https://169.254.169.254/latest/meta-data/', 'address');
    await refused('https://[::1]/hook', 'address');
    await refused('https://[::ffff:127.0.0.1]/hook', 'address');
    await refused('https://10.1.2.3/hook', 'address');
    await refused('https://localhost/hook', 'address');
    await refused('http://203.0.113.9/hook', 'scheme');
    await refused('https://user:pw@8.8.8.8/hook', 'invalid');
    for (const address of ['127.0.0.1', '169.254.169.254', '::1', '::ffff:a9fe:a9fe', 'fe80::1', 'fd00::1', '192.168.1.1', '172.16.0.1', '100.64.0.1', '0.0.0.0', '::']) {
      assert.equal(isAllowedAddress(address, { allowInsecure: false }), false, address);
    }
    for (const address of ['8.8.8.8', '2001:4860:4860::8888', '172.32.0.1']) assert.equal(isAllowedAddress(address, { allowInsecure: false }), true, address);
    // Names are resolved and every address checked when the connection is made.
    const lookup = guardedLookup({ allowInsecure: false });
    const error = await new Promise<unknown>((resolve) => lookup('localhost', {}, (e) => resolve(e)));
    assert.ok(error instanceof RefusedAddressError);
  });

  it('checks the address again at delivery time, so nothing reaches a refused one', async () => {
    const { deliveryId, subscriptionId } = await subscribeAndSend('REBOUND', '/rebound');
    await drain(false);
    assert.equal(requestsTo('/rebound').length, 0);
    const [logged] = await listWebhookDeliveries(handle.db, subscriptionId);
    assert.equal(logged!.id, deliveryId);
    assert.equal(logged!.status, 'pending');
    assert.equal(logged!.attempts, 1);
    assert.match(logged!.lastError ?? '', /^(address refused|url scheme)$/);
  });

  it('retries a failing receiver with back-off, then logs the delivery as failed', async () => {
    answers.set('/failing', 503);
    const { subscriptionId, deliveryId } = await subscribeAndSend('FAILING', '/failing');
    await drain();
    let [log] = await listWebhookDeliveries(handle.db, subscriptionId);
    assert.deepEqual([log!.status, log!.attempts, log!.lastStatusCode, log!.lastError], ['pending', 1, 503, 'HTTP 503']);
    const job = async () =>
      (await sql<{ later: boolean; attempts: number }>`SELECT run_at > now() AS later, attempts FROM graphile_worker._private_jobs WHERE key = ${`webhook-delivery-${deliveryId}`}`.execute(handle.db))
        .rows[0];
    assert.equal((await job())!.later, true, 'the retry waits for the back-off');
    await sql`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${`webhook-delivery-${deliveryId}`}`.execute(handle.db);
    await drain();
    [log] = await listWebhookDeliveries(handle.db, subscriptionId);
    assert.deepEqual([log!.status, log!.attempts], ['pending', 2]);
    assert.equal(requestsTo('/failing').length, 2);
    // Skip to the last attempt through the data, not by waiting a day.
    await sql`UPDATE graphile_worker._private_jobs SET run_at = now(), attempts = ${WEBHOOK_MAX_ATTEMPTS - 1} WHERE key = ${`webhook-delivery-${deliveryId}`}`.execute(handle.db);
    await drain();
    [log] = await listWebhookDeliveries(handle.db, subscriptionId);
    assert.deepEqual([log!.status, log!.attempts, log!.lastError], ['failed', 3, 'HTTP 503']);
    const kept = await sql<{ body: string | null }>`SELECT body FROM platform.webhook_delivery WHERE id = ${deliveryId}`.execute(handle.db);
    assert.equal(kept.rows[0]!.body, null, 'a failed delivery keeps no personal data');
    // The job keeps its permanent failure (for the queue's failure reports) and is not run again.
    assert.equal((await job())!.attempts, WEBHOOK_MAX_ATTEMPTS, 'no attempt is left');
    // Every attempt carried the same webhook-id, so the receiver can drop repeats.
    assert.equal(new Set(requestsTo('/failing').map((r) => r.headers['webhook-id'])).size, 1);
  });

  it('logs a delivered message and drops its body, and never sends it twice', async () => {
    const { subscriptionId, deliveryId } = await subscribeAndSend('ONCE', '/once');
    await drain();
    const [log] = await listWebhookDeliveries(handle.db, subscriptionId);
    assert.deepEqual([log!.status, log!.attempts, log!.lastStatusCode, log!.lastError], ['delivered', 1, 200, null]);
    const body = await sql<{ body: string | null }>`SELECT body FROM platform.webhook_delivery WHERE id = ${deliveryId}`.execute(handle.db);
    assert.equal(body.rows[0]!.body, null);
    await deliverWebhook(deps(true), deliveryId, 2);
    assert.equal(requestsTo('/once').length, 1);
    const again = await handle.db.transaction().execute((trx) => enqueueWebhook(trx, { owner: { kind: 'agency', id: 'ONCE' }, topic: 'reports.routed', sourceKey: 'event-/once', payload: {} }));
    assert.deepEqual(again, [], 'the same source key is enqueued once');
  });

  it('sends nothing when the secret cannot be decrypted (SESSION_SECRET changed), and logs why', async () => {
    const { subscriptionId } = await subscribeAndSend('ROTATED', '/rotated');
    const otherConfig = { demo: false, sessionSecret: 'a-different-session-secret-of-enough-length', webhookAllowInsecure: true };
    const handlers = new Map<string, JobHandler>([
      [WEBHOOK_JOB, (payload, { attempt }) => deliverWebhook({ db: handle.db, config: otherConfig }, (payload as { deliveryId: number }).deliveryId, attempt)],
    ]);
    await drainJobQueue(handle.pool, handlers);
    assert.equal(requestsTo('/rotated').length, 0);
    const [log] = await listWebhookDeliveries(handle.db, subscriptionId);
    assert.deepEqual([log!.status, log!.attempts, log!.lastError], ['pending', 1, 'secret unreadable']);
  });

  it('keeps secrets encrypted at rest, and encrypts secrets moved in clear at the next start', async () => {
    const typed = 'a-secret-nobody-should-read-in-the-table';
    const { subscriptionId } = await subscribeAndSend('CLEAR', '/clear', { secret: typed });
    const row = async (id: number) =>
      (await sql<{ secret_encrypted: string | null; secret_legacy: string | null }>`SELECT secret_encrypted, secret_legacy FROM platform.webhook_subscription WHERE id = ${id}`.execute(handle.db))
        .rows[0]!;
    const stored = await row(subscriptionId);
    assert.equal(stored.secret_legacy, null);
    const dump = JSON.stringify(await sql`SELECT * FROM platform.webhook_subscription`.execute(handle.db));
    for (const form of [typed, Buffer.from(typed).toString('base64'), Buffer.from(typed).toString('hex')]) assert.ok(!dump.includes(form), `the table holds ${form}`);
    assert.equal(decryptSecret(webhookSecretsKey(SESSION_SECRET), stored.secret_encrypted!).toString(), typed);
    assert.throws(() => decryptSecret(webhookSecretsKey('another-session-secret-of-enough-length'), stored.secret_encrypted!));
    // A migration moving subscriptions from an older table leaves the secret in secret_legacy.
    const moved = await sql<{ id: number }>`INSERT INTO platform.webhook_subscription (owner_kind, owner_id, module, url, topics, secret_legacy)
      VALUES ('agency', 'MOVED', 'reports', 'https://8.8.8.8/hook', ARRAY['reports.routed'], ${typed}) RETURNING id`.execute(handle.db);
    const movedId = Number(moved.rows[0]!.id);
    assert.ok((await sealLegacyWebhookSecrets(handle.db, { sessionSecret: SESSION_SECRET })) >= 1);
    const sealed = await row(movedId);
    assert.equal(sealed.secret_legacy, null);
    assert.equal(decryptSecret(webhookSecretsKey(SESSION_SECRET), sealed.secret_encrypted!).toString(), typed);
  });
});
