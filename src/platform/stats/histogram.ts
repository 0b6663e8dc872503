// Medians and percentiles from histogram buckets (pure). Bucket i of `edges` [e0 … ek-1]
// holds values in [e(i-1), e(i)) (the first from 0, or from e0 when e0 is below 0), the last
// bucket values at or above ek-1. Within a bucket values are taken as spread evenly, so the
// answer is exact to the bucket's width; a percentile that falls in the open last bucket is
// its lower edge.

/** Which bucket a value falls in. */
export function bucketOf(edges: readonly number[], value: number): number {
  let i = 0;
  while (i < edges.length && value >= edges[i]!) i += 1;
  return i;
}

/** The p-th percentile (0 ≤ p ≤ 1) of the observations counted in `counts` (one per bucket); null when there are none. */
export function percentile(edges: readonly number[], counts: readonly number[], p: number): number | null {
  if (p < 0 || p > 1) throw new RangeError('percentile: p must be between 0 and 1');
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const target = p * total;
  let before = 0;
  for (let i = 0; i < counts.length; i += 1) {
    const count = counts[i] ?? 0;
    if (count > 0 && before + count >= target) {
      if (i >= edges.length) return edges[edges.length - 1] ?? 0;
      const upper = edges[i]!;
      const lower = i === 0 ? Math.min(0, upper) : edges[i - 1]!;
      return lower + ((target - before) / count) * (upper - lower);
    }
    before += count;
  }
  return edges[edges.length - 1] ?? 0;
}

export function median(edges: readonly number[], counts: readonly number[]): number | null {
  return percentile(edges, counts, 0.5);
}
