// Open data at volume: package_search over HTTP at 100 000 datasets (words, words with facet
// counts, an fq over three facets with their counts, a deep harvester page by offset and the
// next page of a harvester walk, which continues from its cursor) beside a plain indexed
// SQL query on the same table (plain Fastify + pg: one dataset by its unique name, the
// baseline server), and datastore_search on a 1 000 000-row resource with a filter and a sort (CKAN's is
// about a second at rows=1000), beside the same query. Measured interleaved (A B B A); p50/p95
// given. BENCH_OPEN_DATA_ONLY=id,id… measures only those cases.
import { sql } from 'kysely';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { loadSample } from './load.ts';
import { ratio } from './report.ts';
import { abba, percentile, type Sample } from './writers.ts';

const ORG = '00000000-0000-7000-8000-00000000b0b0';
const RESOURCE = '00000000-0000-7000-8000-00000000b0b1';
const TABLE = 'ds_00000000000000000000000000b0b0b0';
const TOPICS = ['agua', 'salud', 'educacion', 'transporte', 'energia', 'impuestos', 'poblacion', 'seguridad', 'empleo', 'territorio'];
const TERRITORIES = ['BO-L', 'BO-C', 'BO-S', 'BO-O', 'BO-P', 'BO-H', 'BO-T', 'BO-B', 'BO-N'];

/** 100 000 datasets and a 1 000 000-row DataStore table, straight in SQL. */
export async function seedOpenDataVolume(app: TamboApp, datasets: number, rows: number): Promise<void> {
  const db = app.tambo.deps.db;
  await sql`INSERT INTO open_data.organization (id, name, title) VALUES (${ORG}, 'bench', 'Institución de prueba') ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO open_data.theme (id, name, title, eu_theme) SELECT gen_random_uuid(), t, initcap(t), 'GOVE' FROM unnest(${TOPICS}::text[]) t ON CONFLICT DO NOTHING`.execute(db);
  await sql`
    INSERT INTO open_data.dataset (id, name, title, notes, organization_id, license_id, tags, themes, contact_name, contact_email, metadata_modified)
    SELECT gen_random_uuid(), 'bench-' || n, 'Datos de ' || t || ' ' || n, 'Serie de ' || t || ' por departamento, número ' || n, ${ORG}, 'cc-by',
           ARRAY[t, 'serie-' || (n % 100)], ARRAY[t], 'Bench', 'bench@example.org', now() - (n || ' minutes')::interval
    FROM generate_series(0, ${datasets - 1}) n, LATERAL (SELECT (${TOPICS}::text[])[1 + n % ${TOPICS.length}] AS t) x`.execute(db);
  await sql`
    INSERT INTO open_data.resource (id, dataset_id, position, name, format, url)
    SELECT gen_random_uuid(), id, 0, 'Datos', CASE WHEN random() < 0.7 THEN 'CSV' ELSE 'JSON' END, 'https://example.org/d.csv' FROM open_data.dataset WHERE name LIKE 'bench-%'`.execute(db);
  await sql`CREATE TABLE ${sql.table(`open_data.${TABLE}`)} (_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, anio bigint, codigo text, valor numeric)`.execute(db);
  await sql`
    INSERT INTO ${sql.table(`open_data.${TABLE}`)} (anio, codigo, valor)
    SELECT 1900 + n % 125, (${TERRITORIES}::text[])[1 + n % ${TERRITORIES.length}], (n::bigint * 7919 % 100000) / 10.0 FROM generate_series(0, ${rows - 1}) n`.execute(db);
  // The filter's and the sort's columns, in the order datastore_search sorts (nulls last, then _id).
  await sql`CREATE INDEX ON ${sql.table(`open_data.${TABLE}`)} (codigo, anio DESC NULLS LAST, _id)`.execute(db);
  const bench = await sql<{ id: string }>`SELECT id FROM open_data.dataset WHERE name = 'bench-0'`.execute(db);
  await sql`
    INSERT INTO open_data.resource (id, dataset_id, position, name, format, url, dictionary, datastore_table, datastore_rows)
    VALUES (${RESOURCE}, ${bench.rows[0]!.id}, 1, 'Millón de filas', 'CSV', 'https://example.org/m.csv',
            ${JSON.stringify([
              { id: 'anio', type: 'int', label: 'Año', notes: '', unit: '' },
              { id: 'codigo', type: 'text', label: 'Código', notes: '', unit: '' },
              { id: 'valor', type: 'numeric', label: 'Valor', notes: '', unit: '' },
            ])}::jsonb, ${TABLE}, ${rows})`.execute(db);
  for (const table of ['dataset', 'resource', TABLE]) await sql`VACUUM ANALYZE ${sql.table(`open_data.${table}`)}`.execute(db);
}

const sorted = (samples: Sample[]) => Float64Array.from(samples.flatMap((s) => [...s.latencies])).sort();

export async function benchOpenData(input: { app: TamboApp; baseUrl: string; baselineUrl: string; seconds: number; warmupSeconds: number; maxOperations: number; datasets?: number; rows?: number }) {
  const datasets = input.datasets ?? 100_000;
  const rows = input.rows ?? 1_000_000;
  const began = performance.now();
  await seedOpenDataVolume(input.app, datasets, rows);
  const seedSeconds = (performance.now() - began) / 1000;
  const connections = 16;
  const load =
    (path: string, samples: Sample[] = [], baseUrl = input.baseUrl) =>
    async (seconds: number) => {
      const sample = await loadSample({ url: `${baseUrl}${path}`, method: 'GET', connections, seconds, maxRequests: input.maxOperations });
      samples.push(sample);
      return sample;
    };
  const lookup = load('/baseline/open-data/dataset?name=bench-4321', [], input.baselineUrl);
  const filters = encodeURIComponent('{"codigo":"BO-L"}');
  const facetField = `facet.field=${encodeURIComponent('["organization","tags","res_format"]')}`;
  const queries: Array<{ id: string; label: string; path: string; prepare?: string }> = [
    { id: 'open_data.search', label: 'package_search q=agua', path: '/api/3/action/package_search?q=agua&rows=10' },
    { id: 'open_data.search_facets', label: 'package_search q=agua + three facets', path: `/api/3/action/package_search?q=agua&rows=10&${facetField}` },
    {
      id: 'open_data.search_fq',
      label: 'package_search fq over three facets + three facet counts',
      path: `/api/3/action/package_search?fq=${encodeURIComponent('tags:salud -groups:agua res_format:CSV')}&${facetField}&rows=20`,
    },
    {
      id: 'open_data.search_paging',
      label: 'harvester page by offset (sort=id asc, start=50000, rows=100, no cursor)',
      path: `/api/3/action/package_search?sort=${encodeURIComponent('id asc')}&start=50000&rows=100`,
    },
    {
      id: 'open_data.search_keyset',
      label: 'harvester next page (sort=metadata_modified asc, start=50000, rows=100, continuing start=49900)',
      path: `/api/3/action/package_search?sort=${encodeURIComponent('metadata_modified asc')}&start=50000&rows=100`,
      prepare: `/api/3/action/package_search?sort=${encodeURIComponent('metadata_modified asc')}&start=49900&rows=100`,
    },
    {
      id: 'open_data.datastore',
      label: `datastore_search filter + sort on ${rows.toLocaleString('en-US')} rows (limit 100)`,
      path: `/api/3/action/datastore_search?resource_id=${RESOURCE}&filters=${filters}&sort=${encodeURIComponent('anio desc')}&limit=100`,
    },
    {
      id: 'open_data.datastore_1000',
      label: 'datastore_search filter + sort, limit 1000',
      path: `/api/3/action/datastore_search?resource_id=${RESOURCE}&filters=${filters}&sort=${encodeURIComponent('anio desc')}&limit=1000`,
    },
  ];
  const only = process.env.BENCH_OPEN_DATA_ONLY?.split(',');
  const results = [];
  for (const query of queries.filter((q) => !only || only.includes(q.id))) {
    // The page before, once: the cursor the measured page continues from (search-cursor.ts).
    if (query.prepare) await fetch(`${input.baseUrl}${query.prepare}`).then((response) => response.arrayBuffer());
    const samples: Sample[] = [];
    const subject = load(query.path, samples);
    await lookup(input.warmupSeconds);
    await subject(input.warmupSeconds);
    samples.length = 0;
    const measured = await abba(input.seconds, lookup, subject);
    const latencies = sorted(samples);
    results.push({
      id: query.id,
      title: `open data: ${query.label} at ${datasets.toLocaleString('en-US')} datasets`,
      detail: `GET ${decodeURIComponent(query.path)}, ${connections} connections, ${input.seconds} s each after a ${input.warmupSeconds} s warm-up; baseline: plain Fastify + pg, one dataset by its unique name (indexed SQL on the same table); order baseline, Tambo, Tambo, baseline; seeded in ${seedSeconds.toFixed(1)} s`,
      unit: 'requests',
      baseline: { label: 'Fastify + pg indexed SELECT by name', ...measured.baseline },
      tambo: { label: `${query.label} (p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms)`, ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    });
  }
  return results;
}
