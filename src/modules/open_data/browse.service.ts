// What the /datos pages show: a faceted search over the catalog (words, agency, theme,
// format, licence, keyword) and a dataset's preview (first rows of its tabular resource, the
// column types) and chart (the sum of a numeric column by year, month or territory).
import type { Deps } from '../../platform/module.ts';
import { facetCounts, type FacetField } from './catalog.queries.ts';
import { searchDatasets } from './catalog.service.ts';
import { aggregateDatastore, queryDatastore } from './datastore.queries.ts';
import type { Dataset, DictionaryField, Resource } from './open-data.types.ts';
import type { FilterNode } from './search-query.ts';

export const PAGE_SIZE = 20;
/** The page's query parameters (Spanish, as the addresses) and the search field each filters. */
export const FACETS: Array<{ param: string; field: FacetField }> = [
  { param: 'organizacion', field: 'organization' },
  { param: 'tema', field: 'groups' },
  { param: 'formato', field: 'res_format' },
  { param: 'licencia', field: 'license_id' },
  { param: 'etiqueta', field: 'tags' },
];

export interface Browse {
  q: string;
  selected: Record<string, string>;
  page: number;
}

export async function browseCatalog(deps: Pick<Deps, 'dbRead'>, browse: Browse) {
  const filters: FilterNode[] = FACETS.filter((f) => browse.selected[f.param]).map((f) => ({ kind: 'match', field: f.field, values: [{ kind: 'term', value: browse.selected[f.param]! }] }));
  const text = browse.q.trim() || undefined;
  const search = {
    text,
    filters,
    sort: text
      ? [
          { field: 'score' as const, direction: 'desc' as const },
          { field: 'metadata_modified' as const, direction: 'desc' as const },
        ]
      : [{ field: 'metadata_modified' as const, direction: 'desc' as const }],
    rows: PAGE_SIZE,
    start: (browse.page - 1) * PAGE_SIZE,
  };
  const [found, counts] = await Promise.all([
    searchDatasets(deps, search),
    facetCounts(
      deps.dbRead,
      search,
      FACETS.map((f) => f.field),
      12,
    ),
  ]);
  return { ...found, facets: FACETS.map((f) => ({ ...f, items: counts.get(f.field) ?? [] })) };
}

export interface Preview {
  resource: Resource;
  fields: DictionaryField[];
  rows: Array<Record<string, unknown>>;
  chart: { by: DictionaryField; value: DictionaryField; points: Array<{ x: string; y: number }> } | undefined;
}

/** The first tabular resource's first rows and chart, or undefined when the dataset has none. */
export async function previewDataset(deps: Pick<Deps, 'dbRead'>, dataset: Dataset): Promise<Preview | undefined> {
  const resource = dataset.resources.find((r) => r.datastoreTable);
  if (!resource?.datastoreTable) return undefined;
  const fields = resource.dictionary;
  const { records } = await queryDatastore(deps.dbRead, {
    table: resource.datastoreTable,
    fields,
    select: fields.map((f) => f.id),
    filters: [],
    sort: [],
    limit: 10,
    offset: 0,
    total: false,
    totalEstimationThreshold: null,
  });
  const numeric = fields.filter((f) => (f.type === 'int' || f.type === 'numeric') && !/^(anio|year|codigo)$/.test(f.id));
  const value = numeric.at(-1);
  const by = fields.find((f) => f.type === 'date') ?? fields.find((f) => /^(anio|year)$/.test(f.id)) ?? fields.find((f) => f.type === 'text' && f.id !== 'codigo');
  const chart = value && by ? { by, value, points: await aggregateDatastore(deps.dbRead, resource.datastoreTable, by, value) } : undefined;
  return { resource, fields, rows: records, chart: chart && chart.points.length > 1 ? chart : undefined };
}
