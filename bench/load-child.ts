// Runs one autocannon load in a child process, so that the load generator has its own event
// loop (and, on a 2-core machine, mostly its own core) instead of sharing the server's.
// Receives LoadOptions from its parent, answers with a LoadResult (or an error) and exits.
import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './load.ts';
import { sortedLatencies } from './writers.ts';

function answer(message: { result?: LoadResult; error?: string }): void {
  process.send?.(message, () => process.exit(0));
}

process.once('message', (options: LoadOptions) => {
  const url = new URL(options.url);
  if (url.hostname !== '127.0.0.1') {
    answer({ error: `loads go to 127.0.0.1 only, not ${url.hostname}` });
    return;
  }
  // autocannon's own histogram keeps whole milliseconds; latencies are kept here to the
  // microsecond instead (2xx answers only, as autocannon does).
  const latencies: number[] = [];
  const instance = autocannon(
    {
      url: options.url,
      method: options.method ?? 'GET',
      headers: { ...options.headers, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: options.body,
      connections: options.connections,
      duration: options.seconds,
      // Bounded in count as well as in time.
      maxOverallRequests: options.maxRequests,
      timeout: 10,
      // autocannon stops at the first sample tick after `duration`: tick every 100 ms, not every
      // second, so that a 2.5 s load lasts 2.5 s (the rate is computed on the time it really ran).
      sampleInt: 100,
    },
    (error, result) => {
      if (error) {
        answer({ error: String(error) });
        return;
      }
      answer({
        result: {
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          seconds: result.duration,
          latencies: sortedLatencies(latencies),
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
        },
      });
    },
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300 && latencies.length < options.maxRequests) latencies.push(responseTime);
  });
});
