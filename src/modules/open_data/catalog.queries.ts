// Every SQL statement on the open_data catalog: organizations, themes, datasets, their
// versions and resources. Search compiles the parsed `fq` tree (search-query.ts) to SQL here.
import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import { countOrEstimate } from './count.queries.ts';
import type { Dataset, DatasetInput, DictionaryField, Organization, Resource, ResourceInput, Theme } from './open-data.types.ts';
import type { FilterNode, FilterValue, SortKey } from './search-query.ts';

interface OrganizationRow {
  id: string;
  name: string;
  title: string;
  description: string;
  agency_code: string | null;
  homepage: string | null;
  created: Date;
  package_count?: number;
}
const toOrganization = (row: OrganizationRow): Organization => ({
  id: row.id,
  name: row.name,
  title: row.title,
  description: row.description,
  agencyCode: row.agency_code,
  homepage: row.homepage,
  created: row.created,
  ...(row.package_count === undefined ? {} : { packageCount: row.package_count }),
});

export async function upsertOrganization(db: Queryable, org: Omit<Organization, 'created' | 'packageCount'>): Promise<Organization> {
  const result = await sql<OrganizationRow>`
    INSERT INTO open_data.organization (id, name, title, description, agency_code, homepage)
    VALUES (${org.id}, ${org.name}, ${org.title}, ${org.description}, ${org.agencyCode}, ${org.homepage})
    ON CONFLICT (name) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description, homepage = EXCLUDED.homepage
    RETURNING *`.execute(db);
  return toOrganization(result.rows[0]!);
}

const packageCount = (column: RawBuilder<unknown>) => sql`(SELECT count(*)::int FROM open_data.dataset d WHERE ${column} AND d.state = 'active')`;

export async function findOrganizations(db: Queryable, options: { sort?: 'name' | 'title' | 'package_count'; desc?: boolean; limit?: number; offset?: number } = {}): Promise<Organization[]> {
  const order = options.sort === 'package_count' ? sql`package_count` : options.sort === 'title' ? sql`title` : sql`name`;
  const result = await sql<OrganizationRow>`
    SELECT o.*, ${packageCount(sql`d.organization_id = o.id`)} AS package_count
    FROM open_data.organization o
    ORDER BY ${order} ${options.desc ? sql`DESC` : sql`ASC`}, o.name
    LIMIT ${options.limit ?? 1000} OFFSET ${options.offset ?? 0}`.execute(db);
  return result.rows.map(toOrganization);
}

export async function findOrganization(db: Queryable, idOrName: string): Promise<Organization | undefined> {
  const result = await sql<OrganizationRow>`
    SELECT o.*, ${packageCount(sql`d.organization_id = o.id`)} AS package_count
    FROM open_data.organization o WHERE o.name = ${idOrName} OR o.id::text = ${idOrName}`.execute(db);
  return result.rows[0] ? toOrganization(result.rows[0]) : undefined;
}

interface ThemeRow {
  id: string;
  name: string;
  title: string;
  description: string;
  eu_theme: string;
  created: Date;
  package_count?: number;
}
const toTheme = (row: ThemeRow): Theme => ({
  id: row.id,
  name: row.name,
  title: row.title,
  description: row.description,
  euTheme: row.eu_theme,
  created: row.created,
  ...(row.package_count === undefined ? {} : { packageCount: row.package_count }),
});

export async function upsertTheme(db: Queryable, theme: Omit<Theme, 'created' | 'packageCount'>): Promise<void> {
  await sql`
    INSERT INTO open_data.theme (id, name, title, description, eu_theme)
    VALUES (${theme.id}, ${theme.name}, ${theme.title}, ${theme.description}, ${theme.euTheme})
    ON CONFLICT (name) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description, eu_theme = EXCLUDED.eu_theme`.execute(db);
}

/** The themes, with their dataset counts unless `counts: false` (a dataset's dict names its themes, no counts: no count per request). */
export async function findThemes(db: Queryable, options: { counts?: boolean } = {}): Promise<Theme[]> {
  const result =
    options.counts === false
      ? await sql<ThemeRow>`SELECT t.* FROM open_data.theme t ORDER BY t.name`.execute(db)
      : await sql<ThemeRow>`SELECT t.*, ${packageCount(sql`d.themes @> ARRAY[t.name]`)} AS package_count FROM open_data.theme t ORDER BY t.name`.execute(db);
  return result.rows.map(toTheme);
}

export async function findTheme(db: Queryable, idOrName: string): Promise<Theme | undefined> {
  const result = await sql<ThemeRow>`
    SELECT t.*, ${packageCount(sql`d.themes @> ARRAY[t.name]`)} AS package_count
    FROM open_data.theme t WHERE t.name = ${idOrName} OR t.id::text = ${idOrName}`.execute(db);
  return result.rows[0] ? toTheme(result.rows[0]) : undefined;
}

interface ResourceRow {
  id: string;
  dataset_id: string;
  position: number;
  name: string;
  description: string;
  format: string;
  mimetype: string | null;
  file_sha256: string | null;
  url: string | null;
  size: number | null;
  dictionary: DictionaryField[];
  datastore_table: string | null;
  datastore_rows: number | null;
  created: Date;
  last_modified: Date;
}
const toResource = (row: ResourceRow): Resource => ({
  id: row.id,
  datasetId: row.dataset_id,
  position: row.position,
  name: row.name,
  description: row.description,
  format: row.format,
  mimetype: row.mimetype,
  fileSha256: row.file_sha256,
  url: row.url,
  size: row.size,
  dictionary: row.dictionary,
  datastoreTable: row.datastore_table,
  datastoreRows: row.datastore_rows,
  created: row.created,
  lastModified: row.last_modified,
});

interface DatasetRow {
  id: string;
  name: string;
  title: string;
  notes: string;
  license_id: string;
  tags: string[];
  themes: string[];
  temporal_start: string | null;
  temporal_end: string | null;
  spatial: string | null;
  frequency: string;
  contact_name: string;
  contact_email: string;
  version: string;
  provenance: string;
  source: 'agency' | 'platform';
  metadata_created: Date;
  metadata_modified: Date;
  organization: OrganizationRow;
}

/** Datasets by id, in the order given, with their organization and resources. */
export async function findDatasetsByIds(db: Queryable, ids: string[]): Promise<Dataset[]> {
  if (ids.length === 0) return [];
  const rows = await sql<DatasetRow>`
    SELECT d.id, d.name, d.title, d.notes, d.license_id, d.tags, d.themes,
           to_char(d.temporal_start, 'YYYY-MM-DD') AS temporal_start, to_char(d.temporal_end, 'YYYY-MM-DD') AS temporal_end,
           d.spatial, d.frequency, d.contact_name, d.contact_email, d.version, d.provenance, d.source,
           d.metadata_created, d.metadata_modified, to_jsonb(o) AS organization
    FROM open_data.dataset d JOIN open_data.organization o ON o.id = d.organization_id
    WHERE d.id = ANY (${ids}::uuid[]) AND d.state = 'active'`.execute(db);
  const resources = await sql<ResourceRow>`
    SELECT * FROM open_data.resource WHERE dataset_id = ANY (${ids}::uuid[]) ORDER BY dataset_id, position`.execute(db);
  const byDataset = new Map<string, Resource[]>();
  for (const row of resources.rows) byDataset.set(row.dataset_id, [...(byDataset.get(row.dataset_id) ?? []), toResource(row)]);
  const byId = new Map(rows.rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        id: row.id,
        name: row.name,
        title: row.title,
        notes: row.notes,
        organization: toOrganization({ ...row.organization, created: new Date(row.organization.created) }),
        licenseId: row.license_id,
        tags: row.tags,
        themes: row.themes,
        temporalStart: row.temporal_start,
        temporalEnd: row.temporal_end,
        spatial: row.spatial,
        frequency: row.frequency,
        contactName: row.contact_name,
        contactEmail: row.contact_email,
        version: row.version,
        provenance: row.provenance,
        source: row.source,
        metadataCreated: row.metadata_created,
        metadataModified: row.metadata_modified,
        resources: byDataset.get(row.id) ?? [],
      },
    ];
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findDatasetId(db: Queryable, idOrName: string): Promise<string | undefined> {
  // By the unique indexes: only what reads as a uuid can be an id (`id::text = …` would read every row).
  const result = UUID.test(idOrName)
    ? await sql<{ id: string }>`SELECT id FROM open_data.dataset WHERE state = 'active' AND (id = ${idOrName}::uuid OR name = ${idOrName}) ORDER BY id = ${idOrName}::uuid DESC LIMIT 1`.execute(db)
    : await sql<{ id: string }>`SELECT id FROM open_data.dataset WHERE state = 'active' AND name = ${idOrName}`.execute(db);
  return result.rows[0]?.id;
}

export async function findResource(db: Queryable, id: string): Promise<Resource | undefined> {
  if (!UUID.test(id)) return undefined;
  const result = await sql<ResourceRow>`SELECT * FROM open_data.resource WHERE id = ${id}::uuid`.execute(db);
  return result.rows[0] ? toResource(result.rows[0]) : undefined;
}

export async function findDatasetNames(db: Queryable, limit: number, offset: number): Promise<string[]> {
  const result = await sql<{ name: string }>`
    SELECT name FROM open_data.dataset WHERE state = 'active' ORDER BY name LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return result.rows.map((row) => row.name);
}

export async function findTags(db: Queryable, query: string | undefined): Promise<string[]> {
  const result = await sql<{ tag: string }>`
    SELECT DISTINCT tag FROM open_data.dataset, unnest(tags) AS tag
    WHERE state = 'active' ${query ? sql`AND tag ILIKE ${`%${query.replace(/[\\%_]/g, '\\$&')}%`}` : sql``} ORDER BY tag`.execute(db);
  return result.rows.map((row) => row.tag);
}

// --- search ---

/** The facet fields, each kept in `dataset.facets` as `field:value` (migration 003). */
export type FacetField = 'organization' | 'groups' | 'tags' | 'res_format' | 'license_id';
const FACET_FIELDS = new Set<string>(['organization', 'groups', 'tags', 'res_format', 'license_id']);
/** A facet value as the column keeps it (formats in upper case, as CKAN's res_format facet). */
const facetValue = (field: FacetField, value: string) => `${field}:${field === 'res_format' ? value.toUpperCase() : value}`;

function valueCondition(field: string, value: FilterValue): RawBuilder<unknown> {
  if (value.kind === 'any') return sql`true`;
  if (value.kind === 'range') {
    const column = field === 'metadata_created' ? sql.ref('d.metadata_created') : sql.ref('d.metadata_modified');
    const parts: RawBuilder<unknown>[] = [];
    if (value.from !== null) parts.push(value.includeFrom ? sql`${column} >= ${value.from}::timestamptz` : sql`${column} > ${value.from}::timestamptz`);
    if (value.to !== null) parts.push(value.includeTo ? sql`${column} <= ${value.to}::timestamptz` : sql`${column} < ${value.to}::timestamptz`);
    return parts.length ? sql`(${sql.join(parts, sql` AND `)})` : sql`true`;
  }
  const v = value.value;
  // One GIN index condition over the facet column, however many facets the filter names.
  if (FACET_FIELDS.has(field)) return sql`d.facets @> ARRAY[${facetValue(field as FacetField, v)}]::text[]`;
  switch (field) {
    case 'name':
      return sql`d.name = ${v}`;
    case 'id':
      return UUID.test(v) ? sql`d.id = ${v}::uuid` : sql`false`;
    case 'dataset_type':
      return v === 'dataset' ? sql`true` : sql`false`;
    case 'capacity':
      return v === 'public' ? sql`true` : sql`false`;
    case 'state':
      return v === 'active' ? sql`true` : sql`false`;
    default:
      return sql`false`;
  }
}

export function filterCondition(node: FilterNode): RawBuilder<unknown> {
  switch (node.kind) {
    case 'all':
      return sql`true`;
    case 'match':
      return sql`(${sql.join(
        node.values.map((value) => valueCondition(node.field, value)),
        sql` OR `,
      )})`;
    case 'not':
      return sql`NOT ${filterCondition(node.node)}`;
    case 'and':
      return sql`(${sql.join(node.nodes.map(filterCondition), sql` AND `)})`;
    case 'or':
      return sql`(${sql.join(node.nodes.map(filterCondition), sql` OR `)})`;
  }
}

/** Where the previous page ended: its last dataset's sort values (as text) and id. */
export interface SearchCursor {
  values: string[];
  id: string;
}

export interface DatasetSearch {
  /** Words to look for (full text), or none. */
  text?: string;
  filters: FilterNode[];
  sort: SortKey[];
  rows: number;
  start: number;
  /** Continue after this dataset instead of skipping `start` rows (keyset paging; no `score` in the sort). */
  after?: SearchCursor | undefined;
  /** Past this many matches (the planner's estimate) the count is that estimate (count.queries.ts); null: always counted. */
  countEstimationThreshold?: number | null;
}

function searchWhere(search: Pick<DatasetSearch, 'text' | 'filters'>): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`d.state = 'active'`, ...search.filters.map(filterCondition)];
  if (search.text) conditions.push(sql`d.search @@ websearch_to_tsquery('open_data.folded', ${search.text})`);
  return sql.join(conditions, sql` AND `);
}

type ColumnKey = Exclude<SortKey['field'], 'score'>;
const CAST: Record<ColumnKey, RawBuilder<unknown>> = {
  id: sql`uuid`,
  name: sql`text`,
  title: sql`text`,
  metadata_modified: sql`timestamptz`,
  metadata_created: sql`timestamptz`,
};

/** Whether a search can continue from a cursor: every sort key is a column (no relevance score). */
export const pagesByKeyset = (sort: SortKey[]) => sort.every((key) => key.field !== 'score');

/**
 * The keys a page is ordered by: the sort, then the id in the direction of the sort's last key
 * (a stable order, so paging never repeats or skips a dataset, and the one the partial indexes
 * of migration 003 give in either direction).
 */
function orderKeys(search: Pick<DatasetSearch, 'sort' | 'text'>): Array<{ field: ColumnKey | 'score'; direction: 'asc' | 'desc' }> {
  const keys = search.sort.filter((key) => key.field !== 'score' || search.text);
  const columns = keys.filter((key) => key.field !== 'id');
  const last = keys.at(-1)?.direction ?? 'asc';
  const id = keys.find((key) => key.field === 'id');
  // Keys after the id never matter: the id is unique.
  const upToId = id ? keys.slice(0, keys.indexOf(id) + 1) : [...columns, { field: 'id' as const, direction: last }];
  return upToId;
}

function keyExpression(field: ColumnKey | 'score', text: string | undefined): RawBuilder<unknown> {
  return field === 'score' ? sql`ts_rank(d.search, websearch_to_tsquery('open_data.folded', ${text ?? ''}))` : sql.ref(`d.${field}`);
}

/** The rows after the cursor in the order of `keys` (lexicographic; one row comparison when every key goes one way). */
function afterCondition(keys: Array<{ field: ColumnKey; direction: 'asc' | 'desc' }>, cursor: SearchCursor): RawBuilder<unknown> {
  const values = keys.map((key, i) => sql`${key.field === 'id' ? cursor.id : cursor.values[i]}::${CAST[key.field]}`);
  const columns = keys.map((key) => sql.ref(`d.${key.field}`));
  if (keys.every((key) => key.direction === keys[0]!.direction)) {
    return keys[0]!.direction === 'asc' ? sql`(${sql.join(columns)}) > (${sql.join(values)})` : sql`(${sql.join(columns)}) < (${sql.join(values)})`;
  }
  const alternatives = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((_, j) => sql`${columns[j]} = ${values[j]}`);
    const beyond = key.direction === 'asc' ? sql`${columns[i]} > ${values[i]}` : sql`${columns[i]} < ${values[i]}`;
    return sql`(${sql.join([...equal, beyond], sql` AND `)})`;
  });
  return sql`(${sql.join(alternatives, sql` OR `)})`;
}

export async function searchDatasetIds(db: Queryable, search: DatasetSearch): Promise<{ count: number; countEstimated: boolean; ids: string[]; last: SearchCursor | undefined }> {
  const where = searchWhere(search);
  const keys = orderKeys(search);
  const order = keys.map((key) => sql`${keyExpression(key.field, search.text)} ${key.direction === 'desc' ? sql`DESC` : sql`ASC`}`);
  const keyset = pagesByKeyset(keys);
  const columnKeys = keys as Array<{ field: ColumnKey; direction: 'asc' | 'desc' }>;
  const pageWhere = keyset && search.after ? sql`${where} AND ${afterCondition(columnKeys, search.after)}` : where;
  const [count, page] = await Promise.all([
    countOrEstimate(db, sql`FROM open_data.dataset d WHERE ${where}`, search.countEstimationThreshold ?? null),
    search.rows === 0
      ? Promise.resolve({ rows: [] as Array<{ id: string; keys: string[] }> })
      : sql<{ id: string; keys: string[] }>`
          SELECT d.id, ARRAY[${sql.join(keyset ? columnKeys.map((key) => sql`${sql.ref(`d.${key.field}`)}::text`) : [sql`''`])}] AS keys
          FROM open_data.dataset d
          WHERE ${pageWhere} ORDER BY ${sql.join(order)} LIMIT ${search.rows} OFFSET ${keyset && search.after ? 0 : search.start}`.execute(db),
  ]);
  const lastRow = page.rows.at(-1);
  return {
    count: count.total,
    countEstimated: count.estimated,
    ids: page.rows.map((row) => row.id),
    last: keyset && lastRow ? { values: lastRow.keys, id: lastRow.id } : undefined,
  };
}

export type FacetItem = { name: string; title: string; count: number };

/**
 * Counts of each value of the facets over the datasets the search finds, most frequent first,
 * at most `limit` a field: one pass over the matches' facet column for every field asked.
 */
export async function facetCounts(db: Queryable, search: Pick<DatasetSearch, 'text' | 'filters'>, fields: FacetField[], limit: number): Promise<Map<FacetField, FacetItem[]>> {
  const counts = new Map<FacetField, FacetItem[]>(fields.map((field) => [field, []]));
  if (fields.length === 0) return counts;
  const result = await sql<{ field: FacetField; name: string; count: number }>`
    SELECT field, name, count FROM (
      SELECT split_part(f, ':', 1) AS field, substr(f, strpos(f, ':') + 1) AS name, count(*)::int AS count,
             row_number() OVER (PARTITION BY split_part(f, ':', 1) ORDER BY count(*) DESC, substr(f, strpos(f, ':') + 1)) AS rank
      FROM open_data.dataset d, unnest(d.facets) f
      WHERE ${searchWhere(search)} AND split_part(f, ':', 1) = ANY (${fields}::text[])
      GROUP BY f) x
    WHERE rank <= ${limit} ORDER BY field, rank`.execute(db);
  // Display titles: organizations' and themes' titles; any other value is its own title.
  const named = (field: FacetField) => result.rows.filter((row) => row.field === field).map((row) => row.name);
  const [organizations, themes] = await Promise.all([
    named('organization').length ? sql<{ name: string; title: string }>`SELECT name, title FROM open_data.organization WHERE name = ANY (${named('organization')}::text[])`.execute(db) : { rows: [] },
    named('groups').length ? sql<{ name: string; title: string }>`SELECT name, title FROM open_data.theme WHERE name = ANY (${named('groups')}::text[])`.execute(db) : { rows: [] },
  ]);
  const titles = { organization: new Map(organizations.rows.map((row) => [row.name, row.title])), groups: new Map(themes.rows.map((row) => [row.name, row.title])) };
  for (const row of result.rows) {
    const title = row.field === 'organization' || row.field === 'groups' ? titles[row.field].get(row.name) : undefined;
    counts.get(row.field)?.push({ name: row.name, title: title ?? row.name, count: row.count });
  }
  return counts;
}

// --- writes ---

export interface SavedDataset {
  id: string;
  version: string;
  outcome: 'created' | 'updated' | 'unchanged';
}

/**
 * Creates or updates a dataset by name with its resources (replaced whole) and, when anything
 * changed, a new version in its history. `contentHash` identifies the metadata and resources
 * as published: the same hash is no change.
 */
export async function saveDatasetRows(db: Queryable, id: string, input: DatasetInput, resources: Array<ResourceInput & { id: string }>, contentHash: string, note: string): Promise<SavedDataset> {
  // `FOR UPDATE` locks an existing row only: two first saves of one name (two processes
  // publishing at start) would both find none and both insert. The name's lock, held to the end
  // of the caller's transaction, makes the second wait and then find the first's row.
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`open_data.dataset:${input.name}`}, 0))`.execute(db);
  const existing = await sql<{ id: string; version: string; content_hash: string | null }>`
    SELECT id, version, content_hash FROM open_data.dataset WHERE name = ${input.name} FOR UPDATE`.execute(db);
  const row = existing.rows[0];
  if (row && row.content_hash === contentHash) return { id: row.id, version: row.version, outcome: 'unchanged' };
  const datasetId = row?.id ?? id;
  const version = row ? nextVersion(row.version) : '1.0';
  const values = sql`${input.title}, ${input.notes}, ${input.organizationId}, ${input.licenseId}, ${input.tags}::text[], ${input.themes}::text[],
    ${input.temporalStart}::date, ${input.temporalEnd}::date, ${input.spatial}, ${input.frequency}, ${input.contactName}, ${input.contactEmail},
    ${version}, ${input.provenance}, ${input.source}, ${input.sourceKey}, ${contentHash}`;
  if (row) {
    await sql`
      UPDATE open_data.dataset SET (title, notes, organization_id, license_id, tags, themes, temporal_start, temporal_end, spatial, frequency,
        contact_name, contact_email, version, provenance, source, source_key, content_hash) = (${values}), metadata_modified = clock_timestamp(), state = 'active'
      WHERE id = ${datasetId}`.execute(db);
    // A resource keeps its id at its position: links to resource_show stay valid across versions.
    const kept = await sql<{ id: string; position: number }>`DELETE FROM open_data.resource WHERE dataset_id = ${datasetId} RETURNING id, position`.execute(db);
    for (const old of kept.rows) if (resources[old.position]) resources[old.position] = { ...resources[old.position]!, id: old.id };
  } else {
    await sql`
      INSERT INTO open_data.dataset (id, name, title, notes, organization_id, license_id, tags, themes, temporal_start, temporal_end, spatial, frequency,
        contact_name, contact_email, version, provenance, source, source_key, content_hash, metadata_created, metadata_modified)
      VALUES (${datasetId}, ${input.name}, ${values}, clock_timestamp(), clock_timestamp())`.execute(db);
  }
  for (const [position, r] of resources.entries()) {
    await sql`
      INSERT INTO open_data.resource (id, dataset_id, position, name, description, format, mimetype, file_sha256, url, size, dictionary, datastore_table, datastore_rows)
      VALUES (${r.id}, ${datasetId}, ${position}, ${r.name}, ${r.description}, ${r.format}, ${r.mimetype}, ${r.fileSha256}, ${r.url}, ${r.size},
              ${JSON.stringify(r.dictionary)}::jsonb, ${r.datastoreTable}, ${r.datastoreRows})`.execute(db);
  }
  await sql`
    INSERT INTO open_data.dataset_version (dataset_id, version, note, metadata)
    VALUES (${datasetId}, ${version}, ${note}, ${JSON.stringify({ ...input, resources: resources.map(({ id: _id, ...r }) => r) })}::jsonb)`.execute(db);
  return { id: datasetId, version, outcome: row ? 'updated' : 'created' };
}

function nextVersion(version: string): string {
  const [major = '1', minor = '0'] = version.split('.');
  return `${major}.${Number(minor) + 1}`;
}

export async function findDatasetVersions(db: Queryable, datasetId: string): Promise<Array<{ version: string; changedAt: Date; note: string }>> {
  const result = await sql<{ version: string; changed_at: Date; note: string }>`
    SELECT version, changed_at, note FROM open_data.dataset_version WHERE dataset_id = ${datasetId} ORDER BY changed_at DESC, version DESC`.execute(db);
  return result.rows.map((row) => ({ version: row.version, changedAt: row.changed_at, note: row.note }));
}
