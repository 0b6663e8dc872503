// The Observatorio at volume: GET /api/v1/plans/{id}/indicators of the demo plan (every
// computed indicator evaluated from the public figures through readStat's rollups, the
// reported ones from their history) with two years of hourly report figures in nine
// departments (about 300 000 hour cells, folded into day and month cells), beside
// GET /api/v1/plans (one read of a small table) through the same app. Interleaved (A B B A).
import { sql } from 'kysely';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { foldStats, recordStats } from '../src/platform/stats/stats.ts';
import { loadSample } from './load.ts';
import { ratio } from './report.ts';
import { abba, percentile, type Sample } from './writers.ts';

const TERRITORIES = ['BO-L', 'BO-C', 'BO-S', 'BO-O', 'BO-P', 'BO-H', 'BO-T', 'BO-B', 'BO-N'];

export async function benchObservatory(input: { app: TamboApp; baseUrl: string; seconds: number; warmupSeconds: number; connections: number; maxOperations: number }) {
  const { deps, modules } = input.app.tambo;
  const plan = async () => (await sql<{ id: string }>`SELECT id FROM observatory.plan ORDER BY start_year DESC LIMIT 1`.execute(deps.db)).rows[0]?.id;
  if (!(await plan())) await input.app.tambo.seed();
  const planId = await plan();
  if (!planId) throw new Error('the demo seed is needed (a plan)');
  const reports = modules.find((m) => m.name === 'reports')?.stats;
  if (!reports) throw new Error('the reports module is needed');
  const started = performance.now();
  const now = Date.now();
  const hours = 2 * 365 * 24;
  for (const [name, every] of [
    ['received', 1],
    ['answered_in_time', 2],
    ['resolved', 3],
  ] as const) {
    const records: Array<{ dims: { territory: string[]; agency: string; category: string; at: Date }; value: number }> = [];
    for (let h = 0; h < hours; h += every)
      for (const territory of TERRITORIES) records.push({ dims: { territory: [territory], agency: 'SEGIP', category: 'baches', at: new Date(now - h * 3_600_000) }, value: 3 });
    await deps.db.transaction().execute((trx) => recordStats(trx, reports[name]!, records));
  }
  await foldStats(deps.db, { timeZones: [deps.country.timeZone] });
  // The steady state: the platform folds deltas every minute and autovacuum clears the folded
  // rows soon after; without it every read here would walk the 470 000 dead deltas of the seed.
  await sql`VACUUM ANALYZE platform.stat_delta, platform.stat, platform.stat_rollup`.execute(deps.db);
  const seedSeconds = (performance.now() - started) / 1000;

  const load = (path: string, samples?: Sample[]) => async (seconds: number) => {
    const sample = await loadSample({ url: `${input.baseUrl}${path}`, method: 'GET', connections: input.connections, seconds, maxRequests: input.maxOperations });
    samples?.push(sample);
    return sample;
  };
  const samples: Sample[] = [];
  const baseline = load('/api/v1/plans');
  const subject = load(`/api/v1/plans/${planId}/indicators`, samples);
  await baseline(input.warmupSeconds);
  await subject(input.warmupSeconds);
  samples.length = 0;
  const measured = await abba(input.seconds, baseline, subject);
  const latencies = Float64Array.from(samples.flatMap((s) => [...s.latencies])).sort();
  return [
    {
      id: 'observatory.indicators',
      title: "observatory: a plan's indicators, computed from two years of hourly figures",
      detail: `GET /api/v1/plans/{id}/indicators (demo plan; computed indicators read through readStat rollups; ${(hours * TERRITORIES.length).toLocaleString('en-US')} hour cells per figure, seeded and folded in ${seedSeconds.toFixed(1)} s), ${input.connections} connections, ${input.seconds} s each after a ${input.warmupSeconds} s warm-up; baseline GET /api/v1/plans (one small-table read, same app); order baseline, Tambo, Tambo, baseline`,
      unit: 'requests',
      baseline: { label: 'GET /api/v1/plans', ...measured.baseline },
      tambo: { label: `plan indicators (p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms)`, ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    },
  ];
}
