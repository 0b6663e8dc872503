// Statistics at scale: a figure kept as ~200 000 hour cells (a year of 24 cells an hour:
// 3 agencies × 4 territories × 2 categories), read for a whole year in the country's zone.
// Tambo's read (readStat: month and day cells, hour cells only at the edges, migration
// 008_stats_rollup.sql) beside the same read over the hour cells alone (`rollups: false`,
// what readStat did before), interleaved, 4 readers each.
import { sql } from 'kysely';
import type { Database } from '../src/platform/db/index.ts';
import { defineStats, foldStats, readStat, type StatQuery } from '../src/platform/stats/stats.ts';
import { ratio } from './report.ts';
import { abba, runWriters } from './writers.ts';

const figure = defineStats('bench_stats', {
  received: { kind: 'count', unit: 'reports', labelKey: 'bench.stats.received', dimensions: ['territory', 'agency', 'time', 'category'], public: true },
}).received;

const ZONE = 'America/La_Paz';

/** A year of hour cells (2025-12-16 to 2026-12-16 UTC), 24 per hour, straight in SQL. */
async function loadHourCells(db: Database): Promise<number> {
  await sql`DELETE FROM platform.stat WHERE module = 'bench_stats'`.execute(db);
  await sql`DELETE FROM platform.stat_rollup WHERE module = 'bench_stats'`.execute(db);
  const result = await sql<{ n: number }>`
    WITH made AS (
      INSERT INTO platform.stat (module, name, territory_path, agency, hour, dims, bucket, count, sum)
      SELECT 'bench_stats', 'received', ARRAY['BO-L', t], a, h, jsonb_build_object('category', c), -1, 1 + (extract(epoch FROM h)::bigint % 7), 0
        FROM generate_series('2025-12-16T00:00:00Z'::timestamptz, '2026-12-15T23:00:00Z'::timestamptz, interval '1 hour') AS h,
             unnest(ARRAY['BO-L-01', 'BO-L-02', 'BO-L-03', 'BO-L-04']) AS t,
             unnest(ARRAY['SEGIP', 'SIN', 'GAMLP']) AS a,
             unnest(ARRAY['baches', 'agua']) AS c
      RETURNING 1)
    SELECT count(*)::int AS n FROM made`.execute(db);
  return result.rows[0]?.n ?? 0;
}

export async function benchStatistics(input: { db: Database; seconds: number; maxOperations: number }) {
  const began = performance.now();
  const cells = await loadHourCells(input.db);
  const loadSeconds = (performance.now() - began) / 1000;
  const folding = performance.now();
  // Builds the zone's day and month cells from the hour cells (as the first fold after the migration does).
  await sql`DELETE FROM platform.stat_rollup WHERE time_zone = ${ZONE}`.execute(input.db);
  await sql`DELETE FROM platform.stat_rollup_zone WHERE time_zone = ${ZONE}`.execute(input.db);
  await foldStats(input.db, { timeZones: [ZONE] });
  const buildSeconds = (performance.now() - folding) / 1000;
  for (const table of ['stat', 'stat_rollup']) await sql`VACUUM ANALYZE ${sql.table(`platform.${table}`)}`.execute(input.db);

  // The year 2026 in La Paz, from a Tuesday 10:00 to a Thursday 15:00: hour edges, day edges, months.
  const year: StatQuery = { from: new Date('2026-01-06T14:00:00Z'), to: new Date('2026-12-31T19:00:00Z'), timeZone: ZONE };
  const reads = [
    { id: 'stats.year_total', label: 'a year total', query: year },
    { id: 'stats.year_by_month', label: 'a year by month and agency', query: { ...year, groupBy: ['month', 'agency'] } },
  ];
  const readers = 4;
  const results = [];
  for (const read of reads) {
    const [rolled, hourly] = await Promise.all([readStat(input.db, figure, read.query), readStat(input.db, figure, { ...read.query, rollups: false })]);
    const same = JSON.stringify(rolled) === JSON.stringify(hourly);
    const run = (rollups: boolean) => (seconds: number) =>
      runWriters({ writers: readers, seconds, maxOperations: input.maxOperations, write: () => readStat(input.db, figure, { ...read.query, rollups }) });
    await run(false)(0.5);
    await run(true)(0.5);
    const measured = await abba(input.seconds, run(false), run(true));
    results.push({
      id: read.id,
      title: `statistics: ${read.label} at ${cells.toLocaleString('en-US')} hour cells`,
      detail: `readStat over 2026-01-06 10:00 to 2026-12-31 15:00 in ${ZONE}, ${readers} readers, ${input.seconds} s each; baseline: the same read over hour cells only (rollups: false); answers identical: ${same ? 'yes' : 'NO'}; ${cells} hour cells loaded in ${loadSeconds.toFixed(1)} s, day and month cells built in ${buildSeconds.toFixed(1)} s; order baseline, Tambo, Tambo, baseline`,
      unit: 'reads',
      baseline: { label: 'hour cells only', ...measured.baseline },
      tambo: { label: 'day and month cells', ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    });
  }
  return results;
}
