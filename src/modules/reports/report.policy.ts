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

/** Who acts for agencies: the agencies where the person holds a role, and platform administrators (triage, moderation). */
export interface Official {
  accountId: string;
  agencyCodes: string[];
  isPlatformAdmin: boolean;
}

/** An official may act on a report routed to one of their agencies; administrators on the triage queue. */
export function canActOn(official: Official, report: Pick<Report, 'agencyCode'>): boolean {
  if (report.agencyCode === null) return official.isPlatformAdmin;
  return official.agencyCodes.includes(report.agencyCode);
}
