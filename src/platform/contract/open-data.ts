// The platform's open data read path: the datasets every module declares in `openData`
// (catalogs, registers) and the public statistics of `stats`, as JSON.
//   GET /api/v1/open-data                  the list (datasets and public figures)
//   GET /api/v1/open-data/{module}.{id}    a dataset's rows, or a public figure's cells
// Statistics come from readStat with public suppression (small counts hidden).
import { Type } from 'typebox';
import { AppError } from '../errors.ts';
import type { TamboApp } from '../http/app-types.ts';
import type { Deps, ModuleDefinition } from '../module.ts';
import { readStat, type StatRow } from '../stats/stats.ts';
import type { StatRef } from '../stats/stats.types.ts';
import type { OpenDatasetDeclaration } from './contract.types.ts';

const EntrySchema = Type.Object(
  {
    id: Type.String({ description: '`module.dataset`, the address under /api/v1/open-data/' }),
    kind: Type.Union([Type.Literal('dataset'), Type.Literal('statistic')]),
    title: Type.String(),
    description: Type.String(),
    refresh: Type.String({ description: 'live, daily or monthly (statistics are live: exact at the moment of the request)' }),
    schema: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema of a dataset row' })),
    unit: Type.Optional(Type.String({ description: 'What one unit of a statistic is' })),
    dimensions: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'OpenDataEntry' },
);

function statGroups(stat: StatRef): string[] {
  return stat.dimensions.map((dimension) => (dimension === 'time' ? 'month' : dimension));
}

/** The cells' groups as published: a dimension with `publishAs` (internal ids) replaced by its public fields. */
async function publishedGroups(deps: Deps, stat: StatRef, rows: StatRow[]): Promise<Array<Record<string, string | null>>> {
  const groups = rows.map((row) => ({ ...row.group }));
  for (const [dimension, publish] of Object.entries(stat.publishAs ?? {})) {
    const values = [...new Set(rows.map((row) => row.group[dimension]).filter((v): v is string => typeof v === 'string'))];
    const found = values.length > 0 ? await publish(deps, values) : new Map<string, Record<string, string | null>>();
    for (const group of groups) {
      const internal = group[dimension];
      const fields = internal ? found.get(internal) : undefined;
      delete group[dimension];
      Object.assign(group, fields ?? { [dimension]: null });
    }
  }
  return groups;
}

/** One publication of the platform: a module's `openData` dataset or a public statistic. */
export interface OpenDataEntry {
  /** `module.dataset`. */
  id: string;
  module: string;
  kind: 'dataset' | 'statistic';
  titleKey: string;
  descriptionKey: string;
  refresh: 'live' | 'daily' | 'monthly';
  schema?: Record<string, unknown>;
  unit?: string;
  dimensions?: string[];
}

/**
 * What every module publishes, and its rows: the one read path of the platform's own open
 * data (the JSON API below and the open-data catalog's snapshots, `deps.openData`).
 */
export interface OpenDataSource {
  entries: OpenDataEntry[];
  /** A dataset's rows or a public statistic's cells (small counts suppressed); undefined for an unknown id. */
  read(id: string): Promise<Array<Record<string, unknown>> | undefined>;
}

export function createOpenDataSource(modules: readonly ModuleDefinition[], deps: Omit<Deps, 'openData'>): OpenDataSource {
  const datasets = new Map<string, OpenDatasetDeclaration>(modules.flatMap((m) => (m.openData ?? []).map((d) => [`${m.name}.${d.id}`, d] as const)));
  const statistics = new Map<string, StatRef>(
    modules.flatMap((m) =>
      Object.values(m.stats ?? {})
        .filter((s) => s.public)
        .map((s) => [`${m.name}.${s.name}`, s] as const),
    ),
  );
  const moduleOf = (id: string) => id.slice(0, id.indexOf('.'));
  const entries: OpenDataEntry[] = [
    ...[...datasets].map(([id, d]) => ({ id, module: moduleOf(id), kind: 'dataset' as const, titleKey: d.titleKey, descriptionKey: d.descriptionKey, refresh: d.refresh, schema: d.schema })),
    ...[...statistics].map(([id, s]) => ({
      id,
      module: moduleOf(id),
      kind: 'statistic' as const,
      titleKey: s.labelKey,
      descriptionKey: s.labelKey,
      refresh: 'live' as const,
      unit: s.unit,
      dimensions: statGroups(s),
    })),
  ];
  const source: OpenDataSource = {
    entries,
    async read(id) {
      // Published data tolerates a little lag: the replica serves it when there is one.
      const full = { ...deps, db: deps.dbRead, openData: source } as Deps;
      const dataset = datasets.get(id);
      if (dataset) return dataset.rows(full);
      const stat = statistics.get(id);
      if (!stat) return undefined;
      const rows = await readStat(deps.dbRead, stat, { public: true, groupBy: statGroups(stat), timeZone: deps.country.timeZone });
      const groups = await publishedGroups(full, stat, rows);
      return rows.map((row, i) => ({ ...groups[i], count: row.count, sum: row.sum, median: row.median, buckets: row.buckets, suppressed: row.suppressed }));
    },
  };
  return source;
}

export function registerOpenDataRoutes(app: TamboApp, source: OpenDataSource): void {
  app.get(
    '/api/v1/open-data',
    {
      schema: {
        tags: ['open-data'],
        operationId: 'listOpenData',
        summary: 'The open datasets and public statistics every module publishes',
        response: { 200: Type.Object({ items: Type.Array(EntrySchema) }) },
      },
    },
    async (request) => {
      const t = request.t;
      const items = source.entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        title: t(e.titleKey),
        description: t(e.descriptionKey),
        refresh: e.refresh,
        ...(e.schema ? { schema: e.schema } : {}),
        ...(e.unit !== undefined ? { unit: e.unit } : {}),
        ...(e.dimensions ? { dimensions: e.dimensions } : {}),
      }));
      return { items };
    },
  );

  app.get(
    '/api/v1/open-data/:id',
    {
      schema: {
        tags: ['open-data'],
        operationId: 'getOpenData',
        'x-errors': ['NOT_FOUND'],
        summary: "A dataset's rows, or a public statistic's cells (small counts suppressed)",
        params: Type.Object({ id: Type.String({ pattern: '^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$' }) }),
        response: { 200: Type.Object({ id: Type.String(), items: Type.Array(Type.Record(Type.String(), Type.Unknown())) }) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      reply.header('cache-control', 'public, max-age=60');
      const items = await source.read(id);
      if (!items) throw new AppError('NOT_FOUND');
      return { id, items };
    },
  );
}
