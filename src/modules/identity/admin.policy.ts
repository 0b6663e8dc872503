// Who may do what on the administration side (pure predicates, no I/O). Every check goes
// through the platform's one helper, `hasRole`, over the person's grants (`roleGrantsOf`).
// - Agencies' systems (clients): platform administrators only.
// - In-person verification and assisted registration: registrars, for their own agencies.
// - Roles of officials: platform administrators for any agency and over any territory; agency
//   administrators for their own agencies only.
import type { ActorType } from '../../platform/audit/audit.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN, requireRole } from '../../platform/contract/roles.ts';
import { type Account, agencyCodesOf, type RoleAssignment } from './account.types.ts';

/** The platform-scoped role the account flag `is_platform_admin` stands for (declared in module.ts). */
export { PLATFORM_ADMIN };

/** A signed-in person acting on the administration side, with their roles. */
export interface Staff {
  account: Account;
  roles: RoleAssignment[];
  /** The request, for the audit entry. */
  requestId?: string;
}

/**
 * A person's roles as the module contract names them, for `hasRole`: each agency role held
 * (`{ role, agency }`), each territory role (`{ role, territory }`: it holds for any path
 * through that territory), and `platform_admin` when the account is a platform administrator's.
 */
export function roleGrantsOf(account: Pick<Account, 'isPlatformAdmin'>, roles: readonly RoleAssignment[]): RoleGrant[] {
  const grants: RoleGrant[] = roles.map((assignment) =>
    assignment.agencyCode !== undefined ? { role: assignment.role, agency: assignment.agencyCode } : { role: assignment.role, territory: assignment.territoryCode },
  );
  if (account.isPlatformAdmin) grants.push({ role: PLATFORM_ADMIN });
  return grants;
}

/**
 * Refuses (`FORBIDDEN`, or the module's own code) anyone but a platform administrator: the one
 * check of the pages and use cases that only they may use (Open311 keys, reports' settings).
 */
export function requirePlatformAdmin(account: Pick<Account, 'isPlatformAdmin'>, forbidden?: string): void {
  requireRole(roleGrantsOf(account, []), { role: PLATFORM_ADMIN }, forbidden);
}

const grantsOf = (staff: Staff) => roleGrantsOf(staff.account, staff.roles);

export function isPlatformAdmin(staff: Staff): boolean {
  return hasRole(grantsOf(staff), { role: PLATFORM_ADMIN });
}

export function canManageClients(staff: Staff): boolean {
  return isPlatformAdmin(staff);
}

/** The agencies in which the person holds this role (a list to show, not a check). */
export function agenciesWithRole(staff: Staff, role: string): string[] {
  return agencyCodesOf(staff.roles.filter((r) => r.role === role)).sort();
}

export function isRegistrar(staff: Staff): boolean {
  return hasRole(grantsOf(staff), { role: 'registrar' });
}

export function canRegisterFor(staff: Staff, agencyCode: string): boolean {
  return hasRole(grantsOf(staff), { role: 'registrar', agency: agencyCode });
}

/** Whether the person may open the roles page at all. */
export function canManageAnyRoles(staff: Staff): boolean {
  return isPlatformAdmin(staff) || hasRole(grantsOf(staff), { role: 'agency_admin' });
}

export function canManageRolesOf(staff: Staff, agencyCode: string): boolean {
  return isPlatformAdmin(staff) || hasRole(grantsOf(staff), { role: 'agency_admin', agency: agencyCode });
}

/** Territory-scoped roles are granted by platform administrators (a territory is not an agency's to manage). */
export function canManageTerritoryRoles(staff: Staff): boolean {
  return isPlatformAdmin(staff);
}

/** How the audit log names this person's part: administrator of the platform, or an agency's official. */
export function auditActor(staff: Staff): { type: ActorType; id: string } {
  return { type: isPlatformAdmin(staff) ? 'admin' : 'official', id: staff.account.id };
}
