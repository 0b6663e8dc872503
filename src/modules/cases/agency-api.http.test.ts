// The agency's own system over real HTTP (client credentials, machine rights): the feed of its
// cases' changes, its webhook subscription receiving signed `cases.*` deliveries, and
// transitions it makes by itself — only on its agency's cases, audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { hasValidSignature, startWebhookReceiver, type WebhookReceiver } from '../../../test/helpers/webhook-receiver.ts';
import { CasesHarness } from './cases.test-helpers.ts';

const h = new CasesHarness();
const DEMO_RP = { id: 'demo-rp', secret: 'demo-rp-secret' };
let receiver: WebhookReceiver;

before(async () => {
  await h.startWith({ config: { webhookAllowInsecure: true } });
  receiver = await startWebhookReceiver();
});
after(async () => {
  await receiver.close();
  await h.close();
});

async function clientToken(client: { id: string; secret: string }, scope: string): Promise<string> {
  const response = await fetch(`${h.t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { access_token: string }).access_token;
}

const call = (path: string, token: string, init: { method?: string; json?: unknown } = {}) =>
  fetch(`${h.t.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });

interface Change {
  eventId: string;
  trackingCode: string;
  action: string;
  state: string;
  outcome: string | null;
}
interface FeedPage {
  items: Change[];
  next: string;
  hasMore: boolean;
}

/**
 * The feed page after `since`, polled until a change shows: the feed hands out a change only
 * once every older transaction of the server has ended (the tests of other files share it).
 */
async function feedPage(token: string, query: string): Promise<FeedPage> {
  for (let tries = 0; ; tries += 1) {
    const page = (await (await call(`/api/v1/agency/cases?${query}`, token)).json()) as FeedPage;
    if (page.items.length > 0 || tries >= 100) return page;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('agency system', () => {
  it('reads a cursor-paged feed of its own cases, each change once, and refuses tokens without the right', async () => {
    const token = await clientToken(DEMO_RP, 'cases:feed');
    const first = (await (await call('/api/v1/agency/cases?limit=500', token)).json()) as FeedPage;
    const code = await h.applyOnline();
    const other = await h.applyOnline('certificado-otra');
    const page = await feedPage(token, `since=${first.next}&limit=1`);
    assert.equal(page.items.length, 1);
    assert.deepEqual([page.items[0]!.trackingCode, page.items[0]!.action], [code, 'submit']);
    assert.ok(!JSON.stringify(page).includes(other), "another agency's case never comes");
    const rest = (await (await call(`/api/v1/agency/cases?since=${page.next}`, token)).json()) as FeedPage;
    assert.equal(rest.items.length, 0);
    assert.equal(rest.next, page.next, 'the cursor stays while nothing new happens');

    const bad = await call('/api/v1/agency/cases?since=nonsense', token);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { errors: Array<{ pointer: string }> }).errors[0]!.pointer, '/since');
    const mailOnly = await call('/api/v1/agency/cases', await clientToken(DEMO_RP, 'mailbox:send'));
    assert.equal(mailOnly.status, 403);
    assert.equal(((await mailOnly.json()) as { code: string }).code, 'INSUFFICIENT_SCOPE');
    assert.equal((await fetch(`${h.t.baseUrl}/api/v1/agency/cases`)).status, 401);

    // The writes with a valid body: no token, then a token without the right.
    const writes = [
      ['PUT', '/api/v1/agency/webhooks/cases', { url: receiver.url }],
      ['POST', `/api/v1/agency/cases/${code}/transitions`, { transition: 'take' }],
    ] as const;
    for (const [method, path, json] of writes) {
      const anonymous = await fetch(`${h.t.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
      assert.deepEqual([anonymous.status, ((await anonymous.json()) as { code: string }).code], [401, 'UNAUTHENTICATED'], path);
      const wrong = await call(path, await clientToken(DEMO_RP, 'mailbox:send'), { method, json });
      assert.deepEqual([wrong.status, ((await wrong.json()) as { code: string }).code], [403, 'INSUFFICIENT_SCOPE'], path);
    }
    const untouched = await call(`/api/v1/agency/cases?since=${page.next}`, token);
    assert.equal(((await untouched.json()) as FeedPage).items.length, 0, 'the refused transition moved nothing');
  });

  it('subscribes to cases.*, moves its cases by itself, and receives signed webhooks for each change', async () => {
    const feedToken = await clientToken(DEMO_RP, 'cases:feed');
    const saved = await call('/api/v1/agency/webhooks/cases', feedToken, { method: 'PUT', json: { url: receiver.url } });
    assert.equal(saved.status, 200, await saved.clone().text());
    const { secret, topics } = (await saved.json()) as { secret: string; topics: string[] };
    assert.deepEqual(topics, ['cases.submitted', 'cases.state_changed', 'cases.decided']);
    assert.match(secret, /^whsec_/);

    const code = await h.applyOnline();
    const handle = await clientToken(DEMO_RP, 'cases:handle');
    const take = await call(`/api/v1/agency/cases/${code}/transitions`, handle, { method: 'POST', json: { transition: 'take' } });
    assert.equal(take.status, 200, await take.clone().text());
    const noReason = await call(`/api/v1/agency/cases/${code}/transitions`, handle, { method: 'POST', json: { transition: 'approve' } });
    assert.equal(noReason.status, 400);
    const approve = await call(`/api/v1/agency/cases/${code}/transitions`, handle, { method: 'POST', json: { transition: 'approve', reason: 'Cumple los requisitos.' } });
    assert.equal(approve.status, 200, await approve.clone().text());
    assert.equal(((await approve.json()) as { outcome: string }).outcome, 'approved');
    const again = await call(`/api/v1/agency/cases/${code}/transitions`, handle, { method: 'POST', json: { transition: 'take' } });
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { code: string }).code, 'CASES_TRANSITION_NOT_ALLOWED');
    const other = await h.applyOnline('certificado-otra');
    const foreign = await call(`/api/v1/agency/cases/${other}/transitions`, handle, { method: 'POST', json: { transition: 'take' } });
    assert.equal(foreign.status, 404, "another agency's case is not found");
    assert.equal(((await foreign.json()) as { code: string }).code, 'CASES_NOT_FOUND');

    const audit = await sql<{ actor_type: string; actor_id: string }>`
      SELECT actor_type, actor_id FROM audit.entry WHERE action = 'cases.case_transitioned' AND data->>'trackingCode' = ${code}`.execute(h.t.app.tambo.deps.db);
    assert.deepEqual(
      audit.rows.map((r) => [r.actor_type, r.actor_id]),
      [
        ['client', 'demo-rp'],
        ['client', 'demo-rp'],
      ],
    );

    await h.t.drain();
    const mine = receiver.received.filter((r) => r.json.trackingCode === code);
    assert.deepEqual(mine.map((r) => String(r.json.topic)).sort(), ['cases.decided', 'cases.state_changed', 'cases.state_changed', 'cases.submitted']);
    const decided = mine.find((r) => r.json.topic === 'cases.decided')!;
    assert.equal(decided.json.outcome, 'approved');
    assert.ok(!receiver.received.some((r) => r.body.includes(other)), 'nothing of another agency');
    assert.ok(
      mine.every((r) => hasValidSignature(r, secret)),
      'signed as docs/webhooks.md says (Standard Webhooks)',
    );
    assert.ok(!decided.body.includes('ciudadana'), 'no personal data in the body');
  });
  it('holds under the parallel burst and the retried request, and refuses a NUL byte and an oversized body', async () => {
    const handle = await clientToken(DEMO_RP, 'cases:handle');
    const code = await h.applyOnline();
    // A system that retries: forty identical "take" requests at once move the case once.
    const takes = await Promise.all(Array.from({ length: 40 }, () => call(`/api/v1/agency/cases/${code}/transitions`, handle, { method: 'POST', json: { transition: 'take' } })));
    const statuses = takes.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 200).length, 1, `one take wins: ${statuses.join(',')}`);
    assert.ok(
      statuses.every((s) => s === 200 || s === 409),
      `the others are told the transition is not allowed now: ${statuses.join(',')}`,
    );
    const db = h.t.app.tambo.deps.db;
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'cases.case_transitioned' AND data->>'trackingCode' = ${code}`.execute(db);
    assert.equal(audited.rows[0]!.n, 1, 'audited once');
    const stateOf = async () => (await sql<{ state: string }>`SELECT state FROM cases.case WHERE tracking_code = ${code}`.execute(db)).rows[0]!.state;
    const taken = await stateOf();

    const nul = await call(`/api/v1/agency/cases/${code}/transitions`, handle, { method: 'POST', json: { transition: 'approve', reason: 'Cumple\u0000 los requisitos.' } });
    assert.equal(nul.status, 400, await nul.clone().text());
    assert.equal(((await nul.json()) as { code: string }).code, 'NUL_CHARACTER');
    const huge = await call(`/api/v1/agency/cases/${code}/transitions`, handle, { method: 'POST', json: { transition: 'approve', reason: 'x'.repeat(2_000_000) } });
    assert.equal(huge.status, 413);
    assert.equal(await stateOf(), taken, 'neither moved the case');

    // Forty identical subscriptions at once leave one subscription, audited once per save that changed it.
    const feedToken = await clientToken(DEMO_RP, 'cases:feed');
    const saves = await Promise.all(
      Array.from({ length: 40 }, () => call('/api/v1/agency/webhooks/cases', feedToken, { method: 'PUT', json: { url: receiver.url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } })),
    );
    assert.deepEqual([...new Set(saves.map((r) => r.status))], [200]);
    assert.equal(new Set(await Promise.all(saves.map(async (r) => ((await r.json()) as { id: number }).id))).size, 1, 'one subscription');
  });
});
