// Every SQL statement on the catalog schema.
import { sql } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { Procedure, ProcedureContent, ProcedureStatus, ProcedureVersion, PublishedProcedure, SearchFilters, VersionStatus } from './procedure.types.ts';

interface VersionRow {
  id: string;
  procedure_id: string;
  version: number;
  status: VersionStatus;
  name: string;
  summary: string;
  audiences: string[];
  topics: string[];
  life_events: string[];
  requirements: string[];
  legal_basis: string[];
  fee_kind: string;
  fee_amount: string | null;
  fee_formula: string | null;
  max_response_days: number;
  tacit_outcome: string;
  result: string;
  result_validity: string | null;
  is_online: boolean;
  offices: ProcedureContent['offices'];
  steps: string[];
  commitments: string[];
  form: unknown | null;
  workflow: unknown | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}
interface PublishedRow extends VersionRow {
  slug: string;
  agency_code: string;
}
interface ProcedureRow {
  id: string;
  slug: string;
  agency_code: string;
  status: ProcedureStatus;
  published_version_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const versionColumns = sql.raw(`v.id, v.procedure_id, v.version, v.status, v.name, v.summary, v.audiences, v.topics, v.life_events,
  v.requirements, v.legal_basis, v.fee_kind, v.fee_amount, v.fee_formula, v.max_response_days, v.tacit_outcome, v.result,
  v.result_validity, v.is_online, v.offices, v.steps, v.commitments, v.form, v.workflow, v.created_at, v.updated_at, v.published_at`);

const toVersion = (r: VersionRow): ProcedureVersion => ({
  id: r.id,
  procedureId: r.procedure_id,
  version: r.version,
  status: r.status,
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
  offices: r.offices,
  steps: r.steps,
  commitments: r.commitments,
  form: r.form,
  workflow: r.workflow,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  publishedAt: r.published_at,
});
const toPublished = (r: PublishedRow): PublishedProcedure => ({ ...toVersion(r), slug: r.slug, agencyCode: r.agency_code });
const toProcedure = (r: ProcedureRow): Procedure => ({
  id: r.id,
  slug: r.slug,
  agencyCode: r.agency_code,
  status: r.status,
  publishedVersionId: r.published_version_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findProcedureBySlug(db: Queryable, slug: string): Promise<Procedure | undefined> {
  const { rows } = await sql<ProcedureRow>`SELECT * FROM catalog.procedure WHERE slug = ${slug}`.execute(db);
  return rows[0] ? toProcedure(rows[0]) : undefined;
}

export async function findProcedureById(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Procedure | undefined> {
  const lock = options.forUpdate ? sql`FOR UPDATE` : sql``;
  const { rows } = await sql<ProcedureRow>`SELECT * FROM catalog.procedure WHERE id = ${id} ${lock}`.execute(db);
  return rows[0] ? toProcedure(rows[0]) : undefined;
}

/** The published version of a procedure, by slug. */
export async function findPublishedBySlug(db: Queryable, slug: string): Promise<PublishedProcedure | undefined> {
  const { rows } = await sql<PublishedRow>`
    SELECT ${versionColumns}, p.slug, p.agency_code
    FROM catalog.procedure p JOIN catalog.procedure_version v ON v.id = p.published_version_id
    WHERE p.slug = ${slug} AND p.status = 'published'`.execute(db);
  return rows[0] ? toPublished(rows[0]) : undefined;
}

export async function findVersion(db: Queryable, versionId: string): Promise<PublishedProcedure | undefined> {
  const { rows } = await sql<PublishedRow>`
    SELECT ${versionColumns}, p.slug, p.agency_code
    FROM catalog.procedure_version v JOIN catalog.procedure p ON p.id = v.procedure_id
    WHERE v.id = ${versionId}`.execute(db);
  return rows[0] ? toPublished(rows[0]) : undefined;
}

/** Every version of a procedure, newest first. */
export async function findVersions(db: Queryable, procedureId: string): Promise<ProcedureVersion[]> {
  const { rows } = await sql<VersionRow>`
    SELECT ${versionColumns} FROM catalog.procedure_version v WHERE v.procedure_id = ${procedureId} ORDER BY v.version DESC`.execute(db);
  return rows.map(toVersion);
}

export async function insertProcedure(db: Queryable, p: { id: string; slug: string; agencyCode: string }): Promise<void> {
  await sql`INSERT INTO catalog.procedure (id, slug, agency_code) VALUES (${p.id}, ${p.slug}, ${p.agencyCode})`.execute(db);
}

const contentValues = (c: ProcedureContent) => sql`${c.name}, ${c.summary}, ${c.audiences}::text[], ${c.topics}::text[], ${c.lifeEvents}::text[],
  ${c.requirements}::text[], ${c.legalBasis}::text[], ${c.feeKind}, ${c.feeAmount}, ${c.feeFormula}, ${c.maxResponseDays}, ${c.tacitOutcome},
  ${c.result}, ${c.resultValidity}, ${c.isOnline}, ${JSON.stringify(c.offices)}::jsonb, ${c.steps}::text[], ${c.commitments}::text[],
  ${c.form === null ? null : JSON.stringify(c.form)}::jsonb, ${c.workflow === null ? null : JSON.stringify(c.workflow)}::jsonb`;

export async function insertDraftVersion(db: Queryable, v: { id: string; procedureId: string; version: number; createdBy: string; content: ProcedureContent }): Promise<void> {
  await sql`
    INSERT INTO catalog.procedure_version (id, procedure_id, version, created_by, name, summary, audiences, topics, life_events,
      requirements, legal_basis, fee_kind, fee_amount, fee_formula, max_response_days, tacit_outcome, result, result_validity,
      is_online, offices, steps, commitments, form, workflow)
    VALUES (${v.id}, ${v.procedureId}, ${v.version}, ${v.createdBy}, ${contentValues(v.content)})`.execute(db);
}

/** Rewrites a draft; returns false when the version is not (or no longer) a draft. */
export async function updateDraftVersion(db: Queryable, versionId: string, c: ProcedureContent): Promise<boolean> {
  const result = await sql`
    UPDATE catalog.procedure_version SET
      (name, summary, audiences, topics, life_events, requirements, legal_basis, fee_kind, fee_amount, fee_formula,
       max_response_days, tacit_outcome, result, result_validity, is_online, offices, steps, commitments, form, workflow)
      = (${contentValues(c)}),
      updated_at = now()
    WHERE id = ${versionId} AND status = 'draft'`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

export async function setVersionStatus(db: Queryable, versionId: string, from: VersionStatus, to: VersionStatus, actor?: string): Promise<boolean> {
  const published = to === 'published' ? sql`, published_at = now(), published_by = ${actor ?? null}` : sql``;
  const result = await sql`
    UPDATE catalog.procedure_version SET status = ${to}, updated_at = now() ${published}
    WHERE id = ${versionId} AND status = ${from}`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

export async function updateProcedureStatus(db: Queryable, procedureId: string, status: ProcedureStatus, publishedVersionId: string | null): Promise<void> {
  await sql`UPDATE catalog.procedure SET status = ${status}, published_version_id = ${publishedVersionId}, updated_at = now() WHERE id = ${procedureId}`.execute(db);
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

/** Published procedures matching the filters (full text on the query), best match first. */
export async function searchPublished(db: Queryable, f: SearchFilters & { q?: string }): Promise<{ items: PublishedProcedure[]; total: number }> {
  const conditions = [sql`v.status = 'published'`];
  if (f.q) {
    // Part of a name also matches ("pasap"); LIKE's own special characters are taken literally.
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(v.search_vector @@ websearch_to_tsquery('catalog.es', ${f.q}) OR catalog.normalize(v.name) ILIKE catalog.normalize(${like}))`);
  }
  if (f.agency) conditions.push(sql`p.agency_code = ${f.agency}`);
  if (f.topic) conditions.push(sql`${f.topic} = ANY (v.topics)`);
  if (f.lifeEvent) conditions.push(sql`${f.lifeEvent} = ANY (v.life_events)`);
  if (f.audience) conditions.push(sql`${f.audience} = ANY (v.audiences)`);
  const order = f.q ? sql`ts_rank(v.search_vector, websearch_to_tsquery('catalog.es', ${f.q})) DESC, v.name` : sql`v.name`;
  const { rows } = await sql<PublishedRow & { total: number }>`
    SELECT ${versionColumns}, p.slug, p.agency_code, count(*) OVER () AS total
    FROM catalog.procedure_version v JOIN catalog.procedure p ON p.id = v.procedure_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY ${order}, v.id
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(db);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && f.page > 1) {
    const { rows: counted } = await sql<{ total: number }>`
      SELECT count(*)::int AS total FROM catalog.procedure_version v JOIN catalog.procedure p ON p.id = v.procedure_id
      WHERE ${sql.join(conditions, sql` AND `)}`.execute(db);
    total = counted[0]?.total ?? 0;
  }
  return { items: rows.map(toPublished), total: Number(total) };
}

/** Procedures of the given agencies with their newest version, for the back office. */
export async function findProceduresOfAgencies(db: Queryable, agencyCodes: string[]): Promise<Array<Procedure & { latest: ProcedureVersion }>> {
  if (agencyCodes.length === 0) return [];
  const { rows } = await sql<ProcedureRow & { latest: VersionRow }>`
    SELECT p.*, (SELECT to_jsonb(v) FROM catalog.procedure_version v WHERE v.procedure_id = p.id ORDER BY v.version DESC LIMIT 1) AS latest
    FROM catalog.procedure p WHERE p.agency_code = ANY (${agencyCodes}::text[]) ORDER BY p.agency_code, p.slug`.execute(db);
  return rows.map((r) => ({
    ...toProcedure(r),
    latest: toVersion({
      ...r.latest,
      created_at: new Date(r.latest.created_at),
      updated_at: new Date(r.latest.updated_at),
      published_at: r.latest.published_at ? new Date(r.latest.published_at) : null,
    }),
  }));
}

/** The published procedures of one agency, or of all (what statistics are published for). */
export async function findPublishedProcedureRefs(db: Queryable, agencyCode?: string): Promise<Array<{ procedureId: string; slug: string; agencyCode: string }>> {
  let query = typed<Tables>(db).selectFrom('catalog.procedure').select(['id', 'slug', 'agency_code']).where('status', '=', 'published');
  if (agencyCode !== undefined) query = query.where('agency_code', '=', agencyCode);
  const rows = await query.orderBy('agency_code').orderBy('slug').execute();
  return rows.map((r) => ({ procedureId: r.id, slug: r.slug, agencyCode: r.agency_code }));
}
