// CKAN's DataStore over the typed tables: datastore_search (resource_id, filters, q, fields,
// sort, limit, offset, include_total) answering as CKAN does, and the CSV of the same query.
import type { Deps } from '../../platform/module.ts';
import { findResource } from './catalog.queries.ts';
import { CkanError } from './ckan.ts';
import { type DatastoreQuery, queryDatastore } from './datastore.queries.ts';
import type { Resource } from './open-data.types.ts';
import { DEFAULT_TOTAL_ESTIMATION_THRESHOLD } from './count.queries.ts';

type Params = Record<string, unknown>;
export const DATASTORE_LIMIT_MAX = 32_000;

const invalid = (field: string, message: string) => new CkanError('Validation Error', message, { [field]: [message] });

function json(params: Params, name: string): unknown {
  const raw = params[name];
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    if (name === 'filters') throw invalid(name, 'Cannot parse JSON');
    return raw;
  }
}

function list(params: Params, name: string): string[] | undefined {
  const raw = json(params, name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (Array.isArray(raw)) return raw.map(String);
  return String(raw)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function natural(params: Params, name: string, fallback: number): number {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw invalid(name, 'Invalid integer');
  if (n < 0) throw invalid(name, 'Must be a natural number');
  return n;
}

/** The parsed query of a request on a resource's DataStore table (CKAN's checks and messages). */
export function datastoreQueryOf(resource: Resource, params: Params, limits: { defaultLimit: number; maxLimit: number }): DatastoreQuery {
  const fields = resource.dictionary;
  const known = new Set(['_id', ...fields.map((f) => f.id)]);
  const select = list(params, 'fields') ?? ['_id', ...fields.map((f) => f.id)];
  for (const column of select) if (!known.has(column)) throw invalid('fields', `field "${column}" not in table`);
  const rawFilters = json(params, 'filters') ?? {};
  if (typeof rawFilters !== 'object' || Array.isArray(rawFilters) || rawFilters === null) throw invalid('filters', 'Not a json object');
  const filters = Object.entries(rawFilters as Record<string, unknown>).map(([column, value]) => {
    if (!known.has(column)) throw invalid('filters', `field "${column}" not in table`);
    const values = (Array.isArray(value) ? value : [value]).map(String);
    return { column, values };
  });
  const sort = (list(params, 'sort') ?? []).map((part) => {
    const [column = '', direction = 'asc'] = part.trim().replace(/^"|"$/g, '').split(/\s+/);
    if (!known.has(column)) throw invalid('sort', `field "${column}" not in table`);
    if (!/^(asc|desc)$/i.test(direction)) throw invalid('sort', `sorting can only be asc or desc: ${part}`);
    return { column, desc: /^desc$/i.test(direction) };
  });
  const q = params.q;
  if (q !== undefined && typeof q !== 'string') throw invalid('q', 'Must be a string');
  const total = params.include_total === undefined ? true : !['false', '0', false].includes(params.include_total as string | boolean);
  const threshold = params.total_estimation_threshold;
  const totalEstimationThreshold = threshold === null || threshold === 'null' ? null : natural(params, 'total_estimation_threshold', DEFAULT_TOTAL_ESTIMATION_THRESHOLD);
  return {
    table: resource.datastoreTable!,
    fields,
    select,
    filters,
    ...(q ? { q } : {}),
    sort,
    limit: Math.min(natural(params, 'limit', limits.defaultLimit), limits.maxLimit),
    offset: natural(params, 'offset', 0),
    total,
    totalEstimationThreshold,
  };
}

export async function findDatastoreResource(deps: Pick<Deps, 'dbRead'>, params: Params): Promise<Resource> {
  const id = params.resource_id ?? params.id;
  if (typeof id !== 'string' || !id) throw invalid('resource_id', 'Missing value');
  const resource = await findResource(deps.dbRead, id);
  if (!resource?.datastoreTable) throw new CkanError('Not Found Error', `Not found: Resource "${id}" was not found.`);
  return resource;
}

export async function datastoreSearch(deps: Deps, params: Params): Promise<Record<string, unknown>> {
  const resource = await findDatastoreResource(deps, params);
  const query = datastoreQueryOf(resource, params, { defaultLimit: 100, maxLimit: DATASTORE_LIMIT_MAX });
  const { records, total, totalWasEstimated } = await queryDatastore(deps.dbRead, query);
  const link = (offset: number) => {
    const search = new URLSearchParams({ resource_id: resource.id });
    if (params.limit !== undefined) search.set('limit', String(query.limit));
    if (offset > 0) search.set('offset', String(offset));
    return `/api/3/action/datastore_search?${search}`;
  };
  const byId = new Map(resource.dictionary.map((f) => [f.id, f]));
  return {
    include_total: query.total,
    limit: query.limit,
    records_format: 'objects',
    resource_id: resource.id,
    fields: query.select.map((id) => {
      const field = byId.get(id);
      return field ? { id, type: field.type, info: { label: field.label, notes: field.notes, unit: field.unit } } : { id, type: 'int' };
    }),
    records,
    ...(query.offset ? { offset: query.offset } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.filters.length ? { filters: Object.fromEntries(query.filters.map((f) => [f.column, f.values.length === 1 ? f.values[0] : f.values])) } : {}),
    ...(query.sort.length ? { sort: query.sort.map((s) => `${s.column} ${s.desc ? 'desc' : 'asc'}`).join(', ') } : {}),
    _links: { start: link(0), next: link(query.offset + query.limit) },
    ...(total === null ? {} : { total, total_was_estimated: totalWasEstimated }),
  };
}

/** RFC 4180 text of records (the header first). */
export function toCsv(columns: string[], records: Array<Record<string, unknown>>): string {
  const quote = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns.map(quote).join(','), ...records.map((r) => columns.map((c) => quote(r[c])).join(','))].join('\r\n')}\r\n`;
}
