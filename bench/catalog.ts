// Catalog search latency at 10 000 published procedures: GET /api/v1/procedures?q=… (Spanish
// full text without accents, ranking, total count; a typo is corrected through the trigram
// lexicon and searched again) beside a plain indexed lookup through the same app
// (GET /api/v1/procedures/{slug}, one row by its unique index), measured interleaved; then a
// procedure's page and its API answer beside plain Fastify + pg `SELECT 1` (the baseline server).
import { sql } from 'kysely';
import type { TamboApp } from '../src/platform/http/app-types.ts';
import { loadSample } from './load.ts';
import { ratio } from './report.ts';
import { abba, percentile, type Sample } from './writers.ts';

const BASES = [
  ['Licencia de funcionamiento', 'Obtenga la licencia para abrir su negocio en el municipio.', 'business'],
  ['Permiso de construcción', 'Obtenga la aprobación de planos para construir o ampliar su vivienda.', 'construction'],
  ['Certificado catastral', 'Certificado con la superficie y los datos técnicos de su inmueble.', 'property'],
  ['Certificado de nacimiento', 'Pida el certificado de nacimiento de una persona registrada.', 'civil_registry'],
  ['Certificado de antecedentes penales', 'Certificado que indica si tiene o no antecedentes penales.', 'justice'],
  ['Cédula de identidad', 'Obtenga o renueve su documento de identidad.', 'identity'],
  ['Registro de comercio', 'Inscriba su empresa en el registro de comercio.', 'business'],
  ['Patente de vehículos', 'Pague el impuesto anual de su vehículo.', 'taxes'],
  ['Conexión de agua potable', 'Solicite la instalación de agua potable en su domicilio.', 'property'],
  ['Inscripción escolar', 'Inscriba a su hija o hijo en una unidad educativa pública.', 'education'],
  ['Bono para personas mayores', 'Inscríbase para recibir la renta de vejez.', 'social_protection'],
  ['Licencia ambiental', 'Obtenga la licencia ambiental para su actividad.', 'business'],
  ['Certificado de matrimonio', 'Obtenga el certificado de su matrimonio.', 'civil_registry'],
  ['Permiso de eventos públicos', 'Autorización para realizar un evento en espacio público.', 'business'],
  ['Carnet sanitario', 'Obtenga el carnet sanitario para manipular alimentos.', 'health'],
  ['Visado de contrato de trabajo', 'Registre el contrato de trabajo ante el ministerio.', 'employment'],
  ['Transferencia de inmueble', 'Registre la compra de un inmueble a su nombre.', 'property'],
  ['Certificado de defunción', 'Obtenga el certificado de defunción de un familiar.', 'civil_registry'],
  ['Permiso de publicidad exterior', 'Autorización para instalar un letrero o valla publicitaria.', 'business'],
  ['Reclamo de servicios básicos', 'Presente un reclamo por el servicio de agua, luz o teléfono.', 'justice'],
] as const;
const AGENCIES = ['GAMLP', 'GAMEA', 'GAMC', 'GAMSCS', 'SEGIP', 'SERECI', 'SEPREC', 'SIN', 'DDRR', 'MINTRAB'];

/** Inserts `count` published procedures straight in SQL (names vary by base and place). */
export async function seedProcedures(app: TamboApp, count: number): Promise<void> {
  const db = app.tambo.deps.db;
  const bases = BASES.map(([name, summary, topic]) => sql`(${name}, ${summary}, ${topic})`);
  await sql`
    WITH base(name, summary, topic) AS (VALUES ${sql.join(bases)}),
    numbered AS (SELECT row_number() OVER () - 1 AS i, name, summary, topic FROM base),
    made AS (
      SELECT n, b.name || ' ' || (n / ${BASES.length} + 1) AS name, b.summary, b.topic,
             (${AGENCIES}::text[])[1 + n % ${AGENCIES.length}] AS agency
      FROM generate_series(0, ${count - 1}) AS n JOIN numbered b ON b.i = n % ${BASES.length}
    ),
    procedure AS (
      INSERT INTO catalog.procedure (id, slug, agency_code, status)
      SELECT gen_random_uuid(), 'bench-' || n, agency, 'published' FROM made
      RETURNING id, slug
    )
    INSERT INTO catalog.procedure_version (id, procedure_id, version, status, name, summary, audiences, topics, fee_kind,
      max_response_days, tacit_outcome, result, steps, created_by, published_at)
    SELECT gen_random_uuid(), p.id, 1, 'published', m.name, m.summary, '{person}', ARRAY[m.topic], 'free', 10, 'none',
      'Resultado del trámite', '{Presente la solicitud}', 'bench', now()
    FROM procedure p JOIN made m ON p.slug = 'bench-' || m.n`.execute(db);
  await sql`UPDATE catalog.procedure p SET published_version_id = v.id FROM catalog.procedure_version v
            WHERE v.procedure_id = p.id AND v.status = 'published' AND p.published_version_id IS NULL`.execute(db);
  await sql`INSERT INTO catalog.search_word (word)
            SELECT DISTINCT w FROM catalog.procedure_version, regexp_split_to_table(catalog.normalize(name || ' ' || summary), '[^a-z0-9ñ]+') AS w
            WHERE status = 'published' AND length(w) >= 3 ON CONFLICT DO NOTHING`.execute(db);
  // As autovacuum would have done by then: statistics, and the GIN indexes' pending lists merged.
  for (const table of ['procedure', 'procedure_version', 'search_word']) await sql`VACUUM ANALYZE ${sql.table(`catalog.${table}`)}`.execute(db);
}

/** The 95th percentile (ms) of every answer of the samples. */
function p95(samples: Sample[]): number {
  const all = Float64Array.from(samples.flatMap((s) => [...s.latencies])).sort();
  return percentile(all, 95);
}

export async function benchCatalogSearch(input: {
  app: TamboApp;
  baseUrl: string;
  baselineUrl: string;
  seconds: number;
  warmupSeconds: number;
  maxOperations: number;
  connections: number;
  procedures?: number;
}) {
  const count = input.procedures ?? 10_000;
  const began = performance.now();
  await seedProcedures(input.app, count);
  const seedSeconds = (performance.now() - began) / 1000;
  const connections = 16;
  const load =
    (path: string, samples: Sample[] = [], base = input.baseUrl, open = connections) =>
    async (seconds: number) => {
      const sample = await loadSample({ url: `${base}${path}`, method: 'GET', connections: open, seconds, maxRequests: input.maxOperations });
      samples.push(sample);
      return sample;
    };
  const lookup = load('/api/v1/procedures/bench-4321');
  const queries = [
    { id: 'catalog.search', label: 'search "cedula de identidad" (no accents)', path: `/api/v1/procedures?q=${encodeURIComponent('cedula de identidad')}` },
    { id: 'catalog.search_typo', label: 'search "lisencia funcionamento" (two typos)', path: `/api/v1/procedures?q=${encodeURIComponent('lisencia funcionamento')}` },
  ];
  const results = [];
  for (const query of queries) {
    const samples: Sample[] = [];
    const search = load(query.path, samples);
    await lookup(input.warmupSeconds);
    await search(input.warmupSeconds);
    samples.length = 0;
    const measured = await abba(input.seconds, lookup, search);
    results.push({
      id: query.id,
      title: `catalog ${query.label} at ${count.toLocaleString('en-US')} procedures`,
      detail: `GET ${decodeURIComponent(query.path)}, ${connections} connections, ${input.seconds} s each after a ${input.warmupSeconds} s warm-up; baseline: GET /api/v1/procedures/{slug} (unique-index lookup, same app); order baseline, Tambo, Tambo, baseline; ${count} procedures inserted in ${seedSeconds.toFixed(1)} s`,
      unit: 'requests',
      baseline: { label: 'indexed lookup by slug', ...measured.baseline },
      tambo: { label: `search (p95 ${p95(samples).toFixed(2)} ms)`, ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    });
  }
  // A procedure's public reads beside plain Fastify + pg SELECT 1, at the read connections.
  const selectOne = load('/health/ready', [], input.baselineUrl, input.connections);
  for (const read of [
    { id: 'catalog.read.api', label: 'GET /api/v1/procedures/{slug}', path: '/api/v1/procedures/bench-4321' },
    { id: 'catalog.read.page', label: 'procedure page /tramites/{slug}', path: '/tramites/bench-4321' },
  ]) {
    const subject = load(read.path, [], input.baseUrl, input.connections);
    await selectOne(input.warmupSeconds);
    await subject(input.warmupSeconds);
    const measured = await abba(input.seconds, selectOne, subject);
    results.push({
      id: read.id,
      title: `catalog: ${read.label}`,
      detail: `GET ${read.path}, ${input.connections} connections, ${input.seconds} s each after a ${input.warmupSeconds} s warm-up; baseline: plain Fastify + pg SELECT 1; order baseline, Tambo, Tambo, baseline`,
      unit: 'requests',
      baseline: { label: 'Fastify + pg SELECT 1', ...measured.baseline },
      tambo: { label: read.label, ...measured.subject },
      ratio: ratio(measured.subject.perSecond, measured.baseline.perSecond),
    });
  }
  return results;
}
