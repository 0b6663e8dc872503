// Reports (1x10) benchmark: reports accepted per second through the real route beside bare
// Fastify doing one pg INSERT of the same row over HTTP; then 1 000 000 reports (one INSERT … SELECT generate_series) and
// the latency of the public list and map queries and of a territory's statistics, beside a
// primary-key read (list) and the direct aggregate over the reports (statistics) in the same run.
import type pg from 'pg';
import { sql } from 'kysely';
import { getCountryProfile } from '../src/platform/country/index.ts';
import { territoriesFor } from '../src/platform/country/territories.ts';
import type { Database } from '../src/platform/db/index.ts';
import { getReportStats, rebuildReportStats as rebuildStats, searchReports, seedReportCategories as seedCategories } from '../src/modules/reports/index.ts';
import { loadSample } from './load.ts';
import { fmt, ratio, section, table } from './report.ts';
import { abba, combine, type Figures, type Sample } from './writers.ts';

const REPORT_BODY = JSON.stringify({ categoryCode: 'agua', description: 'Fuga de agua en la esquina', answers: { problema: 'fuga' }, lat: -16.5, lon: -68.13, address: 'Calle Comercio 100' });

export interface ReportsBenchOptions {
  tamboUrl: string;
  baselineUrl: string;
  db: Database;
  pool: pg.Pool;
  seconds: number;
  writers: number;
  say: (line: string) => void;
}

/** Sequential timings of a query, in milliseconds. */
async function timeQuery(runs: number, query: () => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  const begin = performance.now();
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await query();
    latencies.push(performance.now() - t0);
  }
  const sample: Sample = { ops: runs, failed: 0, seconds: (performance.now() - begin) / 1000, latencies: Float64Array.from(latencies.sort((a, b) => a - b)) };
  return combine([sample]);
}

export async function benchReports(o: ReportsBenchOptions): Promise<Record<string, unknown>> {
  const total = Math.round(Number(process.env.BENCH_REPORTS) > 0 ? Number(process.env.BENCH_REPORTS) : 1_000_000);
  await seedCategories({ db: o.db, country: getCountryProfile('bo') });

  // 1. Accepted per second: POST /api/v1/reports (validation, routing, report + timeline +
  //    audit + event + statistics deltas + due-date job in one transaction) against a raw
  //    pg INSERT of the same row, same number of concurrent clients.
  const route = (seconds: number) => loadSample({ url: `${o.tamboUrl}/api/v1/reports`, method: 'POST', body: REPORT_BODY, connections: o.writers, seconds, maxRequests: 2_000_000 });
  // Baseline: bare Fastify doing one pg INSERT of the same row, over HTTP, same load (bench/baseline.ts).
  const raw = (seconds: number) => loadSample({ url: `${o.baselineUrl}/baseline/reports`, method: 'POST', body: REPORT_BODY, connections: o.writers, seconds, maxRequests: 2_000_000 });
  await route(1);
  await raw(1);
  const accepted = await abba(o.seconds, raw, route);
  o.say(
    section(
      'reports accepted per second',
      `POST /api/v1/reports over HTTP (${o.writers} connections) against bare Fastify + one pg INSERT of the same row over HTTP (${o.writers} connections), ${o.seconds} s each, order baseline, route, route, baseline`,
    ),
  );
  const row = (label: string, f: Figures) => [label, fmt(f.perSecond), fmt(f.p50Ms, 2), fmt(f.p99Ms, 2), fmt(f.ops), fmt(f.failed)];
  o.say(table(['path', 'reports/s', 'p50 ms', 'p99 ms', 'done', 'failed'], [row('Fastify + pg INSERT', accepted.baseline), row('Tambo route', accepted.subject)]));
  o.say(`   ratio route/Fastify + pg INSERT: ${fmt(ratio(accepted.subject.perSecond, accepted.baseline.perSecond), 2)}`);

  // 2. A million reports, spread over Bolivia's municipalities, categories, agencies, a year.
  const territories = territoriesFor('bo');
  const leaves = territories.filter((t) => t.level === 'municipio');
  const byCode = new Map(territories.map((t) => [t.code, t]));
  const paths = leaves
    .map((leaf) => {
      const path: string[] = [];
      for (let at: string | null = leaf.code; at; at = byCode.get(at)?.parent ?? null) path.unshift(at);
      return path;
    })
    .filter((p) => p.length === 3);
  const agencies = ['EPSAS', 'ENDE', 'GAMLP', 'GAMEA', 'GAMC', 'GAMSCS', 'GADOR', 'SEGIP'];
  const categories = ['agua', 'alumbrado', 'vias', 'residuos', 'centro_salud', 'mala_atencion', 'inseguridad'];
  const t0 = performance.now();
  // Bulk load as one would: the secondary indexes (exactly as the migrations made them) are
  // dropped first and built again after the load, which is much faster than a million
  // incremental index updates.
  const indexes = (
    await sql<{ name: string; definition: string }>`
    SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = 'reports' AND i.tablename = 'report'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(o.db)
  ).rows;
  for (const index of indexes) await sql`DROP INDEX ${sql.id('reports', index.name)}`.execute(o.db);
  await o.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL synchronous_commit = off`.execute(trx);
    await sql`
    INSERT INTO reports.report (category_code, status, description, lat, lon, address, territory_code, territory_path, agency_code, agency_name,
                                is_anonymous, source, created_at, updated_at, due_at, first_response_at, resolved_at, reopened_count)
    SELECT c.codes[1 + i % array_length(c.codes, 1)],
           (ARRAY['received', 'in_progress', 'resolved', 'resolved', 'rejected'])[1 + (i / 7) % 5],
           'Reporte de prueba ' || i, -22 + (i::bigint * 7919 % 12000) / 1000.0, -69 + (i::bigint * 104729 % 11000) / 1000.0, 'Calle ' || (i % 500),
           p.munis[1 + i % array_length(p.munis, 1)],
           ARRAY[p.depts[1 + i % array_length(p.munis, 1)], p.provs[1 + i % array_length(p.munis, 1)], p.munis[1 + i % array_length(p.munis, 1)]],
           a.codes[1 + (i / 3) % array_length(a.codes, 1)], a.codes[1 + (i / 3) % array_length(a.codes, 1)],
           true, 'bench', now() - make_interval(mins => (i::bigint * 37 % 525600)::int), now(), now() - make_interval(mins => (i::bigint * 37 % 525600)::int) + interval '7 days',
           CASE WHEN (i / 7) % 5 >= 1 THEN now() - make_interval(mins => (i::bigint * 37 % 525600)::int) + make_interval(hours => i % 300) END,
           CASE WHEN (i / 7) % 5 IN (2, 3) THEN now() - make_interval(mins => (i::bigint * 37 % 525600)::int) + make_interval(hours => i % 300 + 1) END,
           CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END
      FROM generate_series(1, ${total}) AS i,
           (SELECT ${paths.map((p) => p[0]!)}::text[] AS depts, ${paths.map((p) => p[1]!)}::text[] AS provs, ${paths.map((p) => p[2]!)}::text[] AS munis) p,
           (SELECT ${agencies}::text[] AS codes) a, (SELECT ${categories}::text[] AS codes) c`.execute(trx);
  });
  await sql`SET maintenance_work_mem = '256MB'`.execute(o.db).catch(() => undefined);
  for (const index of indexes) await sql.raw(index.definition).execute(o.db);
  const insertSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await rebuildStats(o.db);
  const statsSeconds = (performance.now() - t1) / 1000;
  await sql`ANALYZE reports.report`.execute(o.db);
  await sql`ANALYZE platform.stat`.execute(o.db);
  const count = Number((await sql<{ n: number }>`SELECT count(*)::bigint AS n FROM reports.report`.execute(o.db)).rows[0]!.n);

  // 3. Query latency with the million rows.
  const runs = 30;
  const someId = Number((await sql<{ id: number }>`SELECT id FROM reports.report ORDER BY id LIMIT 1 OFFSET ${Math.floor(count / 2)}`.execute(o.db)).rows[0]!.id);
  const queries: Array<[string, Figures]> = [
    ['baseline: raw pg, one report by primary key', await timeQuery(runs, () => o.pool.query('SELECT * FROM reports.report WHERE id = $1', [someId]))],
    ['list: newest 50, no filter', await timeQuery(runs, () => searchReports(o.db, { limit: 50 }))],
    ['list: department BO-L, resolved, newest 50', await timeQuery(runs, () => searchReports(o.db, { territoryCode: 'BO-L', status: ['resolved'], limit: 50 }))],
    ['list: municipality BO-L-01-02, one category', await timeQuery(runs, () => searchReports(o.db, { territoryCode: 'BO-L-01-02', categoryCodes: ['agua'], limit: 50 }))],
    [
      'list: one agency, open, last 30 days',
      await timeQuery(runs, () => searchReports(o.db, { agencyCode: 'GAMLP', status: ['received', 'in_progress'], startDate: new Date(Date.now() - 30 * 86_400_000), limit: 50 })),
    ],
    ['map: 0.5° × 0.5° box, 200 points', await timeQuery(runs, () => searchReports(o.db, { bbox: [-16.75, -68.4, -16.25, -67.9], limit: 200 }))],
    ['HTTP GET /api/v1/reports?territory=BO-L&limit=50', await timeQuery(runs, () => fetch(`${o.tamboUrl}/api/v1/reports?territory=BO-L&limit=50`).then((r) => r.arrayBuffer()))],
  ];
  const statsQueries: Array<[string, Figures]> = [
    ['statistics of BO-L (aggregate tables)', await timeQuery(runs, () => getReportStats({ db: o.db }, { territoryCode: 'BO-L' }))],
    ['statistics of the whole country (aggregate tables)', await timeQuery(runs, () => getReportStats({ db: o.db }, {}))],
    ['HTTP GET /api/v1/report-stats?territory=BO-L', await timeQuery(runs, () => fetch(`${o.tamboUrl}/api/v1/report-stats?territory=BO-L`).then((r) => r.arrayBuffer()))],
    [
      'baseline: direct aggregate over the reports of BO-L',
      await timeQuery(3, () =>
        sql`
      SELECT count(*), count(*) FILTER (WHERE status = 'resolved'), sum(reopened_count),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at)),
             avg((first_response_at <= due_at)::int)
        FROM reports.report WHERE territory_path @> ARRAY['BO-L']`.execute(o.db),
      ),
    ],
  ];
  o.say(
    section(
      `public list and map with ${fmt(count)} reports`,
      `${fmt(count)} rows loaded with one INSERT … SELECT generate_series (secondary indexes dropped and rebuilt) in ${fmt(insertSeconds, 1)} s, statistics rebuilt in ${fmt(statsSeconds, 1)} s; each query run ${runs} times in a row`,
    ),
  );
  const qrow = ([label, f]: [string, Figures]) => [label, fmt(f.p50Ms, 2), fmt(f.p99Ms, 2), fmt(f.ops)];
  o.say(table(['query', 'p50 ms', 'p99 ms', 'runs'], queries.map(qrow)));
  o.say(section(`statistics of a territory with ${fmt(count)} reports`, 'received, resolved, median response time, share in legal time, reopened'));
  o.say(table(['query', 'p50 ms', 'p99 ms', 'runs'], statsQueries.map(qrow)));
  const direct = statsQueries[3]![1];
  const fast = statsQueries[0]![1];
  o.say(`   direct aggregate / aggregate tables (p50): ${fmt(ratio(direct.p50Ms, fast.p50Ms), 0)}× slower; aim: under 1 000 ms`);
  return {
    accepted: { rawInsert: accepted.baseline, route: accepted.subject, ratio: ratio(accepted.subject.perSecond, accepted.baseline.perSecond) },
    reports: count,
    insertSeconds,
    statsRebuildSeconds: statsSeconds,
    queries: Object.fromEntries(queries),
    statistics: Object.fromEntries(statsQueries),
  };
}
