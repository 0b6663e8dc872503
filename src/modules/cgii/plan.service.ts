// Institutional Information Security Plans (DS 2514; docs/cgii.md#security-plans): an entity's
// security contact files its plan (sections, owner, approval and review dates, optional PDF);
// the latest filed is the entity's current plan, in force until its review date; the centre's
// analysts record observations the entity sees; a daily sweep reminds the entity's contacts 60,
// 30 and 7 days before the review date and when it lapses (once per plan and threshold); the
// count of entities with a plan in force is a figure (`cgii.plans_in_force`, +1 when an entity
// gets one, -1 when it lapses) and its share of the central-level entities is shown.
import { recordAudit } from '../../platform/audit/audit.ts';
import { localDateTime } from '../../platform/country/zoned.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent, type DomainEvent } from '../../platform/events/outbox.ts';
import { readFile, safeFilename, storeFile } from '../../platform/files/files.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import { type SweepResult, sweepDue } from '../../platform/jobs/sweep.ts';
import type { Deps } from '../../platform/module.ts';
import { readStat, recordStat } from '../../platform/stats/stats.ts';
import { LEVEL_GROUPS, listAgencies } from '../agencies/index.ts';
import { findAgencyStaff } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { cgiiStats, sectorOf } from './cgii.stats.ts';
import { CGII_CONTACT, centreAgency, type Viewer } from './cgii.types.ts';
import {
  countPlansInForce,
  currentPlanForUpdate,
  findPlan,
  findPlansDue,
  insertObservation,
  insertPlan,
  insertReminder,
  listObservations,
  listPlans,
  markLapsed,
  type Observation,
  type Plan,
  supersedePlan,
} from './plan.queries.ts';

export type { Observation, Plan } from './plan.queries.ts';
export const PLAN_TOPIC = 'cgii.plan_reminder';
export const MAX_PLAN_BYTES = 20 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const todayIn = (deps: Pick<Deps, 'country'>, now: Date) => localDateTime(deps.country.timeZone, now).date;
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface PlanInput {
  agencyCode: string;
  sections: string;
  owner: string;
  approvedOn: string;
  expiresOn: string;
  pdf?: { filename: string; bytes: Uint8Array } | null;
}

/** A contact files the entity's plan; it becomes the current one (the earlier is superseded). A form's claim files a burst once. */
export async function filePlan(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer, input: PlanInput, options: { requestId?: string | null; claim?: IdempotencyClaim; now?: Date } = {}): Promise<Plan> {
  if (viewer.kind !== 'person' || !viewer.contactOf.includes(input.agencyCode)) throw new AppError('CGII_FORBIDDEN');
  const now = options.now ?? new Date();
  const today = todayIn(deps, now);
  const fields: FieldError[] = [];
  const sections = input.sections.trim();
  const owner = input.owner.trim();
  if (!sections || sections.length > 20000) fields.push({ field: 'secciones', messageKey: 'cgii.errors.sections' });
  if (!owner || owner.length > 200) fields.push({ field: 'responsable', messageKey: 'cgii.errors.owner' });
  const approvedOn = input.approvedOn.trim();
  const expiresOn = input.expiresOn.trim();
  if (!validDate(approvedOn) || approvedOn > today) fields.push({ field: 'aprobado', messageKey: 'cgii.errors.approvedOn' });
  if (!validDate(expiresOn) || expiresOn <= today || expiresOn <= approvedOn) fields.push({ field: 'revision', messageKey: 'cgii.errors.expiresOn' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const id = crypto.randomUUID();
  const sector = await sectorOf(deps, input.agencyCode);
  return deps.db.transaction().execute(async (trx) => {
    if (options.claim) await claimIdempotencyKey(trx, options.claim, id);
    const current = await currentPlanForUpdate(trx, input.agencyCode);
    if (current) await supersedePlan(trx, current.id, now);
    const pdf = input.pdf ? await storeFile(trx, input.pdf.bytes, 'application/pdf') : null;
    const plan: Plan = {
      id,
      agencyCode: input.agencyCode,
      sections,
      owner,
      approvedOn,
      expiresOn,
      pdfSha256: pdf?.sha256 ?? null,
      pdfFilename: input.pdf ? safeFilename(input.pdf.filename, 'application/pdf') : null,
      filedBy: viewer.accountId,
      filedAt: now,
      supersededAt: null,
      lapsedAt: null,
    };
    await insertPlan(trx, plan);
    // The entity gets a plan in force unless its current one still counted (not lapsed).
    if (!current || current.lapsedAt) await recordStat(trx, cgiiStats.plans_in_force, { agency: input.agencyCode, sector });
    await recordAudit(trx, {
      actor: { type: 'person', id: viewer.accountId },
      action: 'cgii.plan_filed',
      subject: { type: 'cgii_plan', id },
      data: { agency: input.agencyCode, approvedOn, expiresOn, pdf: Boolean(pdf), supersedes: current?.id ?? null },
      requestId: options.requestId,
    });
    return plan;
  });
}

const mayReview = (viewer: Viewer) => viewer.kind === 'person' && viewer.analyst;

/** The plans a viewer may see: every entity's current plan for the centre, all of their entities' for contacts. */
export function plansFor(deps: Pick<Deps, 'db'>, viewer: Viewer): Promise<Plan[]> {
  if (mayReview(viewer)) return listPlans(deps.db);
  if (viewer.kind === 'person' && viewer.contactOf.length > 0) return listPlans(deps.db, viewer.contactOf);
  return Promise.resolve([]);
}

/** A plan with its observations: the centre's analysts and the entity's contacts; anyone else: not found. */
export async function getPlan(deps: Pick<Deps, 'db'>, viewer: Viewer, id: string): Promise<{ plan: Plan; observations: Observation[] }> {
  const plan = UUID.test(id) ? await findPlan(deps.db, id) : undefined;
  if (!plan || !(mayReview(viewer) || (viewer.kind === 'person' && viewer.contactOf.includes(plan.agencyCode)))) throw new AppError('CGII_NOT_FOUND');
  return { plan, observations: await listObservations(deps.db, id) };
}

/** The plan's PDF, for whoever may see the plan. */
export async function planPdf(deps: Pick<Deps, 'db'>, viewer: Viewer, id: string): Promise<{ filename: string; content: Uint8Array }> {
  const { plan } = await getPlan(deps, viewer, id);
  const file = plan.pdfSha256 ? await readFile(deps.db, plan.pdfSha256) : undefined;
  if (!file) throw new AppError('CGII_NOT_FOUND');
  return { filename: plan.pdfFilename ?? 'plan.pdf', content: file.content };
}

/** An analyst records an observation on a plan (the entity sees it); audited. */
export async function observePlan(deps: Pick<Deps, 'db'>, viewer: Viewer, id: string, body: string, requestId?: string | null): Promise<void> {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  const text = body.trim();
  if (!text || text.length > 10000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'observacion', messageKey: 'cgii.errors.observation' }] });
  await deps.db.transaction().execute(async (trx) => {
    const plan = UUID.test(id) ? await findPlan(trx, id, { forUpdate: true }) : undefined;
    if (!plan) throw new AppError('CGII_NOT_FOUND');
    const observationId = crypto.randomUUID();
    await insertObservation(trx, { id: observationId, planId: id, author: viewer.accountId, body: text, createdAt: new Date() });
    await recordAudit(trx, { actor: { type: 'person', id: viewer.accountId }, action: 'cgii.plan_observed', subject: { type: 'cgii_plan', id }, data: { observationId }, requestId });
    await emitEvent(trx, PLAN_TOPIC, { planId: id, agencyCode: plan.agencyCode, kind: 'observation' });
  });
}

/**
 * The daily sweep: each current plan due for a reminder on the country's date at `now` (60, 30 or
 * 7 days before its review date, or lapsed) gets it once; a lapsed plan counts out of the figure.
 */
export function remindPlans(deps: Pick<Deps, 'db' | 'country'>, now: Date): Promise<SweepResult<string>> {
  const today = todayIn(deps, now);
  return sweepDue<string>({
    db: deps.db,
    now,
    selectDue: (db, _at, limit) => findPlansDue(db, today, limit),
    handle: async (trx, id, at) => {
      const plan = await findPlan(trx, id, { forUpdate: true });
      if (!plan || plan.supersededAt || plan.lapsedAt) return false;
      const left = Math.round((Date.parse(`${plan.expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
      const days = left <= 0 ? 0 : left <= 7 ? 7 : left <= 30 ? 30 : 60;
      if (!(await insertReminder(trx, id, days, at))) return false;
      if (days === 0) {
        await markLapsed(trx, id, at);
        await recordStat(trx, cgiiStats.plans_in_force, { agency: plan.agencyCode, sector: await sectorOf({ db: trx }, plan.agencyCode) }, -1);
      }
      await recordAudit(trx, { actor: { type: 'system', id: 'deadline' }, action: days === 0 ? 'cgii.plan_lapsed' : 'cgii.plan_reminded', subject: { type: 'cgii_plan', id }, data: { days } });
      await emitEvent(trx, PLAN_TOPIC, { planId: id, agencyCode: plan.agencyCode, kind: days === 0 ? 'lapsed' : 'expiring', days, expiresOn: plan.expiresOn });
      return true;
    },
  });
}

/** The handler of `cgii.plan_reminder`: one mailbox notice per contact of the entity, keyed by the event. */
export async function noticePlan(event: DomainEvent, deps: Deps): Promise<void> {
  const p = event.payload as { planId: string; agencyCode: string; kind: 'expiring' | 'lapsed' | 'observation'; days?: number; expiresOn?: string };
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const params = { agency: p.agencyCode, days: p.days ?? 0, date: p.expiresOn ?? '', url: `${deps.config.publicUrl}/cgii/planes/${p.planId}` };
  for (const contact of await findAgencyStaff(deps, p.agencyCode, [CGII_CONTACT])) {
    await notifyAccount(deps, {
      accountId: contact.id,
      agencyCode: centreAgency(deps.country.code),
      subject: t(`cgii.plan.notice.${p.kind}.subject`, params),
      body: t(`cgii.plan.notice.${p.kind}.body`, params),
      source: 'cgii',
      key: `cgii:plan:${event.id}:${contact.id}`,
    });
  }
}

/** Entities with a plan in force: the figure (every entity) and the share of the central-level entities (the `001` goal: 100 %). */
export async function planFigures(deps: Pick<Deps, 'db' | 'dbRead' | 'country'>, now = new Date()): Promise<{ inForce: number; central: number; centralInForce: number; share: number | null }> {
  const central = (await listAgencies(deps, undefined, LEVEL_GROUPS.central)).map((a) => a.code);
  const [rows, centralInForce] = await Promise.all([readStat(deps.dbRead, cgiiStats.plans_in_force), countPlansInForce(deps.db, todayIn(deps, now), central)]);
  return {
    inForce: rows.reduce((s, r) => s + (r.count ?? 0), 0),
    central: central.length,
    centralInForce,
    share: central.length === 0 ? null : centralInForce / central.length,
  };
}
