// Every SQL statement on the open_data catalog: organizations, themes, datasets, their
// versions and resources. Search compiles the parsed `fq` tree (search-query.ts) to SQL here.
import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
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
  switch (field) {
    case 'organization':
      return sql`o.name = ${v}`;
    case 'groups':
      return sql`d.themes @> ARRAY[${v}]::text[]`;
    case 'tags':
      return sql`d.tags @> ARRAY[${v}]::text[]`;
    case 'res_format':
      return sql`EXISTS (SELECT 1 FROM open_data.resource r WHERE r.dataset_id = d.id AND upper(r.format) = upper(${v}))`;
    case 'license_id':
      return sql`d.license_id = ${v}`;
    case 'name':
      return sql`d.name = ${v}`;
    case 'id':
      return sql`d.id::text = ${v}`;
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

export interface DatasetSearch {
  /** Words to look for (full text), or none. */
  text?: string;
  filters: FilterNode[];
  sort: SortKey[];
  rows: number;
  start: number;
}

function searchWhere(search: Pick<DatasetSearch, 'text' | 'filters'>): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`d.state = 'active'`, ...search.filters.map(filterCondition)];
  if (search.text) conditions.push(sql`d.search @@ websearch_to_tsquery('open_data.folded', ${search.text})`);
  return sql.join(conditions, sql` AND `);
}

export async function searchDatasetIds(db: Queryable, search: DatasetSearch): Promise<{ count: number; ids: string[] }> {
  const where = searchWhere(search);
  const order = search.sort.flatMap((key) => {
    const direction = key.direction === 'desc' ? sql`DESC` : sql`ASC`;
    if (key.field === 'score') return search.text ? [sql`ts_rank(d.search, websearch_to_tsquery('open_data.folded', ${search.text})) ${direction}`] : [];
    return [sql`${sql.ref(`d.${key.field}`)} ${direction}`];
  });
  // The id last: a stable order, so paging with start never repeats or skips a dataset.
  order.push(sql`d.id ASC`);
  const [count, page] = await Promise.all([
    sql<{ n: number }>`SELECT count(*)::int AS n FROM open_data.dataset d JOIN open_data.organization o ON o.id = d.organization_id WHERE ${where}`.execute(db),
    search.rows === 0
      ? Promise.resolve({ rows: [] as Array<{ id: string }> })
      : sql<{ id: string }>`
          SELECT d.id FROM open_data.dataset d JOIN open_data.organization o ON o.id = d.organization_id
          WHERE ${where} ORDER BY ${sql.join(order)} LIMIT ${search.rows} OFFSET ${search.start}`.execute(db),
  ]);
  return { count: count.rows[0]!.n, ids: page.rows.map((row) => row.id) };
}

export type FacetField = 'organization' | 'groups' | 'tags' | 'res_format' | 'license_id';

/** Counts of each value of a facet over the datasets the search finds, most frequent first. */
export async function facetCounts(db: Queryable, search: Pick<DatasetSearch, 'text' | 'filters'>, field: FacetField, limit: number): Promise<Array<{ name: string; title: string; count: number }>> {
  const where = searchWhere(search);
  const value =
    field === 'organization'
      ? sql`SELECT o.name, o.title FROM (SELECT 1) x`
      : field === 'groups'
        ? sql`SELECT g AS name, coalesce((SELECT title FROM open_data.theme t WHERE t.name = g), g) AS title FROM unnest(d.themes) g`
        : field === 'tags'
          ? sql`SELECT g AS name, g AS title FROM unnest(d.tags) g`
          : field === 'res_format'
            ? sql`SELECT DISTINCT upper(r.format) AS name, upper(r.format) AS title FROM open_data.resource r WHERE r.dataset_id = d.id`
            : sql`SELECT d.license_id AS name, d.license_id AS title FROM (SELECT 1) x`;
  const result = await sql<{ name: string; title: string; count: number }>`
    SELECT v.name, min(v.title) AS title, count(*)::int AS count
    FROM open_data.dataset d JOIN open_data.organization o ON o.id = d.organization_id, LATERAL (${value}) v
    WHERE ${where}
    GROUP BY v.name ORDER BY count DESC, v.name LIMIT ${limit}`.execute(db);
  return result.rows;
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
