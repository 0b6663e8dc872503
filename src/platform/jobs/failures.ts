// Job failures made visible. Every failure of a job is logged (job name, id, attempt, and
// the error's kind: never the payload, never a database error's text, which may quote the
// values of a row) and counted; a permanent one (its last attempt) is counted apart and
// emitted as the platform event `platform.job_failed`, which a module handles (the mailbox
// tells the platform admins) without the platform importing it.
import { Logger, type LogLevel } from 'graphile-worker';
import type { Queryable } from '../db/index.ts';
import { emitEvent } from '../events/outbox.ts';
import type { Metrics } from '../http/metrics.ts';
import { DEFAULT_MAX_ATTEMPTS, type JobHandler } from './queue.ts';

export const JOB_FAILED_TOPIC = 'platform.job_failed';

export const FAILURES_METRIC = 'tambo_job_failures_total';
export const PERMANENT_FAILURES_METRIC = 'tambo_job_permanent_failures_total';
const FAILURES_HELP = 'Job attempts that failed (each is retried with back-off until its last attempt), by job, in this process.';
const PERMANENT_HELP = 'Jobs that failed on their last attempt and will not run again, by job, in this process.';

/** What is said of an error: its kind, never data (field names avoid those the log redacts, such as `name` and `code`). */
export interface ErrorSummary {
  /** The error's class (`TypeError`, `AppError`), or `DatabaseError`. */
  kind: string;
  /** SQLSTATE of a database error, or an application error's code. */
  errorCode?: string;
  /** For errors of our own code; database errors give only their code and the objects named below. */
  message?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

export interface JobFailure {
  job: string;
  jobId: string;
  attempt: number;
  maxAttempts: number;
  permanent: boolean;
  error: ErrorSummary;
}

/** The payload of `platform.job_failed`. */
export interface JobFailedPayload extends Record<string, unknown> {
  job: string;
  jobId: string;
  attempts: number;
  error: ErrorSummary;
  failedAt: string;
}

export interface FailureLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export function describeError(error: unknown): ErrorSummary {
  if (!(error instanceof Error)) return { kind: typeof error, message: String(error).slice(0, 200) };
  const e = error as Error & { code?: unknown; severity?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (typeof e.severity === 'string' && code && /^[0-9A-Z]{5}$/.test(code)) {
    // A PostgreSQL error: its message and detail may quote a row's values.
    const summary: ErrorSummary = { kind: 'DatabaseError', errorCode: code };
    if (typeof e.constraint === 'string') summary.constraint = e.constraint;
    if (typeof e.table === 'string') summary.table = e.table;
    if (typeof e.column === 'string') summary.column = e.column;
    return summary;
  }
  const summary: ErrorSummary = { kind: e.name, message: (e.message.split('\n')[0] ?? '').slice(0, 300) };
  if (code) summary.errorCode = code;
  return summary;
}

/** Wraps every handler of the map (in place) so that each failure is reported, then thrown again for the queue to retry. */
export function watchJobFailures(handlers: Map<string, JobHandler>, report: (failure: JobFailure) => Promise<void>): void {
  for (const [job, handler] of handlers) {
    handlers.set(job, async (payload, context) => {
      try {
        await handler(payload, context);
      } catch (error) {
        const maxAttempts = context.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
        await report({
          job,
          jobId: context.jobId,
          attempt: context.attempt,
          maxAttempts,
          permanent: context.attempt >= maxAttempts,
          error: describeError(error),
        });
        throw error;
      }
    });
  }
}

/** Logs, counts and (when permanent) emits `platform.job_failed`; never throws. */
export function jobFailureReporter(deps: { db: Queryable; log: FailureLog; metrics: Metrics }): (failure: JobFailure) => Promise<void> {
  deps.metrics.declareCounter(FAILURES_METRIC, FAILURES_HELP);
  deps.metrics.declareCounter(PERMANENT_FAILURES_METRIC, PERMANENT_HELP);
  return async (failure) => {
    const fields = { job: failure.job, jobId: failure.jobId, attempt: failure.attempt, maxAttempts: failure.maxAttempts, error: failure.error };
    deps.metrics.increment(FAILURES_METRIC, FAILURES_HELP, { job: failure.job });
    if (!failure.permanent) {
      deps.log.warn(fields, `job ${failure.job} failed (attempt ${failure.attempt} of ${failure.maxAttempts}); it will be retried`);
      return;
    }
    deps.log.error(fields, `job ${failure.job} failed permanently after ${failure.attempt} attempt(s)`);
    deps.metrics.increment(PERMANENT_FAILURES_METRIC, PERMANENT_HELP, { job: failure.job });
    // The handlers of the alert itself only log: an alert about a failing alert would loop.
    if (failure.job.startsWith(`event:${JOB_FAILED_TOPIC}:`)) return;
    const payload: JobFailedPayload = { job: failure.job, jobId: failure.jobId, attempts: failure.attempt, error: failure.error, failedAt: new Date().toISOString() };
    try {
      await emitEvent(deps.db, JOB_FAILED_TOPIC, payload);
    } catch (error) {
      deps.log.error({ job: failure.job, jobId: failure.jobId, error: describeError(error) }, `could not emit ${JOB_FAILED_TOPIC}`);
    }
  };
}

/**
 * graphile-worker's own messages, into our log: its errors and warnings (a lost connection,
 * a job whose task no process knows), but not its line per failed attempt of a known job,
 * which `watchJobFailures` already logs without the payload it would print.
 */
export function workerLogger(log: FailureLog, knownJobs: () => Set<string>): Logger {
  return new Logger((scope) => (level: LogLevel, message: string, meta?: Record<string, unknown>) => {
    if (level !== 'error' && level !== 'warning') return;
    const job = meta?.job as { task_identifier?: string; id?: string | number } | undefined;
    if (meta?.failure === true && job?.task_identifier && knownJobs().has(job.task_identifier)) return;
    const fields = { source: 'graphile-worker', job: job?.task_identifier ?? scope.taskIdentifier, jobId: job?.id ?? scope.jobId };
    // The first line only: graphile-worker appends the stack, and with it the error's text.
    const line = (message.split('\n')[0] ?? '').slice(0, 300);
    if (level === 'error') log.error(fields, line);
    else log.warn(fields, line);
  });
}
