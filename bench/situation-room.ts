// The situation room at volume: a year of figures of 1 000 000 reports (reports.received, by
// municipality and category), 1 000 000 applications (catalog.applications, by agency and
// procedure) and 1 000 000 ballots (a figure declared here, by municipality: no module declares
// ballots yet) loaded into the stats tables with generate_series, then folded into the day and
// month cells. Measured interleaved (A B B A) beside a primary-key read:
// - over HTTP, the department's room (/sala/BO-L: every figure, trend, bars by province, the
//   choropleth, by agency) and the national room, beside GET /api/v1/territories/BO-L;
// - as a function, getRoom with the ballots figure in the registry, beside getTerritory.
import { sql } from 'kysely';
import { getRoom, figureRegistry } from '../src/modules/situation_room/room.service.ts';
import { getTerritory } from '../src/modules/territories/index.ts';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { defineStats, foldStats } from '../src/platform/stats/stats.ts';
import { loadSample } from './load.ts';
import { ratio } from './report.ts';
import { abba, percentile, runWriters, type Sample } from './writers.ts';

const ballots = defineStats('bench_room', {
  ballots: { kind: 'count', unit: 'ballots', labelKey: 'bench.room.ballots', dimensions: ['territory', 'time'], public: true },
}).ballots;

const PATHS = [
  ['BO-L', 'BO-L-01', 'BO-L-01-01'],
  ['BO-L', 'BO-L-01', 'BO-L-01-02'],
  ['BO-L', 'BO-L-01', 'BO-L-01-03'],
  ['BO-L', 'BO-L-02', 'BO-L-02-01'],
  ['BO-L', 'BO-L-03', 'BO-L-03-01'],
  ['BO-O', 'BO-O-01', 'BO-O-01-01'],
  ['BO-O', 'BO-O-01', 'BO-O-01-02'],
  ['BO-P', 'BO-P-01', 'BO-P-01-01'],
];
const YEAR = sql`generate_series('2025-12-16T00:00:00Z'::timestamptz, '2026-12-15T23:00:00Z'::timestamptz, interval '1 hour')`;

/** Hour cells whose counts add up to about a million per figure, straight in SQL; answers the totals. */
async function loadFigures(app: TamboApp): Promise<{ cells: number; reports: number; applications: number; ballots: number }> {
  const db = app.tambo.deps.db;
  for (const module of ['reports', 'catalog', 'bench_room']) {
    await sql`DELETE FROM platform.stat WHERE module = ${module}`.execute(db);
    await sql`DELETE FROM platform.stat_rollup WHERE module = ${module}`.execute(db);
  }
  const paths = sql.raw(`ARRAY[${PATHS.map((p) => `ARRAY[${p.map((c) => `'${c}'`).join(',')}]`).join(',')}]`);
  const hour = sql`(extract(epoch FROM h)::bigint / 3600)`;
  const made = await sql<{ figure: string; cells: number; total: number }>`
    WITH reports AS (
      INSERT INTO platform.stat (module, name, territory_path, agency, hour, dims, bucket, count, sum)
      SELECT 'reports', 'received', ARRAY[(${paths})[i][1], (${paths})[i][2], (${paths})[i][3]], 'GAMLP', h, jsonb_build_object('category', c), -1, 1 + (${hour} + i) % 13, 0
        FROM ${YEAR} AS h, generate_series(1, ${PATHS.length}) AS i, unnest(ARRAY['baches', 'agua']) AS c
      RETURNING count),
    applications AS (
      INSERT INTO platform.stat (module, name, territory_path, agency, hour, dims, bucket, count, sum)
      SELECT 'catalog', 'applications', '{}', a, h, jsonb_build_object('procedure', p), -1, 1 + (${hour} + length(p)) % 18, 0
        FROM ${YEAR} AS h, unnest(ARRAY['SEGIP', 'SIN', 'GAMLP']) AS a, unnest(ARRAY['p1', 'p22', 'p333', 'p4444']) AS p
      RETURNING count),
    ballots AS (
      INSERT INTO platform.stat (module, name, territory_path, agency, hour, dims, bucket, count, sum)
      SELECT 'bench_room', 'ballots', ARRAY[(${paths})[i][1], (${paths})[i][2], (${paths})[i][3]], '', h, '{}', -1, 1 + (${hour} * 7 + i) % 27, 0
        FROM ${YEAR} AS h, generate_series(1, ${PATHS.length}) AS i
      RETURNING count)
    SELECT 'reports' AS figure, count(*)::int AS cells, sum(count)::bigint AS total FROM reports
    UNION ALL SELECT 'applications', count(*)::int, sum(count)::bigint FROM applications
    UNION ALL SELECT 'ballots', count(*)::int, sum(count)::bigint FROM ballots`.execute(db);
  const by = Object.fromEntries(made.rows.map((r) => [r.figure, r]));
  const zone = app.tambo.deps.country.timeZone;
  await sql`DELETE FROM platform.stat_rollup_zone WHERE time_zone = ${zone}`.execute(db);
  await foldStats(db, { timeZones: [zone] });
  for (const table of ['stat', 'stat_rollup']) await sql`VACUUM ANALYZE ${sql.table(`platform.${table}`)}`.execute(db);
  return {
    cells: made.rows.reduce((n, r) => n + r.cells, 0),
    reports: Number(by.reports?.total ?? 0),
    applications: Number(by.applications?.total ?? 0),
    ballots: Number(by.ballots?.total ?? 0),
  };
}

const sorted = (samples: Sample[]) => Float64Array.from(samples.flatMap((s) => [...s.latencies])).sort();
const p = (samples: Sample[]) => {
  const all = sorted(samples);
  return `p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms`;
};

export async function benchSituationRoom(input: { app: TamboApp; baseUrl: string; seconds: number; warmupSeconds: number; maxOperations: number }) {
  const { deps, modules } = input.app.tambo;
  await modules.find((m) => m.name === 'territories')!.seed!(deps);
  const began = performance.now();
  const loaded = await loadFigures(input.app);
  const loadSeconds = (performance.now() - began) / 1000;
  const volume = `${loaded.reports.toLocaleString('en-US')} reports, ${loaded.applications.toLocaleString('en-US')} applications and ${loaded.ballots.toLocaleString('en-US')} ballots as ${loaded.cells.toLocaleString('en-US')} hour cells (a year), loaded and folded in ${loadSeconds.toFixed(1)} s`;
  const connections = 8;
  const load =
    (path: string, samples: Sample[] = []) =>
    async (seconds: number) => {
      const sample = await loadSample({ url: `${input.baseUrl}${path}`, method: 'GET', connections, seconds, maxRequests: input.maxOperations });
      samples.push(sample);
      return sample;
    };
  const results = [];
  const lookupPath = '/api/v1/territories/BO-L';
  for (const room of [
    { id: 'situation_room.department', label: 'department room /sala/BO-L', path: '/sala/BO-L' },
    { id: 'situation_room.national', label: 'national room /sala', path: '/sala' },
  ]) {
    const samples: Sample[] = [];
    const baseline: Sample[] = [];
    await load(lookupPath)(input.warmupSeconds);
    await load(room.path)(input.warmupSeconds);
    const measured = await abba(input.seconds, load(lookupPath, baseline), load(room.path, samples));
    results.push({
      id: room.id,
      title: `situation room: ${room.label} at 1 000 000 reports, applications and ballots of figures`,
      detail: `GET ${room.path}, ${connections} connections, ${input.seconds} s each after a ${input.warmupSeconds} s warm-up; baseline: GET ${lookupPath} (primary-key read, same app; ${p(baseline)}); ${volume}; order baseline, Tambo, Tambo, baseline`,
      unit: 'requests',
      baseline: { label: 'territory by code (primary key)', ...measured.baseline },
      tambo: { label: `${room.label} (${p(samples)})`, ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    });
  }
  // The room's reads with the ballots figure in the registry (as when a module declares it).
  const registry = [...figureRegistry(modules), ballots];
  const readers = 4;
  const samples: Sample[] = [];
  const baseline: Sample[] = [];
  const run = (write: () => Promise<unknown>, into: Sample[]) => async (seconds: number) => {
    const sample = await runWriters({ writers: readers, seconds, maxOperations: input.maxOperations, write });
    into.push(sample);
    return sample;
  };
  const room = () => getRoom(deps, registry, { territoryCode: 'BO-L', figure: 'bench_room.ballots', account: null, roles: [] });
  const lookup = () => getTerritory(deps, 'BO-L');
  await run(lookup, [])(input.warmupSeconds);
  await run(room, [])(input.warmupSeconds);
  const measured = await abba(input.seconds, run(lookup, baseline), run(room, samples));
  results.push({
    id: 'situation_room.function',
    title: 'situation room: getRoom for a department, ballots broken down, at 1 000 000 of each',
    detail: `getRoom(BO-L, bench_room.ballots) with every declared figure plus the ballots figure, ${readers} readers, ${input.seconds} s each; baseline: getTerritory (primary-key read; ${p(baseline)}); ${volume}; order baseline, Tambo, Tambo, baseline`,
    unit: 'reads',
    baseline: { label: 'getTerritory (primary key)', ...measured.baseline },
    tambo: { label: `getRoom (${p(samples)})`, ...measured.subject },
    ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
  });
  return results;
}
