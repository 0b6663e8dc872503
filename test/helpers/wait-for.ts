// Waiting for a condition instead of sleeping a fixed time: the check runs at once, then again
// every `intervalMs` until it returns something truthy (which is returned) or `timeoutMs` passes
// (which fails the test, naming what was awaited). A check that throws is retried like one that
// returned false, so "not listening yet" can be written as a failed fetch.
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** Fail after this long; default 5 s. */
  timeoutMs?: number;
  /** Time between checks; default 20 ms. */
  intervalMs?: number;
  /** What is awaited, for the failure message. */
  what?: string;
}

export async function waitFor<T>(check: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeoutMs = 5000, intervalMs = 20, what = 'the condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await delay(intervalMs);
  }
}

/** Rejects when `promise` has not settled within `timeoutMs`, naming what was awaited. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  const controller = new AbortController();
  const timeout = delay(timeoutMs, undefined, { signal: controller.signal }).then(() => {
    throw new Error(`${what} did not happen within ${timeoutMs} ms`);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    controller.abort();
    timeout.catch(() => {});
  }
}
