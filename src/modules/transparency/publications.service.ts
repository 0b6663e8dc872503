// Active transparency (docs/transparency.md): every entity's obligatory publications by the
// country profile, each with its period and due date; entities publish a link (an open-data
// dataset where tabular); overdue items are flagged; a monthly compliance index per entity (and
// by entity level) is kept as history, recomputed when a publication becomes overdue (the
// hourly job, with an injectable clock) or is published.
import { recordAudit } from '../../platform/audit/audit.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import { instantAt, localDateTime } from '../../platform/country/zoned.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { type Agency, getAgency, listAgencies } from '../agencies/index.ts';
import { type ComplianceRow, insertPublication, listCompliance, listPublications, upsertCompliance } from './transparency.queries.ts';
import { isOfficerOf } from './transparency.policy.ts';
import type { Actor } from './transparency.service.ts';
import { complianceIndex, type Obligation, type ObligationState, periodsOf, rulesOf } from './transparency.types.ts';

type TDeps = Pick<Deps, 'db' | 'country'>;
const NOON = 12 * 3_600_000;

/** The obligations due in the calendar year of `now` (periods of that year and the one before), by due date. */
export async function obligationsOfYear(deps: TDeps, year: number): Promise<Obligation[]> {
  const profile = deps.country;
  const decreed = await decreedHolidays(deps.db, profile.code, Date.UTC(year, 0, 1));
  const from = instantAt(profile.timeZone, `${year}-01-01`, 0);
  const to = instantAt(profile.timeZone, `${year + 1}-01-01`, 0);
  const all: Obligation[] = [];
  for (const rule of rulesOf(profile).publications) {
    for (const y of [year - 1, year]) {
      for (const p of periodsOf(rule.every, y)) {
        const due = dueAt(profile, decreed, instantAt(profile.timeZone, rule.dueFrom === 'start' ? p.start : p.end, NOON), { calendarDays: rule.graceDays });
        if (due >= from && due < to) all.push({ kind: rule.kind, period: p.period, dueAt: due });
      }
    }
  }
  return all.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind));
}

function stateOf(o: Obligation, published: { url: string; publishedAt: Date } | undefined, now: Date): ObligationState {
  if (published) return { ...o, url: published.url, publishedAt: published.publishedAt, state: published.publishedAt <= o.dueAt ? 'published' : 'late' };
  return { ...o, url: null, publishedAt: null, state: now > o.dueAt ? 'overdue' : 'upcoming' };
}

/** The entity's obligations this year with their state at `now` (published, late, overdue, upcoming). */
export async function entityObligations(deps: TDeps, agencyCode: string, options: { now?: Date } = {}): Promise<ObligationState[]> {
  const now = options.now ?? new Date();
  const year = Number(localDateTime(deps.country.timeZone, now).date.slice(0, 4));
  const [obligations, published] = await Promise.all([obligationsOfYear(deps, year), listPublications(deps.db, agencyCode)]);
  const byKey = new Map(published.map((p) => [`${p.kind}/${p.period}`, p]));
  return obligations.map((o) => stateOf(o, byKey.get(`${o.kind}/${o.period}`), now));
}

/** The monthly rows of one entity: for each month of the year up to `now`, obligations due by its end (or by now) and those on time. */
function monthlyRows(agency: Agency, states: ObligationState[], now: Date, timeZone: string): Array<Omit<ComplianceRow, 'month'> & { month: string }> {
  const today = localDateTime(timeZone, now).date;
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const rows = [];
  for (let m = 1; m <= month; m++) {
    const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
    const cutoff = new Date(Math.min(instantAt(timeZone, next, 0).getTime(), now.getTime()));
    const due = states.filter((s) => s.dueAt < cutoff);
    const onTime = due.filter((s) => s.publishedAt !== null && s.publishedAt <= s.dueAt).length;
    rows.push({ agencyCode: agency.code, month: `${year}-${String(m).padStart(2, '0')}-01`, level: agency.kind, due: due.length, onTime });
  }
  return rows;
}

/** Recomputes the compliance index of every entity (or one) at `now`; answers how many monthly rows changed. */
export async function recomputeCompliance(deps: TDeps, options: { now?: Date; agencyCode?: string } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const agencies = options.agencyCode ? [await getAgency(deps, options.agencyCode)] : await listAgencies(deps);
  const year = Number(localDateTime(deps.country.timeZone, now).date.slice(0, 4));
  const obligations = await obligationsOfYear(deps, year);
  let changed = 0;
  for (const agency of agencies) {
    const published = new Map((await listPublications(deps.db, agency.code)).map((p) => [`${p.kind}/${p.period}`, p]));
    const states = obligations.map((o) => stateOf(o, published.get(`${o.kind}/${o.period}`), now));
    changed += await upsertCompliance(
      deps.db,
      monthlyRows(agency, states, now, deps.country.timeZone).map((r) => ({ ...r, computedAt: now })),
    );
  }
  return changed;
}

/** An officer of the entity publishes (a link) one obligatory publication for a period; once. */
export async function publishObligation(deps: TDeps, actor: Actor, agencyCode: string, input: { item: string; url: string }, options: { now?: Date } = {}): Promise<void> {
  const agency = await getAgency(deps, agencyCode).catch(() => undefined);
  if (!agency) throw new AppError('TRANSPARENCY_NOT_FOUND');
  if (!isOfficerOf(actor.grants, agency.code)) throw new AppError('TRANSPARENCY_FORBIDDEN');
  const now = options.now ?? new Date();
  const [kind, period] = input.item.split('/');
  const fields: FieldError[] = [];
  const obligations = await entityObligations(deps, agency.code, { now });
  const obligation = obligations.find((o) => o.kind === kind && o.period === period);
  if (!obligation) fields.push({ field: 'obligacion', messageKey: 'transparency.errors.obligation' });
  const url = input.url.trim();
  if (!/^https?:\/\/\S+$/.test(url) || url.length > 2000) fields.push({ field: 'enlace', messageKey: 'transparency.errors.url' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await insertPublication(trx, { agencyCode: agency.code, kind: kind!, period: period!, url, publishedAt: now, publishedBy: actor.accountId })))
      throw new AppError('TRANSPARENCY_ALREADY_PUBLISHED');
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'transparency.obligation_published',
      subject: { type: 'agency', id: agency.code },
      data: { kind, period, late: now > obligation!.dueAt },
      requestId: actor.requestId,
    });
  });
  await recomputeCompliance(deps, { now, agencyCode: agency.code });
}

export interface ComplianceSummary {
  month: string | null;
  entities: Array<{ agencyCode: string; level: string; index: number | null; due: number; onTime: number }>;
  byLevel: Array<{ level: string; index: number | null; entities: number }>;
}

/** The latest month's index per entity and by level (the mean of the entities' indexes that have something due). */
export async function complianceSummary(deps: Pick<Deps, 'dbRead'>, month?: string): Promise<ComplianceSummary> {
  const latest = month ?? (await listCompliance(deps.dbRead))[0]?.month;
  if (!latest) return { month: null, entities: [], byLevel: [] };
  const rows = await listCompliance(deps.dbRead, { month: `${latest}-01` });
  const entities = rows.map((r) => ({ agencyCode: r.agencyCode, level: r.level, index: complianceIndex(r), due: r.due, onTime: r.onTime }));
  const levels = [...new Set(entities.map((e) => e.level))].sort();
  const byLevel = levels.map((level) => {
    const counted = entities.filter((e) => e.level === level && e.index !== null);
    return {
      level,
      entities: entities.filter((e) => e.level === level).length,
      index: counted.length === 0 ? null : Math.round((10 * counted.reduce((s, e) => s + e.index!, 0)) / counted.length) / 10,
    };
  });
  return { month: latest, entities, byLevel };
}

export function complianceHistory(deps: Pick<Deps, 'dbRead'>, agencyCode: string): Promise<ComplianceRow[]> {
  return listCompliance(deps.dbRead, { agencyCode });
}
