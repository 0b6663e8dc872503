// Every SQL statement on the catalog schema (row types: db.generated.ts).
import { type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { ProcedureRow, ProcedureVersionRow, Tables } from './db.generated.ts';
import type { CommitmentTarget } from './commitments.ts';
import type { Procedure, ProcedureContent, ProcedureStatus, ProcedureTranslations, ProcedureVersion, PublishedProcedure, SearchFilters, VersionStatus } from './procedure.types.ts';

const versionColumns = [
  'v.id',
  'v.procedure_id',
  'v.version',
  'v.status',
  'v.name',
  'v.summary',
  'v.audiences',
  'v.topics',
  'v.life_events',
  'v.requirements',
  'v.legal_basis',
  'v.fee_kind',
  'v.fee_amount',
  'v.fee_formula',
  'v.max_response_days',
  'v.tacit_outcome',
  'v.result',
  'v.result_validity',
  'v.is_online',
  'v.office_visits',
  'v.offices',
  'v.steps',
  'v.commitments',
  'v.commitment_targets',
  'v.form',
  'v.workflow',
  'v.translations',
  'v.created_at',
  'v.updated_at',
  'v.published_at',
] as const;
type Unprefixed<T> = T extends `v.${infer Column}` ? Column : never;
type VersionSelection = Pick<Selectable<ProcedureVersionRow>, Unprefixed<(typeof versionColumns)[number]>>;
const procedureColumns = ['id', 'slug', 'agency_code', 'status', 'published_version_id', 'created_at', 'updated_at'] as const;
type ProcedureSelection = Pick<Selectable<ProcedureRow>, (typeof procedureColumns)[number]>;

// The text columns hold what this file writes (a status, kinds and codes of the procedure's types; offices as JSON).
const toVersion = (r: VersionSelection): ProcedureVersion => ({
  id: r.id,
  procedureId: r.procedure_id,
  version: r.version,
  status: r.status as VersionStatus,
  name: r.name,
  summary: r.summary,
  audiences: r.audiences as ProcedureVersion['audiences'],
  topics: r.topics as ProcedureVersion['topics'],
  lifeEvents: r.life_events as ProcedureVersion['lifeEvents'],
  requirements: r.requirements,
  legalBasis: r.legal_basis,
  feeKind: r.fee_kind as ProcedureVersion['feeKind'],
  feeAmount: r.fee_amount,
  feeFormula: r.fee_formula,
  maxResponseDays: r.max_response_days,
  tacitOutcome: r.tacit_outcome as ProcedureVersion['tacitOutcome'],
  result: r.result,
  resultValidity: r.result_validity,
  isOnline: r.is_online,
  officeVisits: r.office_visits,
  offices: r.offices as unknown as ProcedureContent['offices'],
  steps: r.steps,
  commitments: r.commitments,
  commitmentTargets: r.commitment_targets as unknown as CommitmentTarget[],
  form: r.form,
  workflow: r.workflow,
  translations: r.translations as ProcedureTranslations,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  publishedAt: r.published_at,
});
const toPublished = (r: VersionSelection & { slug: string; agency_code: string }): PublishedProcedure => ({ ...toVersion(r), slug: r.slug, agencyCode: r.agency_code });
const toProcedure = (r: ProcedureSelection): Procedure => ({
  id: r.id,
  slug: r.slug,
  agencyCode: r.agency_code,
  status: r.status as ProcedureStatus,
  publishedVersionId: r.published_version_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Versions with their procedure's slug and agency. */
const selectPublished = (db: Queryable) =>
  typed<Tables>(db)
    .selectFrom('catalog.procedure_version as v')
    .innerJoin('catalog.procedure as p', 'p.id', 'v.procedure_id')
    .select([...versionColumns, 'p.slug', 'p.agency_code']);

export async function findProcedureBySlug(db: Queryable, slug: string): Promise<Procedure | undefined> {
  const row = await typed<Tables>(db).selectFrom('catalog.procedure').select(procedureColumns).where('slug', '=', slug).executeTakeFirst();
  return row ? toProcedure(row) : undefined;
}

export async function findProcedureById(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Procedure | undefined> {
  let query = typed<Tables>(db).selectFrom('catalog.procedure').select(procedureColumns).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toProcedure(row) : undefined;
}

/** The published version of a procedure, by slug. */
export async function findPublishedBySlug(db: Queryable, slug: string): Promise<PublishedProcedure | undefined> {
  const row = await selectPublished(db).whereRef('v.id', '=', 'p.published_version_id').where('p.slug', '=', slug).where('p.status', '=', 'published').executeTakeFirst();
  return row ? toPublished(row) : undefined;
}

export async function findVersion(db: Queryable, versionId: string): Promise<PublishedProcedure | undefined> {
  const row = await selectPublished(db).where('v.id', '=', versionId).executeTakeFirst();
  return row ? toPublished(row) : undefined;
}

/** Every version of a procedure, newest first. */
export async function findVersions(db: Queryable, procedureId: string): Promise<ProcedureVersion[]> {
  const rows = await typed<Tables>(db).selectFrom('catalog.procedure_version as v').select(versionColumns).where('v.procedure_id', '=', procedureId).orderBy('v.version', 'desc').execute();
  return rows.map(toVersion);
}

export async function insertProcedure(db: Queryable, p: { id: string; slug: string; agencyCode: string }): Promise<void> {
  await typed<Tables>(db).insertInto('catalog.procedure').values({ id: p.id, slug: p.slug, agency_code: p.agencyCode }).execute();
}

/** The content columns of a version as written. */
const contentValues = (c: ProcedureContent) => ({
  name: c.name,
  summary: c.summary,
  audiences: c.audiences,
  topics: c.topics,
  life_events: c.lifeEvents,
  requirements: c.requirements,
  legal_basis: c.legalBasis,
  fee_kind: c.feeKind,
  fee_amount: c.feeAmount,
  fee_formula: c.feeFormula,
  max_response_days: c.maxResponseDays,
  tacit_outcome: c.tacitOutcome,
  result: c.result,
  result_validity: c.resultValidity,
  is_online: c.isOnline,
  office_visits: c.officeVisits ?? null,
  offices: JSON.stringify(c.offices),
  steps: c.steps,
  commitments: c.commitments,
  commitment_targets: JSON.stringify(c.commitmentTargets ?? []),
  form: c.form === null ? null : JSON.stringify(c.form),
  workflow: c.workflow === null ? null : JSON.stringify(c.workflow),
  translations: JSON.stringify(c.translations ?? {}),
});

export async function insertDraftVersion(db: Queryable, v: { id: string; procedureId: string; version: number; createdBy: string; content: ProcedureContent }): Promise<void> {
  await typed<Tables>(db)
    .insertInto('catalog.procedure_version')
    .values({ id: v.id, procedure_id: v.procedureId, version: v.version, created_by: v.createdBy, ...contentValues(v.content) })
    .execute();
}

/** Rewrites a draft; returns false when the version is not (or no longer) a draft. */
export async function updateDraftVersion(db: Queryable, versionId: string, c: ProcedureContent): Promise<boolean> {
  const result = await typed<Tables>(db)
    .updateTable('catalog.procedure_version')
    .set({ ...contentValues(c), updated_at: sql<Date>`now()` })
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setVersionStatus(db: Queryable, versionId: string, from: VersionStatus, to: VersionStatus, actor?: string): Promise<boolean> {
  const published = to === 'published' ? { published_at: sql<Date>`now()`, published_by: actor ?? null } : {};
  const result = await typed<Tables>(db)
    .updateTable('catalog.procedure_version')
    .set({ status: to, updated_at: sql<Date>`now()`, ...published })
    .where('id', '=', versionId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateProcedureStatus(db: Queryable, procedureId: string, status: ProcedureStatus, publishedVersionId: string | null): Promise<void> {
  await typed<Tables>(db).updateTable('catalog.procedure').set({ status, published_version_id: publishedVersionId, updated_at: sql<Date>`now()` }).where('id', '=', procedureId).execute();
}

/** Adds the normalized words of a text to the typo-correction lexicon. */
export async function insertSearchWords(db: Queryable, text: string): Promise<void> {
  await sql`
    INSERT INTO catalog.search_word (word)
    SELECT DISTINCT w FROM regexp_split_to_table(catalog.normalize(${text}), '[^a-z0-9ñ]+') AS w WHERE length(w) >= 3
    ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * Replaces each word of the query that the catalog does not contain by the most similar
 * word it does contain (trigram similarity), so "pasaprote" finds "pasaporte".
 */
export async function correctQuery(db: Queryable, q: string): Promise<string> {
  const { rows } = await sql<{ corrected: string | null }>`
    WITH term AS (
      SELECT w, n FROM regexp_split_to_table(catalog.normalize(${q}), '[^a-z0-9ñ]+') WITH ORDINALITY AS t(w, n) WHERE w <> ''
    )
    SELECT string_agg(coalesce(
      (SELECT s.word FROM catalog.search_word s WHERE s.word = term.w),
      CASE WHEN length(term.w) >= 4 THEN
        (SELECT s.word FROM catalog.search_word s WHERE s.word % term.w ORDER BY s.word <-> term.w, s.word LIMIT 1) END,
      -- short words (articles, prepositions) stay; a longer word the catalog does not know is dropped
      CASE WHEN length(term.w) < 3 THEN term.w END), ' ' ORDER BY n) AS corrected
    FROM term`.execute(db);
  return rows[0]?.corrected ?? '';
}

/**
 * Published procedures matching the filters (full text on the query), best match first. One
 * statement: the matches are ranked on narrow rows (id, name, rank), the page is cut from them,
 * and only the page's rows are read whole; the total counts the matches.
 */
export async function searchPublished(db: Queryable, f: SearchFilters & { q?: string }): Promise<{ items: PublishedProcedure[]; total: number }> {
  // Full-text search and the array filters are written in SQL.
  const conditions = [sql<boolean>`v.status = 'published'`];
  if (f.q) {
    // Part of a name also matches ("pasap"); LIKE's own special characters are taken literally.
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql<boolean>`(v.search_vector @@ websearch_to_tsquery('catalog.es', ${f.q}) OR v.search_name ILIKE catalog.normalize(${like}))`);
  }
  if (f.agency) conditions.push(sql<boolean>`p.agency_code = ${f.agency}`);
  if (f.topic) conditions.push(sql<boolean>`${f.topic} = ANY (v.topics)`);
  if (f.lifeEvent) conditions.push(sql<boolean>`${f.lifeEvent} = ANY (v.life_events)`);
  if (f.audience) conditions.push(sql<boolean>`${f.audience} = ANY (v.audiences)`);
  const where = sql<boolean>`${sql.join(conditions, sql` AND `)}`;
  const rank = f.q ? sql<number>`ts_rank(v.search_vector, websearch_to_tsquery('catalog.es', ${f.q}))` : sql<number>`0`;
  const columns = sql.join(versionColumns.map((c) => sql.ref(c)));
  const { rows } = await sql<VersionSelection & { slug: string; agency_code: string; total: number }>`
    WITH matched AS (
      SELECT v.id, v.name, ${rank} AS rank
      FROM catalog.procedure_version v JOIN catalog.procedure p ON p.id = v.procedure_id
      WHERE ${where}
    ),
    page AS (SELECT id, name, rank FROM matched ORDER BY rank DESC, name, id LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize})
    SELECT ${columns}, p.slug, p.agency_code, (SELECT count(*) FROM matched) AS total
    FROM page
    JOIN catalog.procedure_version v ON v.id = page.id
    JOIN catalog.procedure p ON p.id = v.procedure_id
    ORDER BY page.rank DESC, page.name, page.id`.execute(db);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && f.page > 1) {
    const counted = await sql<{ total: number }>`
      SELECT count(*) AS total FROM catalog.procedure_version v JOIN catalog.procedure p ON p.id = v.procedure_id WHERE ${where}`.execute(db);
    total = counted.rows[0]?.total ?? 0;
  }
  return { items: rows.map(toPublished), total: Number(total) };
}

/** Procedures of the given agencies with their newest version, for the back office. */
export async function findProceduresOfAgencies(db: Queryable, agencyCodes: string[]): Promise<Array<Procedure & { latest: ProcedureVersion }>> {
  if (agencyCodes.length === 0) return [];
  // One row per procedure (slug is unique): its newest version.
  const rows = await typed<Tables>(db)
    .selectFrom('catalog.procedure as p')
    .innerJoin('catalog.procedure_version as v', 'v.procedure_id', 'p.id')
    .distinctOn(['p.agency_code', 'p.slug'])
    .select([...versionColumns, 'p.slug', 'p.agency_code', 'p.status as procedure_status', 'p.published_version_id', 'p.created_at as procedure_created_at', 'p.updated_at as procedure_updated_at'])
    .where((eb) => eb('p.agency_code', '=', eb.fn.any(eb.val(agencyCodes))))
    .orderBy('p.agency_code')
    .orderBy('p.slug')
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({
    ...toProcedure({
      id: r.procedure_id,
      slug: r.slug,
      agency_code: r.agency_code,
      status: r.procedure_status,
      published_version_id: r.published_version_id,
      created_at: r.procedure_created_at,
      updated_at: r.procedure_updated_at,
    }),
    latest: toVersion(r),
  }));
}

/** The published procedures of one agency, or one procedure, or all (what statistics are published for). */
export async function findPublishedProcedureRefs(db: Queryable, only: { agencyCode?: string; procedureId?: string } = {}): Promise<Array<{ procedureId: string; slug: string; agencyCode: string }>> {
  let query = typed<Tables>(db).selectFrom('catalog.procedure').select(['id', 'slug', 'agency_code']).where('status', '=', 'published');
  if (only.agencyCode !== undefined) query = query.where('agency_code', '=', only.agencyCode);
  if (only.procedureId !== undefined) query = query.where('id', '=', only.procedureId);
  const rows = await query.orderBy('agency_code').orderBy('slug').execute();
  return rows.map((r) => ({ procedureId: r.id, slug: r.slug, agencyCode: r.agency_code }));
}
