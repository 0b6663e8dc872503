// Reading reports: categories, the public list and report, the timeline, duplicates nearby, queues.
import type { Queryable } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { findCategories, findCategory } from './categories.queries.ts';
import { findEvidence, findNearbyOpen, findPhoto, findReportRow, findTimeline, findUpdates, searchReportRows } from './report.queries.ts';
import type { Account, RoleAssignment } from '../identity/index.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { canActOn, officialFrom, type Official } from './report.policy.ts';
import { cachedCategory, routingCache } from './routing.service.ts';
import type { Category, Report, ReportFilters, ReportPrivate, ReportStatus, ReportUpdate, TimelineEntry } from './report.types.ts';

/** Every category, from the cache the bus keeps true (routing.service.ts). */
export async function listCategories(db: Queryable): Promise<Category[]> {
  return (await routingCache.get(db, 'categories', () => findCategories(db))) as Category[];
}

export async function getCategory(deps: Pick<Deps, 'db'>, code: string): Promise<Category> {
  const category = await cachedCategory(deps, code);
  if (!category) throw new AppError('REPORT_CATEGORY_NOT_FOUND', { params: { code } });
  return category;
}

/** A report as the public sees it (undefined when missing or hidden by moderation). */
export async function findReport(db: Queryable, id: number | string): Promise<Report | undefined> {
  const numeric = typeof id === 'number' ? id : parseReportId(id);
  if (numeric === undefined) return undefined;
  const found = await findReportRow(db, numeric);
  return found && !found.report.isHidden ? found.report : undefined;
}

/** Accepts `123` or `R-123`. */
export function parseReportId(value: string): number | undefined {
  const match = /^(?:R-)?(\d{1,15})$/i.exec(value.trim());
  const n = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export async function getReport(deps: Pick<Deps, 'db'>, id: number): Promise<Report> {
  const report = await findReport(deps.db, id);
  if (!report) throw new AppError('REPORT_NOT_FOUND', { params: { id } });
  return report;
}

export async function searchReports(db: Queryable, filters: ReportFilters): Promise<Report[]> {
  return searchReportRows(db, { ...filters, includeHidden: false, limit: Math.min(Math.max(filters.limit, 1), 1000) });
}

export async function listReportUpdates(db: Queryable, filters: { since?: Date; until?: Date; limit: number }): Promise<ReportUpdate[]> {
  return findUpdates(db, { ...filters, limit: Math.min(Math.max(filters.limit, 1), 1000) });
}

export async function getTimeline(deps: Pick<Deps, 'db'>, reportId: number): Promise<TimelineEntry[]> {
  return findTimeline(deps.db, reportId);
}

/** Open reports of the category near the point, for "is it already reported?". */
export async function findPossibleDuplicates(deps: Pick<Deps, 'db'>, categoryCode: string, lat: number, lon: number): Promise<Array<Report & { distanceM: number }>> {
  const category = await findCategory(deps.db, categoryCode);
  if (!category) return [];
  return findNearbyOpen(deps.db, categoryCode, lat, lon, category.duplicateRadiusM);
}
/** A report with its private facts, for deciding what a viewer may do (never for rendering them). */
export async function findReportForViewer(deps: Pick<Deps, 'db'>, reportId: number): Promise<{ report: Report; private: ReportPrivate } | undefined> {
  const found = await findReportRow(deps.db, reportId);
  return found && !found.report.isHidden ? found : undefined;
}

export async function listMyReports(deps: Pick<Deps, 'db'>, accountId: string): Promise<Report[]> {
  return searchReportRows(deps.db, { reporterAccountId: accountId, includeHidden: true, limit: 200 });
}

/** A report with its private facts, for its reporter or an official who may act on it. */
export async function getReportForHandling(deps: Pick<Deps, 'db'>, reportId: number, who: { accountId: string; official?: Official }): Promise<{ report: Report; private: ReportPrivate }> {
  const found = await findReportRow(deps.db, reportId);
  if (!found) throw new AppError('REPORT_NOT_FOUND', { params: { id: reportId } });
  const isReporter = found.private.reporterAccountId === who.accountId;
  const isHandler = who.official ? canActOn(who.official, found.report) : false;
  if (!isReporter && !isHandler) throw new AppError('REPORT_FORBIDDEN');
  return found;
}

export async function listAgencyQueue(deps: Pick<Deps, 'db'>, official: Official, filter: { agencyCode: string; status?: ReportStatus[]; limit?: number }): Promise<Report[]> {
  if (!official.agencyCodes.includes(filter.agencyCode)) throw new AppError('REPORT_FORBIDDEN');
  return searchReportRows(deps.db, { agencyCode: filter.agencyCode, status: filter.status, includeHidden: true, limit: filter.limit ?? 100 });
}

export async function listTriageQueue(deps: Pick<Deps, 'db'>, limit = 100): Promise<Report[]> {
  return searchReportRows(deps.db, { isTriage: true, limit });
}

/** A public photo of a report (the route checks the report is not hidden through the query). */
export async function findReportPhoto(deps: Pick<Deps, 'db'>, reportId: number, position: number): Promise<{ sha256: string; mediaType: string; filename: string } | undefined> {
  return findPhoto(deps.db, reportId, position);
}

/** A public evidence file of a timeline entry. */
export async function findReportEvidence(deps: Pick<Deps, 'db'>, reportId: number, eventId: number, position: number): Promise<{ sha256: string; mediaType: string; filename: string } | undefined> {
  return findEvidence(deps.db, reportId, eventId, position);
}

/** Most reports a start page counts per queue (more shows as this many). */
export const STAFF_COUNT_LIMIT = 500;

/**
 * The staff start page's figures (portal): per agency whose reports the person handles, the
 * open reports (received or in progress) and how many are past their legal time; the triage
 * queue's size for platform administrators (null for others).
 */
export async function staffReportCounts(
  deps: Pick<Deps, 'db'>,
  account: Pick<Account, 'id' | 'isPlatformAdmin'>,
  roles: readonly RoleAssignment[],
): Promise<{ agencies: Array<{ agencyCode: string; open: number; overdue: number }>; triage: number | null }> {
  const official = officialFrom(account, roles);
  const agencies = await Promise.all(
    official.agencyCodes.map(async (agencyCode) => {
      const open = await listAgencyQueue(deps, official, { agencyCode, status: ['received', 'in_progress'], limit: STAFF_COUNT_LIMIT });
      return { agencyCode, open: open.length, overdue: open.filter((r) => r.isOverdue).length };
    }),
  );
  const triage = hasRole(official.grants, { role: PLATFORM_ADMIN }) ? (await listTriageQueue(deps, STAFF_COUNT_LIMIT)).length : null;
  return { agencies, triage };
}
