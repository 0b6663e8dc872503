// Rules every use case of reports shares: size limits, which statuses are open, who may act for an agency.
import type { ActorType } from '../../platform/audit/audit.ts';
import type { Report, ReportActor, ReportStatus } from './report.types.ts';

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Most evidence files the agency attaches at once. */
export const MAX_EVIDENCE_FILES = 10;
export const MAX_DESCRIPTION = 5000;

/** Statuses in which a report is still open (an agency may still act on it). */
export const OPEN: ReportStatus[] = ['received', 'in_progress'];

export const auditActor = (actor: ReportActor): { type: ActorType; id?: string | null } => ({ type: actor.type, id: actor.id ?? null });

/** Who acts for agencies: the agencies whose reports the person may handle, and platform administrators (triage, moderation). */
export interface Official {
  accountId: string;
  agencyCodes: string[];
  isPlatformAdmin: boolean;
}

/**
 * The roles that handle an agency's reports: see its queue and the reporters' details,
 * accept, reply in public, change the status, reassign, merge and add evidence. Other roles
 * at the agency (publisher, registrar, auditor) do none of it.
 */
export const REPORT_HANDLER_ROLES: readonly string[] = ['case_handler', 'agency_admin'];

/** The official a signed-in person is for reports: only the agencies where they hold a handler role. */
export function officialFrom(account: { id: string; isPlatformAdmin: boolean }, roles: ReadonlyArray<{ agencyCode: string; role: string }>): Official {
  const agencyCodes = [...new Set(roles.filter((r) => REPORT_HANDLER_ROLES.includes(r.role)).map((r) => r.agencyCode))];
  return { accountId: account.id, agencyCodes, isPlatformAdmin: account.isPlatformAdmin };
}

/** An official may act on a report routed to one of their agencies; administrators on the triage queue. */
export function canActOn(official: Official, report: Pick<Report, 'agencyCode'>): boolean {
  if (report.agencyCode === null) return official.isPlatformAdmin;
  return official.agencyCodes.includes(report.agencyCode);
}
