// Background work on a PostgreSQL-backed queue (graphile-worker): retried with exponential
// back-off, run by every process (jobs are taken with SKIP LOCKED, so each runs once).
// Handlers must be idempotent: a job may run again after a crash.
import { Logger, parseCrontab, run, runMigrations, runOnce, type Runner, type Task, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import { sql } from 'kysely';
import type { Queryable } from '../db/index.ts';

/** `attempt` counts from 1; the attempt equal to `maxAttempts` (the queue's, 25 when not given) is the last (see jobs/failures.ts). */
export type JobHandler = (payload: unknown, context: { jobId: string; attempt: number; maxAttempts?: number }) => Promise<void>;

export const DEFAULT_MAX_ATTEMPTS = 25;

/** Creates or upgrades graphile-worker's own schema. */
export async function migrateJobQueue(pool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool: pool, logger: silentLogger() });
}

/**
 * Enqueues a job in the caller's transaction (it runs only if that transaction commits).
 * With a `key`, a job still waiting under the same key is replaced (`keyMode` 'replace', the
 * default) or kept at its time ('preserve_run_at': many requests, one run — for work that
 * recomputes a whole, such as statistics).
 */
export async function enqueueJob(
  trx: Queryable,
  name: string,
  payload: Record<string, unknown>,
  options: { key?: string; keyMode?: 'replace' | 'preserve_run_at'; runAt?: Date; maxAttempts?: number } = {},
): Promise<void> {
  await sql`SELECT graphile_worker.add_job(${name}, ${JSON.stringify(payload)}::json,
      job_key => ${options.key ?? null}, run_at => ${options.runAt ?? null}, max_attempts => ${options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS},
      job_key_mode => ${options.keyMode ?? 'replace'})`.execute(trx);
}

function toTaskList(handlers: Map<string, JobHandler>): TaskList {
  const list: TaskList = {};
  for (const [name, handler] of handlers) {
    const task: Task = async (payload, helpers) => {
      await handler(payload, { jobId: String(helpers.job.id), attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
    };
    list[name] = task;
  }
  return list;
}

// graphile-worker logs through its own Logger; failures reach us through our handlers
// (jobs/failures.ts), and a running queue passes its own logger (workerLogger).
function silentLogger(): Logger {
  return new Logger(() => () => undefined);
}

export interface JobQueue {
  stop(): Promise<void>;
}

export interface ScheduledJob {
  /** The job's full name (`module:job`). */
  job: string;
  /** Crontab time fields, e.g. "0 * * * *". */
  when: string;
}

/** The schedule as graphile-worker's cron items: one crontab line per job (throws on a bad one). */
export function parseSchedule(schedule: ScheduledJob[]): ReturnType<typeof parseCrontab> {
  return parseCrontab(schedule.map(({ job, when }) => `${when} ${job}`).join('\n'));
}

/** Starts working the queue in this process (and its recurring jobs). */
export async function startJobQueue(
  pool: pg.Pool,
  handlers: Map<string, JobHandler>,
  options: { concurrency?: number; pollInterval?: number; schedule?: ScheduledJob[]; logger?: Logger } = {},
): Promise<JobQueue> {
  const runner: Runner = await run({
    pgPool: pool,
    taskList: toTaskList(handlers),
    parsedCronItems: parseSchedule(options.schedule ?? []),
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollInterval ?? 1000,
    noHandleSignals: true,
    logger: options.logger ?? silentLogger(),
  });
  return { stop: () => runner.stop() };
}

/**
 * Works every job that is due right now, then returns once each outcome is recorded (for tests
 * and scripts). graphile-worker 0.17's runOnce can resolve before it has recorded the completion
 * or failure of the last jobs, so a job that just ran may still look locked for a moment: wait
 * until no job is locked (at most 10 s).
 */
export async function drainJobQueue(pool: pg.Pool, handlers: Map<string, JobHandler>): Promise<void> {
  await runOnce({ pgPool: pool, taskList: toTaskList(handlers), logger: silentLogger() });
  const started = Date.now();
  for (;;) {
    const result = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_at IS NOT NULL');
    if (result.rows[0]!.n === 0) return;
    if (Date.now() - started > 10_000) throw new Error('jobs still locked 10 s after draining the queue');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Jobs of the whole installation, by job: failed for good (kept by the queue) and failed but due to be retried. */
export async function failedJobCounts(pool: pg.Pool): Promise<Array<{ job: string; permanent: number; retrying: number }>> {
  const result = await pool.query<{ job: string; permanent: number; retrying: number }>(`
    SELECT t.identifier AS job,
           count(*) FILTER (WHERE j.attempts >= j.max_attempts)::int AS permanent,
           count(*) FILTER (WHERE j.attempts < j.max_attempts)::int AS retrying
      FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     WHERE j.last_error IS NOT NULL
     GROUP BY t.identifier ORDER BY t.identifier`);
  return result.rows;
}
