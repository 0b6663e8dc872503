// Rules every use case of reports shares: size limits, which statuses are open, who may act for an agency.
import type { ActorType } from '../../platform/audit/audit.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { type Account, agencyCodesOf, type RoleAssignment, roleGrantsOf } from '../identity/index.ts';
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
  /** The agencies whose reports the person handles (a handler role held there). */
  agencyCodes: string[];
  /** Every role the person holds (identity's `roleGrantsOf`), checked with `hasRole`: `platform_admin` for triage and moderation, `agency_admin` for webhooks. */
  grants: readonly RoleGrant[];
}

/**
 * The roles that handle an agency's reports: see its queue and the reporters' details,
 * accept, reply in public, change the status, reassign, merge and add evidence. Other roles
 * at the agency (publisher, registrar, auditor) do none of it.
 */
export const REPORT_HANDLER_ROLES: readonly string[] = ['case_handler', 'agency_admin'];

/** The official a signed-in person is for reports: only the agencies where they hold a handler role (checked by `hasRole`). */
export function officialFrom(account: Pick<Account, 'id' | 'isPlatformAdmin'>, roles: readonly RoleAssignment[]): Official {
  const grants = roleGrantsOf(account, roles);
  const agencyCodes = agencyCodesOf(roles).filter((agency) => REPORT_HANDLER_ROLES.some((role) => hasRole(grants, { role, agency })));
  return { accountId: account.id, agencyCodes, grants };
}

/** Whether the person administers this agency (`agency_admin`), or any agency when none is named. */
export function isAgencyAdmin(grants: readonly RoleGrant[], agencyCode?: string): boolean {
  return hasRole(grants, { role: 'agency_admin', ...(agencyCode === undefined ? {} : { agency: agencyCode }) });
}

/** An official may act on a report routed to one of their agencies; platform administrators on the triage queue. */
export function canActOn(official: Official, report: Pick<Report, 'agencyCode'>): boolean {
  if (report.agencyCode === null) return hasRole(official.grants, { role: PLATFORM_ADMIN });
  return official.agencyCodes.includes(report.agencyCode);
}

/**
 * Whether the person holds any role at the agency the report is addressed to: such a person
 * may not "support" it ("me too"), since the count speaks for the public, not for the agency's staff.
 */
export function isStaffOfReportAgency(grants: readonly RoleGrant[], report: Pick<Report, 'agencyCode'>): boolean {
  return report.agencyCode !== null && grants.some((grant) => grant.agency === report.agencyCode);
}
