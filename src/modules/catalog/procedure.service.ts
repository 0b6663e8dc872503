// Use cases of the catalog of procedures: public reading and search, the publishers' back
// office (draft → published → retired, with versions), and statistics.
import { recordAudit } from '../../platform/audit/audit.ts';
import { targetProblem } from './commitments.ts';
import { localDate } from '../../platform/country/business-days.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import { endOfLocalDay } from '../../platform/country/zoned.ts';
import type { CountryProfile } from '../../platform/country/profile.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { notify } from '../../platform/events/bus.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { slugOf } from '../../shared/slug.ts';
import { getAgency } from '../agencies/index.ts';
import { CATALOG_TOPIC, CONTENT_CACHE_MS, catalogCache, forgetCatalog, SEARCH_CACHE_ENTRIES } from './catalog-cache.ts';
import { definitionProblems } from './procedure.definitions.ts';
import { canPublishFor, publishingAgencies, type Publisher } from './procedure.policy.ts';
import { feeRuleProblems } from './fee-rules.ts';
import {
  correctQuery,
  findProcedureById,
  findProcedureBySlug,
  findProceduresOfAgencies,
  findPublishedBySlug,
  findVersion,
  findVersions,
  insertDraftVersion,
  insertProcedure,
  insertSearchWords,
  searchPublished,
  setVersionStatus,
  updateDraftVersion,
  updateProcedureStatus,
} from './procedure.queries.ts';
import {
  AUDIENCES,
  FEE_KINDS,
  LIFE_EVENTS,
  TACIT_OUTCOMES,
  TOPICS,
  type Procedure,
  type AgencyName,
  type ProcedureContent,
  type ProcedureVersion,
  type ProcedureVersionRef,
  type PublishedProcedure,
  type SearchFilters,
  type SearchResult,
} from './procedure.types.ts';

// Statistics of procedures (recorded by the cases module; statistics.service.ts), for routes and views.
export {
  findProcedureStatistics,
  listAgencyStatistics,
  listProcedureStatistics,
  publicAgencyStatistics,
  publicProcedureStatistics,
  type AgencyStatistics,
  type StoredStatistics,
} from './statistics.service.ts';

// ── Contract with the cases module ──────────────────────────────────────────────────────

const toRef = (v: PublishedProcedure): ProcedureVersionRef => ({
  procedureId: v.procedureId,
  versionId: v.id,
  version: v.version,
  slug: v.slug,
  name: v.name,
  names: Object.fromEntries(Object.entries(v.translations ?? {}).flatMap(([language, text]) => (language !== '_meta' && text && 'name' in text && text.name ? [[language, text.name]] : []))),
  agencyCode: v.agencyCode,
  online: v.isOnline,
  form: v.form,
  workflow: v.workflow,
  maxResponseDays: v.maxResponseDays,
  tacitOutcome: v.tacitOutcome,
  feeKind: v.feeKind,
  feeAmount: v.feeAmount,
  feeFormula: v.feeFormula,
});

/** The version of a procedure that is public now, or undefined (unknown, draft only, or retired). */
export async function findPublishedVersion(db: Queryable, slug: string): Promise<ProcedureVersionRef | undefined> {
  const version = await findPublishedBySlug(db, slug);
  return version ? toRef(version) : undefined;
}

/** Any version (published, superseded, retired or draft) by id: applications keep the version they were made on. */
export async function findVersionById(db: Queryable, versionId: string): Promise<ProcedureVersionRef | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) return undefined;
  const version = await findVersion(db, versionId);
  return version ? toRef(version) : undefined;
}

// ── Public reading ──────────────────────────────────────────────────────────────────────
// Served from this process's cache of the published catalog (catalog-cache.ts): a publication
// or a withdrawal drops it here after its commit and, through the bus, in every process.

// At most 2 000 procedures (a version with its form and workflow may weigh tens of kilobytes).
const publishedCache = catalogCache<PublishedProcedure | undefined>({ forgottenOn: 'content', ttlMs: CONTENT_CACHE_MS, max: 2_000 });
const searchCache = catalogCache<SearchResult>({ forgottenOn: 'content', ttlMs: CONTENT_CACHE_MS, max: SEARCH_CACHE_ENTRIES });

// One reference per cached version object, so that callers may key their own per-version work on it.
const refsOfCached = new WeakMap<PublishedProcedure, ProcedureVersionRef>();

/**
 * findPublishedVersion through this process's cache of the published catalog: a published version
 * never changes, and a publication or a withdrawal forgets the cache here at once and, through the
 * bus, in every process. Undefined when the slug has no public version (unknown, draft only, retired).
 */
export async function findPublishedVersionCached(deps: Pick<Deps, 'db'>, slug: string): Promise<ProcedureVersionRef | undefined> {
  const version = await publishedCache.get(deps.db, slug, () => findPublishedBySlug(deps.db, slug));
  if (!version) return undefined;
  let ref = refsOfCached.get(version);
  if (!ref) {
    ref = toRef(version);
    refsOfCached.set(version, ref);
  }
  return ref;
}

export async function getPublishedProcedure(deps: Pick<Deps, 'db'>, slug: string): Promise<PublishedProcedure> {
  const version = await publishedCache.get(deps.db, slug, () => findPublishedBySlug(deps.db, slug));
  if (!version) throw new AppError('CATALOG_PROCEDURE_NOT_FOUND', { params: { slug } });
  return version;
}

/** How a procedure page names its agency: kept AGENCY_CACHE_MS (a renamed agency shows within that). */
const AGENCY_CACHE_MS = 30_000;
const agencyCache = catalogCache<{ agency: AgencyName | undefined }>({ forgottenOn: 'content', ttlMs: AGENCY_CACHE_MS, max: 1_000 });

export async function publicAgencyName(deps: Pick<Deps, 'db'>, code: string): Promise<AgencyName | undefined> {
  const cached = await agencyCache.get(deps.db, code, async () => {
    try {
      const agency = await getAgency(deps, code);
      return { agency: { code: agency.code, name: agency.name, acronym: agency.acronym } };
    } catch (error) {
      if (error instanceof AppError && error.code === 'AGENCY_NOT_FOUND') return { agency: undefined };
      throw error;
    }
  });
  return cached.agency;
}

/**
 * The last day (YYYY-MM-DD, on the country's clock) of the legal time of a procedure started at
 * `now`: `businessDays` counted by the platform's rule, with the decreed holidays.
 */
export async function answerByDate(deps: Pick<Deps, 'db' | 'country'>, businessDays: number, now: Date = new Date()): Promise<string> {
  const decreed = await decreedHolidays(deps.db, deps.country.code);
  // A function of the local day only: worked out once per day, count and set of decreed holidays.
  let known = answerDays.get(decreed);
  if (!known) {
    known = new Map();
    answerDays.set(decreed, known);
  }
  const key = `${deps.country.code}:${today(deps.country, now)}:${businessDays}`;
  let day = known.get(key);
  if (day === undefined) {
    day = localDate(deps.country, dueAt(deps.country, decreed, now, { businessDays }));
    if (known.size > 1_000) known.clear();
    known.set(key, day);
  }
  return day;
}
const answerDays = new WeakMap<object, Map<string, string>>();

/** The local date on the country's clock, worked out again only when `now` leaves the day last worked out. */
function today(country: CountryProfile, now: Date): string {
  const at = now.getTime();
  const known = days.get(country.code);
  if (known && at >= known.from && at <= known.until) return known.day;
  const day = localDate(country, now);
  days.set(country.code, { day, from: at, until: endOfLocalDay(country.timeZone, day).getTime() });
  return day;
}
const days = new Map<string, { day: string; from: number; until: number }>();

/**
 * Full-text search (Spanish stemming, accents ignored) with filters. When the words typed
 * find nothing, each word is replaced by the closest word of the catalog (typos) and the
 * search runs again; the result then carries the corrected query.
 */
export async function searchProcedures(deps: Pick<Deps, 'db'>, filters: SearchFilters): Promise<SearchResult> {
  const q = filters.q?.trim() || undefined;
  const key = JSON.stringify([q?.toLowerCase(), filters.agency, filters.topic, filters.lifeEvent, filters.audience, filters.page, filters.pageSize]);
  return searchCache.get(deps.db, key, () => searchUncached(deps, { ...filters, q }));
}

async function searchUncached(deps: Pick<Deps, 'db'>, filters: SearchFilters & { q: string | undefined }): Promise<SearchResult> {
  const { q } = filters;
  const first = await searchPublished(deps.db, filters);
  if (!q || first.total > 0) return { ...first, correctedQuery: null };
  const corrected = await correctQuery(deps.db, q);
  if (!corrected || corrected === q.toLowerCase()) return { ...first, correctedQuery: null };
  const second = await searchPublished(deps.db, { ...filters, q: corrected });
  return { ...second, correctedQuery: second.total > 0 ? corrected : null };
}

// ── Back office ─────────────────────────────────────────────────────────────────────────

const isDecimal = (value: string) => /^\d{1,12}(\.\d{1,2})?$/.test(value);

/** Field problems of a version's content (JSON pointers into the content). */
export function contentProblems(c: ProcedureContent, country: CountryProfile): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, messageKey: string) => problems.push({ field, messageKey });
  if (!c.name.trim() || c.name.length > 200) add('/name', 'catalog.errors.name');
  if (!c.summary.trim() || c.summary.length > 2000) add('/summary', 'catalog.errors.summary');
  if (c.audiences.length === 0 || c.audiences.some((a) => !AUDIENCES.includes(a))) add('/audiences', 'catalog.errors.audiences');
  if (c.topics.length === 0 || c.topics.some((t) => !TOPICS.includes(t))) add('/topics', 'catalog.errors.topics');
  if (c.lifeEvents.some((e) => !LIFE_EVENTS.includes(e))) add('/lifeEvents', 'catalog.errors.lifeEvents');
  if (!FEE_KINDS.includes(c.feeKind)) add('/feeKind', 'catalog.errors.feeKind');
  if (c.feeKind === 'fixed' && (!c.feeAmount || !isDecimal(c.feeAmount))) add('/feeAmount', 'catalog.errors.feeAmount');
  if (c.feeKind === 'formula' && !c.feeFormula?.trim()) add('/feeFormula', 'catalog.errors.feeFormula');
  // A rule over the answers must be one payments can price with this form (fee-rules.ts).
  if (c.feeKind === 'formula') for (const p of feeRuleProblems(c.feeFormula, c.form)) problems.push({ field: '/feeFormula', ...p });
  if (!Number.isInteger(c.maxResponseDays) || c.maxResponseDays < 1 || c.maxResponseDays > 365) add('/maxResponseDays', 'catalog.errors.maxResponseDays');
  if (!TACIT_OUTCOMES.includes(c.tacitOutcome)) add('/tacitOutcome', 'catalog.errors.tacitOutcome');
  if (c.officeVisits !== undefined && c.officeVisits !== null && (!Number.isInteger(c.officeVisits) || c.officeVisits < 0 || c.officeVisits > 20)) add('/officeVisits', 'catalog.errors.officeVisits');
  if (!c.result.trim()) add('/result', 'catalog.errors.result');
  if ((c.commitmentTargets ?? []).some((target) => targetProblem(target, c.commitments.length))) add('/commitments', 'catalog.errors.commitmentTarget');
  if (c.steps.length === 0) add('/steps', 'catalog.errors.steps');
  c.offices.forEach((o, i) => {
    if (!o.name.trim() || !o.address.trim() || !o.hours.trim()) add(`/offices/${i}`, 'catalog.errors.office');
  });
  if (!c.isOnline && c.offices.length === 0) add('/offices', 'catalog.errors.channels');
  if (c.isOnline && c.form === null) add('/form', 'catalog.errors.formRequired');
  if (c.isOnline && c.workflow === null) add('/workflow', 'catalog.errors.workflowRequired');
  problems.push(...definitionProblems(c, country));
  return problems;
}

function checkContent(content: ProcedureContent, country: CountryProfile): ProcedureContent {
  const normalized: ProcedureContent = {
    ...content,
    name: content.name.trim(),
    summary: content.summary.trim(),
    feeAmount: content.feeKind === 'fixed' ? content.feeAmount : null,
    feeFormula: content.feeKind === 'formula' ? content.feeFormula : null,
    requirements: content.requirements.map((s) => s.trim()).filter(Boolean),
    legalBasis: content.legalBasis.map((s) => s.trim()).filter(Boolean),
    steps: content.steps.map((s) => s.trim()).filter(Boolean),
    commitments: content.commitments.map((s) => s.trim()).filter(Boolean),
  };
  const problems = contentProblems(normalized, country);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  return normalized;
}

/** A URL-safe name: lower case, no accents, words joined by hyphens. */
export function slugify(name: string): string {
  return slugOf(name) || 'tramite';
}

const auditActor = (actor: Publisher | 'seed') => (actor === 'seed' ? { type: 'system' as const, id: 'seed' } : { type: 'official' as const, id: actor.accountId });
const actorId = (actor: Publisher | 'seed') => (actor === 'seed' ? 'system:seed' : actor.accountId);

async function loadForPublisher(trx: Queryable, actor: Publisher | 'seed', procedureId: string): Promise<Procedure> {
  const procedure = /^[0-9a-f-]{36}$/i.test(procedureId) ? await findProcedureById(trx, procedureId, { forUpdate: true }) : undefined;
  if (!procedure) throw new AppError('CATALOG_PROCEDURE_NOT_FOUND', { params: { slug: procedureId } });
  if (actor !== 'seed' && !canPublishFor(actor, procedure.agencyCode)) throw new AppError('CATALOG_NOT_PUBLISHER');
  return procedure;
}

export interface ProcedureForEditing {
  procedure: Procedure;
  versions: ProcedureVersion[];
  draft: ProcedureVersion | undefined;
  published: ProcedureVersion | undefined;
}

export async function listProceduresForPublisher(deps: Pick<Deps, 'db'>, actor: Publisher): Promise<Array<Procedure & { latest: ProcedureVersion }>> {
  return findProceduresOfAgencies(deps.db, publishingAgencies(actor));
}

export async function getProcedureForEditing(deps: Pick<Deps, 'db'>, actor: Publisher, procedureId: string): Promise<ProcedureForEditing> {
  const procedure = await loadForPublisher(deps.db, actor, procedureId);
  const versions = await findVersions(deps.db, procedure.id);
  return { procedure, versions, draft: versions.find((v) => v.status === 'draft'), published: versions.find((v) => v.status === 'published') };
}

/** Creates a procedure of an agency with its first draft version. */
export async function createProcedure(
  deps: Pick<Deps, 'db' | 'country'>,
  actor: Publisher | 'seed',
  agencyCode: string,
  input: ProcedureContent,
  options: { slug?: string; requestId?: string } = {},
): Promise<Procedure> {
  return deps.db.transaction().execute((trx) => createProcedureIn(trx, deps.country, actor, agencyCode, input, options));
}

/** createProcedure inside the caller's transaction. */
export async function createProcedureIn(
  trx: Queryable,
  country: CountryProfile,
  actor: Publisher | 'seed',
  agencyCode: string,
  input: ProcedureContent,
  options: { slug?: string; requestId?: string } = {},
): Promise<Procedure> {
  if (actor !== 'seed' && !canPublishFor(actor, agencyCode)) throw new AppError('CATALOG_NOT_PUBLISHER');
  const content = checkContent(input, country);
  const base = options.slug ?? slugify(content.name);
  let slug = base;
  for (let n = 2; await findProcedureBySlug(trx, slug); n += 1) slug = `${base}-${n}`;
  const id = uuidv7();
  await insertProcedure(trx, { id, slug, agencyCode });
  const versionId = uuidv7();
  await insertDraftVersion(trx, { id: versionId, procedureId: id, version: 1, createdBy: actorId(actor), content });
  await recordAudit(trx, { actor: auditActor(actor), action: 'catalog.procedure_created', subject: { type: 'procedure', id }, data: { slug, agencyCode, versionId }, requestId: options.requestId });
  return (await findProcedureById(trx, id))!;
}

/**
 * Saves the content as the procedure's draft: rewrites the draft if there is one, otherwise
 * starts a new draft version (a published version is never changed).
 */
export async function saveDraft(deps: Pick<Deps, 'db' | 'country'>, actor: Publisher, procedureId: string, input: ProcedureContent, requestId?: string): Promise<ProcedureVersion> {
  return deps.db.transaction().execute(async (trx) => {
    const procedure = await loadForPublisher(trx, actor, procedureId);
    const content = checkContent(input, deps.country);
    const versions = await findVersions(trx, procedure.id);
    const draft = versions.find((v) => v.status === 'draft');
    let versionId: string;
    if (draft) {
      versionId = draft.id;
      await updateDraftVersion(trx, draft.id, content);
    } else {
      versionId = uuidv7();
      await insertDraftVersion(trx, { id: versionId, procedureId: procedure.id, version: (versions[0]?.version ?? 0) + 1, createdBy: actor.accountId, content });
    }
    await recordAudit(trx, { actor: auditActor(actor), action: 'catalog.draft_saved', subject: { type: 'procedure', id: procedure.id }, data: { versionId, newVersion: !draft }, requestId });
    return (await findVersions(trx, procedure.id)).find((v) => v.id === versionId)!;
  });
}

/** Publishes the draft: it becomes the public version; the previous one is superseded. */
export async function publishDraft(deps: Pick<Deps, 'db' | 'country'>, actor: Publisher | 'seed', procedureId: string, requestId?: string): Promise<ProcedureVersion> {
  const published = await deps.db.transaction().execute((trx) => publishDraftIn(trx, deps.country, actor, procedureId, requestId));
  // Committed: the public pages show it at once in this process (the bus tells the others).
  forgetCatalog();
  return published;
}

/** publishDraft inside the caller's transaction. */
export async function publishDraftIn(trx: Queryable, country: CountryProfile, actor: Publisher | 'seed', procedureId: string, requestId?: string): Promise<ProcedureVersion> {
  const procedure = await loadForPublisher(trx, actor, procedureId);
  const versions = await findVersions(trx, procedure.id);
  const draft = versions.find((v) => v.status === 'draft');
  if (!draft) throw new AppError('CATALOG_NO_DRAFT');
  checkContent(draft, country);
  const previous = versions.find((v) => v.status === 'published');
  if (previous) await setVersionStatus(trx, previous.id, 'published', 'superseded');
  await setVersionStatus(trx, draft.id, 'draft', 'published', actorId(actor));
  await updateProcedureStatus(trx, procedure.id, 'published', draft.id);
  await insertSearchWords(trx, `${draft.name} ${draft.summary} ${draft.requirements.join(' ')} ${draft.result}`);
  await recordAudit(trx, {
    actor: auditActor(actor),
    action: 'catalog.procedure_published',
    subject: { type: 'procedure', id: procedure.id },
    data: { versionId: draft.id, version: draft.version, supersedes: previous?.id ?? null },
    requestId,
  });
  await emitEvent(trx, 'catalog.procedure_published', { procedureId: procedure.id, versionId: draft.id, slug: procedure.slug, agencyCode: procedure.agencyCode });
  await announceChange(trx, procedure.slug);
  return { ...draft, status: 'published' as const };
}

/** Withdraws a published procedure from the public catalog. */
export async function retireProcedure(deps: Pick<Deps, 'db'>, actor: Publisher, procedureId: string, requestId?: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const procedure = await loadForPublisher(trx, actor, procedureId);
    if (procedure.status !== 'published' || !procedure.publishedVersionId) throw new AppError('CATALOG_NOT_PUBLISHED');
    await setVersionStatus(trx, procedure.publishedVersionId, 'published', 'retired');
    await updateProcedureStatus(trx, procedure.id, 'retired', null);
    await recordAudit(trx, {
      actor: auditActor(actor),
      action: 'catalog.procedure_retired',
      subject: { type: 'procedure', id: procedure.id },
      data: { versionId: procedure.publishedVersionId },
      requestId,
    });
    await emitEvent(trx, 'catalog.procedure_retired', { procedureId: procedure.id, slug: procedure.slug, agencyCode: procedure.agencyCode });
    await announceChange(trx, procedure.slug);
  });
  forgetCatalog();
}

/** Every process forgets its cached catalog when the caller's transaction commits (this one too, also now). */
async function announceChange(trx: Queryable, slug: string): Promise<void> {
  forgetCatalog();
  await notify(trx, CATALOG_TOPIC, { slug });
}
