// Measurements and how they combine. A Sample is one bounded run (HTTP load or writers in
// this process) with its raw latencies; `combine` merges samples of the same thing, and
// `interleave` runs measurements in mirrored halves (A B B A, A B C C B A) so that drift
// during the run (other load on the machine, tables growing) weighs on every side alike.
export interface Sample {
  /** Successful operations (2xx answers, writes that committed). */
  ops: number;
  failed: number;
  seconds: number;
  /** Milliseconds, sorted, successful operations only. */
  latencies: Float64Array;
}

export interface Figures {
  ops: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function sortedLatencies(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function combine(samples: Sample[]): Figures {
  const ops = samples.reduce((n, s) => n + s.ops, 0);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  const all = new Float64Array(samples.reduce((n, s) => n + s.latencies.length, 0));
  let at = 0;
  for (const s of samples) {
    all.set(s.latencies, at);
    at += s.latencies.length;
  }
  all.sort();
  return {
    ops,
    failed: samples.reduce((n, s) => n + s.failed, 0),
    seconds,
    perSecond: seconds > 0 ? ops / seconds : 0,
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
  };
}

/**
 * Runs each measurement twice for half of `seconds`, in mirrored order (A B C C B A), and
 * combines the halves: every side gets the same time and the same share of any drift.
 */
export async function interleave(seconds: number, runs: Array<(seconds: number) => Promise<Sample>>): Promise<Figures[]> {
  const half = seconds / 2;
  const halves: Sample[][] = runs.map(() => []);
  for (const i of [...runs.keys(), ...[...runs.keys()].reverse()]) halves[i]!.push(await runs[i]!(half));
  return halves.map(combine);
}

/** Baseline, subject, subject, baseline. */
export async function abba(seconds: number, baseline: (seconds: number) => Promise<Sample>, subject: (seconds: number) => Promise<Sample>): Promise<{ baseline: Figures; subject: Figures }> {
  const [b, s] = await interleave(seconds, [baseline, subject]);
  return { baseline: b!, subject: s! };
}

/**
 * `writers` concurrent loops in this process, each calling `write()` one call after the
 * other until `seconds` have passed or `maxOperations` calls were started.
 */
export async function runWriters(options: { writers: number; seconds: number; maxOperations: number; write: (writer: number, n: number) => Promise<unknown> }): Promise<Sample> {
  const latencies: number[] = [];
  let started = 0;
  let failed = 0;
  let firstError: unknown;
  const begin = performance.now();
  const deadline = begin + options.seconds * 1000;
  const loop = async (writer: number) => {
    while (performance.now() < deadline && started < options.maxOperations) {
      const n = started;
      started += 1;
      const t0 = performance.now();
      try {
        await options.write(writer, n);
        latencies.push(performance.now() - t0);
      } catch (error) {
        failed += 1;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.writers }, (_, i) => loop(i)));
  if (failed > 0 && latencies.length === 0) throw firstError;
  return { ops: latencies.length, failed, seconds: (performance.now() - begin) / 1000, latencies: sortedLatencies(latencies) };
}
