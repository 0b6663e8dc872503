// Entities' yearly reports on a plan (seed 001, section X): per strategic line what was done
// and its evidence, and the figures of the reported indicators the entity is responsible for.
// Filed by an official holding `plan_reporter` in that entity; one per entity and year.
import { AppError, type FieldError } from '../../platform/errors.ts';
import { readFile, safeFilename, storeFile } from '../../platform/files/index.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { insertReportAudited, selectIndicators, selectLines, selectReportFile, selectReports, upsertYearlyValue } from './observatory.queries.ts';
import { canReportFor } from './observatory.policy.ts';
import { observatoryStats } from './observatory.stats.ts';
import type { Indicator, Line, Plan, YearlyReport } from './observatory.types.ts';
import { type Actor, currentYear, getPlan } from './plans.service.ts';

export interface ReportInput {
  year: string;
  /** Line id → what was done, evidence (links, document references). */
  lines: Record<string, { done: string; evidence: string }>;
  /** Indicator code → the figure, as typed. */
  figures: Record<string, string>;
  /** Line id → evidence files (already checked by content by the multipart reader). */
  files?: Record<string, EvidenceUpload[]>;
}

export interface EvidenceUpload {
  filename: string;
  bytes: Uint8Array;
  mediaType: 'application/pdf' | 'image/png' | 'image/jpeg';
}

/** At most this many evidence files in one report. */
export const MAX_REPORT_FILES = 10;
/** Largest evidence file, in bytes. */
export const MAX_REPORT_FILE_BYTES = 5_000_000;

/** What the form shows: the plan's lines and the reported indicators this entity answers for. */
export async function reportForm(deps: Deps, actor: Actor, planIdOrCode: string, agencyCode: string): Promise<{ plan: Plan; lines: Line[]; indicators: Indicator[]; filed: YearlyReport[] }> {
  if (!canReportFor(actor.grants, agencyCode)) throw new AppError('OBSERVATORY_FORBIDDEN');
  const plan = await getPlan(deps, planIdOrCode);
  const [lines, indicators, filed] = await Promise.all([selectLines(deps.db, plan.id), selectIndicators(deps.db, { planId: plan.id }), selectReports(deps.db, plan.id, { agencyCode })]);
  return { plan, lines, indicators: indicators.filter((i) => i.source === 'reported' && i.responsibleAgency === agencyCode && !i.retired), filed };
}

export async function fileYearlyReport(deps: Deps, actor: Actor, planIdOrCode: string, agencyCode: string, input: ReportInput): Promise<{ id: string; year: number }> {
  const { plan, lines, indicators } = await reportForm(deps, actor, planIdOrCode, agencyCode);
  const fields: FieldError[] = [];
  const year = Number(input.year);
  const latest = Math.min(plan.endYear, currentYear(deps));
  if (!(Number.isInteger(year) && year >= plan.startYear && year <= latest)) fields.push({ field: 'year', messageKey: 'observatory.errors.reportYear', params: { from: plan.startYear, to: latest } });
  const reported: Array<{ lineId: string; done: string; evidence: string }> = [];
  for (const line of lines) {
    const given = input.lines[line.id];
    const done = given?.done.trim() ?? '';
    const evidence = given?.evidence.trim() ?? '';
    if (done.length > 4000) fields.push({ field: `done-${line.position}`, messageKey: 'observatory.errors.doneLong' });
    if (evidence.length > 2000) fields.push({ field: `evidence-${line.position}`, messageKey: 'observatory.errors.evidenceLong' });
    const files = input.files?.[line.id] ?? [];
    if (done === '' && (evidence !== '' || files.length > 0)) fields.push({ field: `done-${line.position}`, messageKey: 'observatory.errors.doneMissing' });
    if (done !== '') reported.push({ lineId: line.id, done, evidence });
  }
  if (reported.length === 0 && !fields.some((f) => f.field.startsWith('done-'))) fields.push({ field: `done-${lines[0]?.position ?? 1}`, messageKey: 'observatory.errors.noLine' });
  const figures: Array<{ indicator: Indicator; value: number }> = [];
  for (const indicator of indicators) {
    const text = (input.figures[indicator.code] ?? '').trim().replace(',', '.');
    if (text === '') continue;
    const value = /^\d{1,12}(\.\d{1,4})?$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(value) || (indicator.unit === 'percent' && value > 100)) fields.push({ field: `figure-${indicator.code}`, messageKey: 'observatory.errors.figure' });
    else figures.push({ indicator, value });
  }
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const id = uuidv7();
  await deps.db.transaction().execute(async (trx) => {
    const stored = [];
    for (const line of lines) {
      for (const file of input.files?.[line.id] ?? []) {
        const kept = await storeFile(trx, file.bytes, file.mediaType);
        stored.push({ position: stored.length, lineId: line.id, filename: safeFilename(file.filename, file.mediaType), mediaType: kept.mediaType, size: kept.size, sha256: kept.sha256 });
      }
    }
    const written = await insertReportAudited(
      trx,
      { id, planId: plan.id, agencyCode, year, submittedBy: actor.accountId, lines: reported, files: stored },
      {
        audit: {
          actor: { type: 'official', id: actor.accountId },
          action: 'observatory.report_filed',
          subject: { type: 'yearly_report', id },
          data: { plan: plan.code, agency: agencyCode, year, lines: reported.length, files: stored.map((f) => f.sha256), figures: figures.map((f) => f.indicator.code) },
          requestId: actor.requestId,
        },
        events: [{ topic: 'observatory.report_filed', payload: { reportId: id, planCode: plan.code, agencyCode, year } }],
        stats: [{ stat: observatoryStats.reports_filed, dims: { agency: agencyCode }, value: 1 }],
      },
    );
    if (!written) throw new AppError('OBSERVATORY_REPORT_EXISTS');
    for (const figure of figures) await upsertYearlyValue(trx, { indicatorId: figure.indicator.id, year, value: figure.value, origin: 'report', reportId: id });
  });
  return { id, year };
}

/** Every yearly report of a plan (public: what entities did; no person named). */
export async function listReports(deps: Deps, plan: Plan): Promise<YearlyReport[]> {
  return selectReports(deps.dbRead, plan.id);
}

/** An evidence file of a report (public, as the reports are), or undefined. */
export async function reportFile(deps: Deps, reportId: string, position: number): Promise<{ filename: string; mediaType: string; content: Buffer } | undefined> {
  const file = await selectReportFile(deps.dbRead, reportId, position);
  const stored = file ? await readFile(deps.dbRead, file.sha256) : undefined;
  return file && stored ? { filename: file.filename, mediaType: stored.mediaType, content: stored.content } : undefined;
}
