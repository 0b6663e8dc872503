// A ballot refused through the API with the documented reason (issue #9: every code the
// operation documents is answered by the live route): no such consultation, not open yet,
// over budget, no territory, a reused Idempotency-Key, closed (early, while the voting path's
// memo still holds the consultation open), changed after the close.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { closeVoting, countRows, makeConsultation, makeVoter, postBallot, voterToken } from './consultations.test-helpers.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true });
});
after(async () => t.close());

describe('consultations API refusals', () => {
  const deps = () => t.app.tambo.deps;
  const post = (token: string | undefined, id: string, body: unknown, headers: Record<string, string> = {}) => postBallot(t.baseUrl, token, id, body, headers);
  const count = (table: string, consultationId: string) => countRows(deps(), table, consultationId);

  it('refuses a ballot with the reason: no such consultation, not open yet, over budget, no territory, a reused key, closed, changed after the close', async () => {
    const codeOf = async (response: Response, status: number) => {
      assert.equal(response.status, status);
      return ((await response.json()) as { code: string }).code;
    };
    const token = await voterToken(t, await makeVoter(deps()));
    assert.equal(await codeOf(await post(token, randomUUID(), { choices: [randomUUID()] }), 404), 'CONSULTATIONS_NOT_FOUND');
    const early = await makeConsultation(deps(), { phase: 'proposals' });
    assert.equal(await codeOf(await post(token, early.id, { choices: [early.proposals['BO-L-01-02']![0]!.id] }), 409), 'CONSULTATIONS_NOT_OPEN');
    // Knapsack: the chosen proposals (50 + 60) cost more than El Alto's budget (100).
    const knapsack = await makeConsultation(deps(), { ballotRule: 'knapsack' });
    const [p50, , , p60] = knapsack.proposals['BO-L-01-02']!;
    assert.equal(await codeOf(await post(token, knapsack.id, { choices: [p50!.id, p60!.id] }), 422), 'CONSULTATIONS_BALLOT_OVER_BUDGET');
    const nowhere = await voterToken(t, await makeVoter(deps(), null));
    assert.equal(await codeOf(await post(nowhere, knapsack.id, { choices: [p50!.id] }), 403), 'CONSULTATIONS_NO_TERRITORY');
    const c = await makeConsultation(deps());
    const [a, b] = c.proposals['BO-L-01-02']!;
    const cast = await post(token, c.id, { choices: [a!.id] }, { 'idempotency-key': 'ballot-refusals-1' });
    assert.equal(cast.status, 201);
    const { receipt } = (await cast.json()) as { receipt: string };
    assert.equal(await codeOf(await post(token, c.id, { choices: [b!.id] }, { 'idempotency-key': 'ballot-refusals-1' }), 422), 'IDEMPOTENCY_KEY_REUSED');
    // An early close, just after the ballot above read the consultation by its id (the voting
    // path keeps it in a memo for 5 s): a ballot or a change by the same id at once is refused,
    // since the write checks the stored close time; by its slug as well.
    const late = await voterToken(t, await makeVoter(deps()));
    await closeVoting(deps(), c.id);
    assert.equal(await codeOf(await post(late, c.id, { choices: [a!.id] }), 409), 'CONSULTATIONS_CLOSED');
    assert.equal(await codeOf(await post(token, c.id, { choices: [b!.id], receipt }), 409), 'CONSULTATIONS_WRONG_PHASE');
    assert.equal(await codeOf(await post(late, c.slug, { choices: [a!.id] }), 409), 'CONSULTATIONS_CLOSED');
    assert.equal(await codeOf(await post(token, c.slug, { choices: [b!.id], receipt }), 409), 'CONSULTATIONS_WRONG_PHASE');
    // The published ballots and results of a consultation that does not exist.
    for (const path of ['ballots', 'results']) assert.equal(await codeOf(await fetch(`${t.baseUrl}/api/v1/consultations/${randomUUID()}/${path}`), 404), 'CONSULTATIONS_NOT_FOUND');
    assert.equal((await count('poll_book', c.id)) + (await count('poll_book', knapsack.id)) + (await count('poll_book', early.id)), 1, 'only the one ballot cast');
  });
});
