import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { modules } from '../../modules.ts';
import { defineModule } from '../module.ts';
import { parseSchedule } from '../jobs/queue.ts';
import { dispatchEvents, emitEvent, eventJobName, pruneOutbox, type DomainEvent } from './outbox.ts';

const TOPIC = 'outbox_test.thing_happened';
const FLAKY_TOPIC = 'outbox_test.flaky_thing';

const received: Array<{ subscriber: string; event: DomainEvent }> = [];
let flakyFailures = 0;

const outboxTestModule = defineModule({
  name: 'outbox_test',
  eventHandlers: {
    [TOPIC]: {
      first: async (event) => void received.push({ subscriber: 'first', event }),
      second: async (event) => void received.push({ subscriber: 'second', event }),
    },
    [FLAKY_TOPIC]: {
      flaky: async (event) => {
        received.push({ subscriber: 'flaky', event });
        if (flakyFailures > 0) {
          flakyFailures -= 1;
          throw new Error('the mail server did not answer');
        }
      },
    },
  },
});

let t: TestApp;

function drain(): Promise<void> {
  return t.drain();
}

before(async () => {
  t = await buildTestApp({ app: { modules: [...modules, outboxTestModule] } });
});
after(async () => t.close());

beforeEach(async () => {
  const { db } = t.app.tambo.deps;
  await drain();
  await sql`DELETE FROM graphile_worker._private_jobs`.execute(db);
  await sql`UPDATE platform.outbox SET dispatched_at = now() WHERE dispatched_at IS NULL`.execute(db);
  received.length = 0;
  flakyFailures = 0;
});

interface JobRow {
  task: string;
  key: string | null;
  attempts: number;
  run_at: Date;
  last_error: string | null;
}

async function jobs(): Promise<JobRow[]> {
  const result = await sql<JobRow>`
    SELECT t.identifier AS task, j.key, j.attempts, j.run_at, j.last_error, j.locked_at
      FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     ORDER BY j.id`.execute(t.app.tambo.deps.db);
  return result.rows;
}

async function pendingEvents(): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM platform.outbox WHERE dispatched_at IS NULL`.execute(t.app.tambo.deps.db);
  return result.rows[0]!.n;
}

describe('outbox', () => {
  it('registers one job per subscriber of each topic', () => {
    assert.deepEqual(t.app.tambo.subscribers.get(TOPIC), ['outbox_test.first', 'outbox_test.second']);
    assert.ok(t.app.tambo.jobHandlers.has(eventJobName(TOPIC, 'outbox_test.first')));
  });

  it('an event emitted in a transaction that rolls back leaves nothing', async () => {
    const { db } = t.app.tambo.deps;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await emitEvent(trx, TOPIC, { n: 1 });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal(await pendingEvents(), 0);
    assert.equal(await dispatchEvents(db, t.app.tambo.subscribers), 0);
    await drain();
    assert.deepEqual(received, []);
    assert.deepEqual(await jobs(), []);
  });

  it('a committed event reaches each subscriber exactly once', async () => {
    const { db } = t.app.tambo.deps;
    const id = await db.transaction().execute((trx) => emitEvent(trx, TOPIC, { thing: 'abc', count: 2 }));
    assert.equal(await pendingEvents(), 1);
    await drain();
    assert.deepEqual(received.map((r) => r.subscriber).sort(), ['first', 'second']);
    for (const { event } of received) {
      assert.equal(event.id, id);
      assert.equal(event.topic, TOPIC);
      assert.deepEqual(event.payload, { thing: 'abc', count: 2 });
      assert.ok(!Number.isNaN(new Date(event.createdAt).getTime()));
    }
    assert.equal(await pendingEvents(), 0);
    assert.deepEqual(await jobs(), [], 'finished jobs are gone');
    await drain();
    assert.equal(received.length, 2, 'draining again delivers nothing more');
  });

  it('a handler that fails is retried later, with back-off, and then succeeds', async () => {
    const { db } = t.app.tambo.deps;
    flakyFailures = 1;
    await db.transaction().execute((trx) => emitEvent(trx, FLAKY_TOPIC, { to: 'someone' }));
    const before = Date.now();
    await drain();
    assert.equal(received.length, 1, 'tried once');
    const [failed] = await jobs();
    assert.ok(failed, 'the job is kept for a retry');
    assert.equal(failed.task, eventJobName(FLAKY_TOPIC, 'outbox_test.flaky'));
    assert.equal(failed.attempts, 1);
    assert.match(failed.last_error ?? '', /the mail server did not answer/);
    assert.ok(failed.run_at.getTime() > before + 1000, 'the retry is scheduled in the future');

    await drain();
    assert.equal(received.length, 1, 'not retried before its time');

    await sql`UPDATE graphile_worker._private_jobs SET run_at = now()`.execute(db);
    await drain();
    assert.equal(received.length, 2, 'retried once more');
    assert.deepEqual(await jobs(), [], 'and done');
    assert.equal(received[0]!.event.id, received[1]!.event.id);
  });

  it('dispatching from two places at once creates each job once', async () => {
    const { db } = t.app.tambo.deps;
    const count = 30;
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < count; i += 1) await emitEvent(trx, TOPIC, { i });
    });
    const results = await Promise.all([dispatchEvents(db, t.app.tambo.subscribers, 20), dispatchEvents(db, t.app.tambo.subscribers, 20), dispatchEvents(db, t.app.tambo.subscribers, 20)]);
    const more = await dispatchEvents(db, t.app.tambo.subscribers);
    assert.equal(results.reduce((a, b) => a + b, 0) + more, count, `dispatched ${results.join('+')}+${more}`);
    const queued = await jobs();
    assert.equal(queued.length, count * 2);
    assert.equal(new Set(queued.map((j) => j.key)).size, count * 2, 'one job per event and subscriber');
    await drain();
    assert.equal(received.length, count * 2);
    const perSubscriber = (name: string) =>
      received
        .filter((r) => r.subscriber === name)
        .map((r) => (r.event.payload as { i: number }).i)
        .sort((a, b) => a - b);
    const expected = Array.from({ length: count }, (_, i) => i);
    assert.deepEqual(perSubscriber('first'), expected);
    assert.deepEqual(perSubscriber('second'), expected);
  });

  it('events of a topic nobody listens to are marked dispatched without jobs', async () => {
    const { db } = t.app.tambo.deps;
    await db.transaction().execute((trx) => emitEvent(trx, 'outbox_test.unheard', {}));
    assert.equal(await dispatchEvents(db, t.app.tambo.subscribers), 1);
    assert.equal(await pendingEvents(), 0);
    assert.deepEqual(await jobs(), []);
  });

  it('pruning deletes only events dispatched more than a week ago', async () => {
    const { db } = t.app.tambo.deps;
    await db.transaction().execute(async (trx) => {
      await emitEvent(trx, 'outbox_test.old', { age: 'old' });
      await emitEvent(trx, 'outbox_test.recent', { age: 'recent' });
      await emitEvent(trx, 'outbox_test.pending', { age: 'pending' });
    });
    await sql`UPDATE platform.outbox SET dispatched_at = now() - interval '8 days' WHERE topic = 'outbox_test.old'`.execute(db);
    await sql`UPDATE platform.outbox SET dispatched_at = now() - interval '6 days' WHERE topic = 'outbox_test.recent'`.execute(db);
    await sql`UPDATE platform.outbox SET dispatched_at = NULL WHERE topic = 'outbox_test.pending'`.execute(db);
    assert.ok((await pruneOutbox(db)) >= 1);
    const left = await sql<{ topic: string }>`SELECT topic FROM platform.outbox WHERE topic IN ('outbox_test.old', 'outbox_test.recent', 'outbox_test.pending') ORDER BY topic`.execute(db);
    assert.deepEqual(
      left.rows.map((r) => r.topic),
      ['outbox_test.pending', 'outbox_test.recent'],
    );
  });
});

describe('recurring jobs', () => {
  it('every scheduled job has a handler and a valid crontab line, the outbox pruning among them', () => {
    const { schedule, jobHandlers } = t.app.tambo;
    assert.ok(schedule.some((s) => s.job === 'platform:prune_outbox'));
    assert.ok(schedule.some((s) => s.job === 'identity:delete_expired_oidc_records'));
    for (const { job } of schedule) assert.ok(jobHandlers.has(job), `${job} has a handler`);
    assert.doesNotThrow(() => parseSchedule(schedule));
    assert.throws(() => parseSchedule([{ job: 'platform:prune_outbox', when: 'every day' }]));
  });
});
