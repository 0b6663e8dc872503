// HTTP load, bounded in time and in count, against 127.0.0.1 only. Each load runs autocannon
// in a child process (bench/load-child.ts); a load that does not finish in time is killed.
import { fork } from 'node:child_process';
import type { Sample } from './writers.ts';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  /** JSON body, sent with content-type application/json. */
  body?: string;
  /** More request headers (a session cookie, say). */
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** Stops earlier when this many requests were made. */
  maxRequests: number;
}

export interface LoadResult {
  /** 2xx answers. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Milliseconds, sorted, 2xx answers only. */
  latencies: Float64Array;
  statusCodes: Record<string, number>;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load-child.ts', import.meta.url), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let settled = false;
    const done = (error: Error | undefined, result?: LoadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result!);
    };
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
        done(new Error(`the load on ${options.url} did not finish within ${options.seconds + 30} s`));
      },
      (options.seconds + 30) * 1000,
    );
    child.on('message', (message: { result?: LoadResult; error?: string }) => {
      if (message.error) done(new Error(message.error));
      else done(undefined, message.result);
    });
    child.on('error', (error) => done(error));
    child.on('exit', (code) => done(new Error(`the load generator exited (${code}) without a result`)));
    child.send(options);
  });
}

export async function loadSample(options: LoadOptions): Promise<Sample> {
  const result = await runLoad(options);
  return { ops: result.ok, failed: result.non2xx + result.errors, seconds: result.seconds, latencies: result.latencies };
}
