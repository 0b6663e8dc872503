// Job failures are visible: each failed attempt is logged (without the payload) and counted,
// a permanent failure is counted apart, shown at /metrics on the metrics port only, and
// reaches every platform administrator's mailbox once, through platform.job_failed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { modules } from '../src/modules.ts';
import { freePort } from '../src/platform/db/embedded.ts';
import { describeError, workerLogger } from '../src/platform/jobs/failures.ts';
import { enqueueJob } from '../src/platform/jobs/queue.ts';
import { defineModule } from '../src/platform/module.ts';
import { Metrics } from '../src/platform/http/metrics.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';

const SECRET_PAYLOAD = '4455667 LP';
let failuresSoFar = 0;

const failingModule = defineModule({
  name: 'failing_test',
  jobs: {
    explode: async () => {
      failuresSoFar += 1;
      throw new Error('the test job always fails');
    },
    database: async (_payload, deps) => {
      // A database error whose text would quote the value.
      await sql`SELECT ${SECRET_PAYLOAD}::uuid`.execute(deps.db);
    },
  },
});

describe('job failures', () => {
  let t: TestApp;
  const lines: string[] = [];
  let metricsPort = 0;
  const metrics = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  /** Makes the job's next attempt due now (the queue's back-off would wait seconds). */
  const dueNow = () => sql`UPDATE graphile_worker._private_jobs SET run_at = now() - interval '1 second'`.execute(t.app.tambo.deps.db);
  const logged = () => lines.map((line) => JSON.parse(line) as { level: number; msg: string; job?: string; attempt?: number; error?: Record<string, unknown> });
  const adminMessages = async () =>
    (
      await sql<{ subject: string; body: string; email: string }>`
        SELECT m.subject, m.body, a.email FROM mailbox.message m JOIN identity.account a ON a.id = m.recipient_account_id
         WHERE m.client_id = 'tambo:platform' ORDER BY a.email`.execute(t.app.tambo.deps.db)
    ).rows;

  before(async () => {
    metricsPort = await freePort();
    t = await buildTestApp({
      config: { metricsPort },
      env: { LOG_LEVEL: 'info' },
      app: { modules: [...modules, failingModule], logStream: { write: (line: string) => void lines.push(line) } },
    });
    await t.app.tambo.seed();
    // The seed's own jobs (open data's publications among them) first: a drain that works
    // them after the failing job's first attempt could outlast its retry delay (e s) and run it twice.
    await t.drain();
  });
  after(async () => t.close());

  it('logs and counts each failed attempt; the last one alerts every platform admin once', async () => {
    const { db } = t.app.tambo.deps;
    await db.transaction().execute((trx) => enqueueJob(trx, 'failing_test:explode', { document: SECRET_PAYLOAD }, { maxAttempts: 2 }));
    await t.drain();
    assert.equal(failuresSoFar, 1);
    const first = logged().filter((l) => l.job === 'failing_test:explode');
    assert.equal(first.length, 1);
    assert.equal(first[0]!.level, 40, 'a failure that will be retried is a warning');
    assert.equal(first[0]!.attempt, 1);
    assert.deepEqual(first[0]!.error, { kind: 'Error', message: 'the test job always fails' });
    assert.match(await metrics(), /^tambo_job_failures_total\{job="failing_test:explode"\} 1$/m);
    assert.match(await metrics(), /^tambo_jobs_retrying\{job="failing_test:explode"\} 1$/m);
    assert.deepEqual(await adminMessages(), [], 'no alert while it will be retried');

    await dueNow();
    await t.drain();
    await t.drain(); // the event the last attempt emitted, then the mailbox's job
    assert.equal(failuresSoFar, 2);
    const last = logged()
      .filter((l) => l.job === 'failing_test:explode')
      .at(-1)!;
    assert.equal(last.level, 50, 'a permanent failure is an error');
    assert.match(last.msg, /failed permanently after 2 attempt/);
    const text = await metrics();
    assert.match(text, /^tambo_job_failures_total\{job="failing_test:explode"\} 2$/m);
    assert.match(text, /^tambo_job_permanent_failures_total\{job="failing_test:explode"\} 1$/m);
    assert.match(text, /^tambo_jobs_failed\{job="failing_test:explode"\} 1$/m);
    assert.match(text, /^# TYPE tambo_job_permanent_failures_total counter$/m);

    const alerts = await adminMessages();
    assert.ok(alerts.length >= 1, 'the platform admins are alerted');
    assert.ok(alerts.some((a) => a.email === 'admin@demo.tambo'));
    for (const alert of alerts) {
      assert.match(alert.subject, /failing_test:explode/);
      assert.match(alert.body, /2 intentos/);
      assert.doesNotMatch(alert.body, new RegExp(SECRET_PAYLOAD));
    }
    await dueNow();
    await t.drain();
    assert.equal(failuresSoFar, 2, 'a job that failed for good does not run again');
    assert.equal((await adminMessages()).length, alerts.length, 'once per failure and admin, however often the jobs run');
    assert.ok(!lines.some((line) => line.includes(SECRET_PAYLOAD)), 'the payload is never logged');
  });

  it("a database error is logged by its code, without the text that quotes the row's values", async () => {
    const { db } = t.app.tambo.deps;
    await db.transaction().execute((trx) => enqueueJob(trx, 'failing_test:database', {}, { maxAttempts: 1 }));
    await t.drain();
    const line = logged().find((l) => l.job === 'failing_test:database');
    assert.ok(line);
    assert.deepEqual(line.error, { kind: 'DatabaseError', errorCode: '22P02' });
    assert.ok(!lines.some((l) => l.includes(SECRET_PAYLOAD)), 'the value in the error text is not logged');
  });

  it('serves metrics only on the metrics port', async () => {
    const publicAnswer = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(publicAnswer.statusCode, 404);
    const answer = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status, 404);
  });
});

describe('metrics and error summaries', () => {
  it('renders counters with escaped labels, and a declared counter at 0', async () => {
    const m = new Metrics();
    m.declareCounter('a_total', 'A.');
    m.increment('b_total', 'B.', { job: 'x"y\\z' });
    m.increment('b_total', 'B.', { job: 'x"y\\z' }, 2);
    assert.equal(await m.render(), '# HELP a_total A.\n# TYPE a_total counter\na_total 0\n# HELP b_total B.\n# TYPE b_total counter\nb_total{job="x\\"y\\\\z"} 3\n');
  });

  it('keeps the kind of an error and drops what may be data', () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      severity: 'ERROR',
      code: '23505',
      constraint: 'account_email_key',
      detail: 'Key (email)=(ana@example.org) already exists.',
    });
    assert.deepEqual(describeError(pgError), { kind: 'DatabaseError', errorCode: '23505', constraint: 'account_email_key' });
    assert.deepEqual(describeError(new TypeError('bad\nsecond line')), { kind: 'TypeError', message: 'bad' });
  });

  it("passes graphile-worker's errors to our log, but not its line for a known job's failure (already logged, with the error's text)", () => {
    const seen: Array<{ level: string; fields: object; message: string }> = [];
    const log = {
      warn: (fields: object, message: string) => void seen.push({ level: 'warn', fields, message }),
      error: (fields: object, message: string) => void seen.push({ level: 'error', fields, message }),
    };
    const logger = workerLogger(log, () => new Set(['known:job']));
    logger.error(`Failed task 1 (known:job) with error '${SECRET_PAYLOAD}'`, { failure: true, job: { task_identifier: 'known:job', id: '1' } });
    logger.info('worker started');
    logger.error("Failed task 2 (gone:job) with error 'Unsupported task'\n  at stack", { failure: true, job: { task_identifier: 'gone:job', id: '2' } });
    logger.warn('connection lost');
    assert.deepEqual(seen, [
      { level: 'error', fields: { source: 'graphile-worker', job: 'gone:job', jobId: '2' }, message: "Failed task 2 (gone:job) with error 'Unsupported task'" },
      { level: 'warn', fields: { source: 'graphile-worker', job: undefined, jobId: undefined }, message: 'connection lost' },
    ]);
  });
});
