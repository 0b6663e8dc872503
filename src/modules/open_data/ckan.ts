// CKAN's Action API, as CKAN 2.10 answers it: the dictionaries (package, resource,
// organization, group, tag, licence) and the read actions. Each action takes the merged query
// and body parameters (strings from a query, any JSON from a body) and returns the `result`
// or throws a CkanError, which the route wraps in CKAN's envelope with CKAN's status code.
import type { Deps } from '../../platform/module.ts';
import {
  facetCounts,
  type FacetField,
  type FacetItem,
  findDatasetNames,
  findDatasetsByIds,
  findOrganization,
  findOrganizations,
  findResource,
  findTags,
  findTheme,
  findThemes,
  pagesByKeyset,
  searchDatasetIds,
} from './catalog.queries.ts';
import { DEFAULT_TOTAL_ESTIMATION_THRESHOLD } from './count.queries.ts';
import { cursorsFor } from './search-cursor.ts';
import { getDataset } from './catalog.service.ts';
import { isOpenLicense, LICENSE_BY_ID, LICENSES, type Dataset, type Organization, type Resource, type Theme } from './open-data.types.ts';
import { isFieldQuery, parseFilter, parseSort, SearchSyntaxError, type FilterNode } from './search-query.ts';
import { datastoreSearch } from './datastore.service.ts';
import { stableUuid } from './ids.ts';

export type CkanErrorType = 'Not Found Error' | 'Validation Error' | 'Search Query Error' | 'Bad Request' | 'Authorization Error';
const STATUS: Record<CkanErrorType, number> = { 'Not Found Error': 404, 'Validation Error': 409, 'Search Query Error': 400, 'Bad Request': 400, 'Authorization Error': 403 };

export class CkanError extends Error {
  readonly type: CkanErrorType;
  readonly fields: Record<string, string[]>;
  constructor(type: CkanErrorType, message: string, fields: Record<string, string[]> = {}) {
    super(message);
    this.type = type;
    this.fields = fields;
  }
  get status(): number {
    return STATUS[this.type];
  }
  /** CKAN's `error` object. */
  toJSON(): Record<string, unknown> {
    if (this.type === 'Validation Error') return { ...this.fields, __type: this.type };
    return { __type: this.type, message: this.message };
  }
}

const notFound = (what?: string) => new CkanError('Not Found Error', what ? `Not found: ${what}` : 'Not found');
const invalid = (field: string, message: string) => new CkanError('Validation Error', message, { [field]: [message] });

type Params = Record<string, unknown>;

/** CKAN's timestamps: UTC without a zone designator. */
export const ckanTime = (date: Date): string => date.toISOString().replace(/Z$/, '');

export function downloadPath(dataset: { name: string }, resource: { id: string }): string {
  return `/datos/${dataset.name}/recursos/${resource.id}/descargar`;
}

export function resourceDict(base: string, dataset: { name: string; metadataModified?: Date }, r: Resource): Record<string, unknown> {
  return {
    cache_last_updated: null,
    cache_url: null,
    created: ckanTime(r.created),
    datastore_active: r.datastoreTable !== null,
    description: r.description,
    format: r.format,
    hash: r.fileSha256 ? `sha256:${r.fileSha256}` : '',
    id: r.id,
    last_modified: ckanTime(r.lastModified),
    metadata_modified: ckanTime(r.lastModified),
    mimetype: r.mimetype,
    mimetype_inner: null,
    name: r.name,
    package_id: r.datasetId,
    position: r.position,
    resource_type: null,
    size: r.size,
    state: 'active',
    url: r.url ?? `${base}${downloadPath(dataset, r)}`,
    url_type: r.fileSha256 ? 'upload' : null,
    // The data dictionary, as CKAN's DataStore keeps it (field id, type and info).
    fields: r.dictionary.map((f) => ({ id: f.id, type: f.type, info: { label: f.label, notes: f.notes, unit: f.unit } })),
  };
}

export function organizationDict(base: string, o: Organization): Record<string, unknown> {
  return {
    approval_status: 'approved',
    created: ckanTime(o.created),
    description: o.description,
    display_name: o.title,
    id: o.id,
    image_display_url: '',
    image_url: '',
    is_organization: true,
    name: o.name,
    num_followers: 0,
    package_count: o.packageCount ?? 0,
    state: 'active',
    title: o.title,
    type: 'organization',
    ...(o.homepage ? { url: o.homepage } : { url: `${base}/datos?organizacion=${o.name}` }),
  };
}

export function groupDict(t: Theme): Record<string, unknown> {
  return {
    approval_status: 'approved',
    created: ckanTime(t.created),
    description: t.description,
    display_name: t.title,
    id: t.id,
    image_display_url: '',
    image_url: '',
    is_organization: false,
    name: t.name,
    num_followers: 0,
    package_count: t.packageCount ?? 0,
    state: 'active',
    title: t.title,
    type: 'group',
  };
}

const tagDict = (name: string) => ({ display_name: name, id: stableUuid(`tag:${name}`), name, state: 'active', vocabulary_id: null });

export function packageDict(base: string, d: Dataset, themes: Map<string, Theme>): Record<string, unknown> {
  const license = LICENSE_BY_ID.get(d.licenseId);
  const extras: Array<{ key: string; value: string }> = [
    { key: 'frequency', value: d.frequency },
    ...(d.temporalStart ? [{ key: 'temporal_start', value: d.temporalStart }] : []),
    ...(d.temporalEnd ? [{ key: 'temporal_end', value: d.temporalEnd }] : []),
    ...(d.spatial ? [{ key: 'spatial_text', value: d.spatial }] : []),
    ...(d.provenance ? [{ key: 'provenance', value: d.provenance }] : []),
    { key: 'source', value: d.source },
  ];
  return {
    author: d.organization.title,
    author_email: null,
    creator_user_id: null,
    id: d.id,
    isopen: isOpenLicense(d.licenseId),
    license_id: d.licenseId,
    license_title: license?.title ?? d.licenseId,
    ...(license?.url ? { license_url: license.url } : {}),
    maintainer: d.contactName,
    maintainer_email: d.contactEmail,
    metadata_created: ckanTime(d.metadataCreated),
    metadata_modified: ckanTime(d.metadataModified),
    name: d.name,
    notes: d.notes,
    num_resources: d.resources.length,
    num_tags: d.tags.length,
    organization: organizationDict(base, d.organization),
    owner_org: d.organization.id,
    private: false,
    state: 'active',
    title: d.title,
    type: 'dataset',
    url: `${base}/datos/${d.name}`,
    version: d.version,
    extras,
    resources: d.resources.map((r) => resourceDict(base, d, r)),
    tags: d.tags.map(tagDict),
    groups: d.themes.flatMap((name) => {
      const theme = themes.get(name);
      return theme ? [{ description: theme.description, display_name: theme.title, id: theme.id, image_display_url: '', name: theme.name, title: theme.title }] : [];
    }),
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}

// --- parameters, read as CKAN's validators read them ---

function intParam(params: Params, name: string, fallback: number, max?: number): number {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n)) throw invalid(name, 'Invalid integer');
  if (n < 0) throw invalid(name, 'Must be a natural number');
  return max === undefined ? n : Math.min(n, max);
}
function boolParam(params: Params, name: string, fallback: boolean): boolean {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw invalid(name, 'Value must be one of: true; false');
}
function stringParam(params: Params, name: string): string | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw invalid(name, 'Must be a string');
}
function requiredId(params: Params, name = 'id'): string {
  const id = stringParam(params, name) ?? stringParam(params, 'name_or_id');
  if (!id) throw invalid(name, 'Missing value');
  return id;
}
/** `facet.field`: a JSON list of field names (CKAN's form), or one name. */
function facetFields(params: Params): FacetField[] {
  const raw = params['facet.field'];
  if (raw === undefined || raw === '') return [];
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = raw.trim().startsWith('[') ? JSON.parse(raw) : [raw];
    } catch {
      throw invalid('facet.field', 'Invalid JSON list');
    }
  }
  if (!Array.isArray(list) || !list.every((f) => typeof f === 'string')) throw invalid('facet.field', 'Must be a list of strings');
  for (const f of list) if (!['organization', 'groups', 'tags', 'res_format', 'license_id'].includes(f)) throw new CkanError('Search Query Error', `Search Query is invalid: undefined field ${f}`);
  return list as FacetField[];
}

function parseOrFail(text: string): FilterNode {
  try {
    return parseFilter(text);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw new CkanError('Search Query Error', `Search Query is invalid: ${error.message}`);
    throw error;
  }
}

export const ROWS_MAX = 1000;

async function themeMap(deps: Deps): Promise<Map<string, Theme>> {
  return new Map((await findThemes(deps.dbRead, { counts: false })).map((t) => [t.name, t]));
}

export async function packageSearch(deps: Deps, params: Params): Promise<Record<string, unknown>> {
  const base = deps.config.publicUrl;
  const q = stringParam(params, 'q')?.trim() ?? '';
  const filters: FilterNode[] = [];
  let text: string | undefined;
  if (q && isFieldQuery(q)) filters.push(parseOrFail(q));
  else if (q) text = q;
  const fq = stringParam(params, 'fq');
  if (fq?.trim()) filters.push(parseOrFail(fq));
  const fqList = params.fq_list;
  if (Array.isArray(fqList)) for (const item of fqList) filters.push(parseOrFail(String(item)));
  const rows = intParam(params, 'rows', 10, ROWS_MAX);
  const start = intParam(params, 'start', 0);
  const sortText = stringParam(params, 'sort') ?? (text ? 'score desc, metadata_modified desc' : 'metadata_modified desc');
  let sort: ReturnType<typeof parseSort>;
  try {
    sort = parseSort(sortText);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw new CkanError('Search Query Error', `Search Query is invalid: ${error.message}`);
    throw error;
  }
  const fields = facetFields(params);
  const facetLimit = intParam(params, 'facet.limit', 50, 1000);
  const facetMin = intParam(params, 'facet.mincount', 1);
  // CKAN counts every match; past the threshold Tambo gives the planner's estimate, flagged (count.queries.ts).
  const threshold = params.total_estimation_threshold;
  const countEstimationThreshold = threshold === null || threshold === 'null' ? null : intParam(params, 'total_estimation_threshold', DEFAULT_TOTAL_ESTIMATION_THRESHOLD);
  // Keyset paging: the page at `start` continues the one that ended there, when this process served it.
  const cursors = cursorsFor(deps.dbRead);
  const signature = JSON.stringify({ text, filters, sort });
  const after = start > 0 && pagesByKeyset(sort) ? cursors.get(signature, start) : undefined;
  const search = { text, filters, sort, rows, start, after, countEstimationThreshold };
  const [found, themes, facets] = await Promise.all([
    searchDatasetIds(deps.dbRead, search),
    themeMap(deps),
    boolParam(params, 'facet', true) ? facetCounts(deps.dbRead, search, fields, facetLimit) : Promise.resolve(new Map<FacetField, FacetItem[]>()),
  ]);
  if (found.last) {
    cursors.set(signature, start + found.ids.length, found.last);
    // A short page is the end: the next page (start + rows) continues after its last dataset too.
    if (found.ids.length < rows) cursors.set(signature, start + rows, found.last);
  }
  const datasets = await findDatasetsByIds(deps.dbRead, found.ids);
  const kept = [...facets].map(([field, items]) => [field, items.filter((item) => item.count >= facetMin)] as const);
  return {
    count: found.count,
    count_was_estimated: found.countEstimated,
    facets: Object.fromEntries(kept.map(([field, items]) => [field, Object.fromEntries(items.map((i) => [i.name, i.count]))])),
    results: datasets.map((d) => packageDict(base, d, themes)),
    sort: sortText,
    search_facets: Object.fromEntries(kept.map(([field, items]) => [field, { title: field, items: items.map((i) => ({ name: i.name, display_name: i.title, count: i.count })) }])),
  };
}

export const actions: Record<string, (deps: Deps, params: Params) => Promise<unknown>> = {
  async status_show(deps) {
    return {
      ckan_version: '2.10.4',
      site_url: deps.config.publicUrl,
      site_description: 'Tambo: datos abiertos',
      site_title: 'Tambo',
      error_emails_to: null,
      locale_default: 'es',
      extensions: ['tambo_open_data', 'datastore', 'dcat'],
    };
  },
  async package_list(deps, params) {
    return findDatasetNames(deps.dbRead, intParam(params, 'limit', 1_000_000), intParam(params, 'offset', 0));
  },
  package_search: packageSearch,
  async package_show(deps, params) {
    const dataset = await getDataset(deps, requiredId(params));
    if (!dataset) throw notFound();
    return packageDict(deps.config.publicUrl, dataset, await themeMap(deps));
  },
  async resource_show(deps, params) {
    const resource = await findResource(deps.dbRead, requiredId(params));
    const dataset = resource ? await getDataset(deps, resource.datasetId) : undefined;
    if (!resource || !dataset) throw notFound('Resource was not found.');
    return resourceDict(deps.config.publicUrl, dataset, resource);
  },
  async organization_list(deps, params) {
    const sort = (stringParam(params, 'sort') ?? 'name asc').trim().split(/\s+/);
    const field = sort[0] === 'package_count' ? 'package_count' : sort[0] === 'title' ? 'title' : 'name';
    const list = await findOrganizations(deps.dbRead, { sort: field, desc: sort[1] === 'desc', limit: intParam(params, 'limit', 1000, 1000), offset: intParam(params, 'offset', 0) });
    return boolParam(params, 'all_fields', false) ? list.map((o) => organizationDict(deps.config.publicUrl, o)) : list.map((o) => o.name);
  },
  async organization_show(deps, params) {
    const org = await findOrganization(deps.dbRead, requiredId(params));
    if (!org) throw notFound('Organization was not found.');
    const dict = organizationDict(deps.config.publicUrl, org);
    if (!boolParam(params, 'include_datasets', false)) return { ...dict, users: [], extras: [], tags: [], groups: [] };
    const found = await searchDatasetIds(deps.dbRead, {
      filters: [{ kind: 'match', field: 'organization', values: [{ kind: 'term', value: org.name }] }],
      sort: [{ field: 'name', direction: 'asc' }],
      rows: 1000,
      start: 0,
    });
    const themes = await themeMap(deps);
    return { ...dict, users: [], extras: [], tags: [], groups: [], packages: (await findDatasetsByIds(deps.dbRead, found.ids)).map((d) => packageDict(deps.config.publicUrl, d, themes)) };
  },
  async group_list(deps, params) {
    const list = await findThemes(deps.dbRead);
    return boolParam(params, 'all_fields', false) ? list.map(groupDict) : list.map((t) => t.name);
  },
  async group_show(deps, params) {
    const theme = await findTheme(deps.dbRead, requiredId(params));
    if (!theme) throw notFound('Group was not found.');
    return { ...groupDict(theme), users: [], extras: [], tags: [], groups: [] };
  },
  async tag_list(deps, params) {
    const tags = await findTags(deps.dbRead, stringParam(params, 'query') ?? stringParam(params, 'q'));
    return boolParam(params, 'all_fields', false) ? tags.map(tagDict) : tags;
  },
  async license_list() {
    return LICENSES.map((l) => ({
      domain_content: false,
      domain_data: l.odConformance === 'approved',
      domain_software: false,
      family: '',
      id: l.id,
      is_generic: l.isGeneric,
      is_okd_compliant: l.odConformance === 'approved',
      is_osi_compliant: l.osdConformance === 'approved',
      maintainer: '',
      od_conformance: l.odConformance,
      osd_conformance: l.osdConformance,
      status: 'active',
      title: l.title,
      url: l.url,
    }));
  },
  datastore_search: (deps, params) => datastoreSearch(deps, params),
};
