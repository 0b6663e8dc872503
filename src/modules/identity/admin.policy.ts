// Who may do what on the administration side (pure predicates, no I/O).
// - Agencies' systems (clients): platform administrators only.
// - In-person verification and assisted registration: registrars, for their own agencies.
// - Roles of officials: platform administrators for any agency; agency administrators for
//   their own agencies only.
import type { ActorType } from '../../platform/audit/audit.ts';
import type { Account, Role, RoleAssignment } from './account.types.ts';

/** A signed-in person acting on the administration side, with their roles. */
export interface Staff {
  account: Account;
  roles: RoleAssignment[];
  /** The request, for the audit entry. */
  requestId?: string;
}

export function canManageClients(staff: Staff): boolean {
  return staff.account.isPlatformAdmin;
}

export function agenciesWithRole(staff: Staff, role: Role): string[] {
  return [...new Set(staff.roles.filter((r) => r.role === role).map((r) => r.agencyCode))].sort();
}

export function isRegistrar(staff: Staff): boolean {
  return agenciesWithRole(staff, 'registrar').length > 0;
}

export function canRegisterFor(staff: Staff, agencyCode: string): boolean {
  return staff.roles.some((r) => r.role === 'registrar' && r.agencyCode === agencyCode);
}

/** Whether the person may open the roles page at all. */
export function canManageAnyRoles(staff: Staff): boolean {
  return staff.account.isPlatformAdmin || agenciesWithRole(staff, 'agency_admin').length > 0;
}

export function canManageRolesOf(staff: Staff, agencyCode: string): boolean {
  return staff.account.isPlatformAdmin || staff.roles.some((r) => r.role === 'agency_admin' && r.agencyCode === agencyCode);
}

/** How the audit log names this person's part: administrator of the platform, or an agency's official. */
export function auditActor(staff: Staff): { type: ActorType; id: string } {
  return { type: staff.account.isPlatformAdmin ? 'admin' : 'official', id: staff.account.id };
}
