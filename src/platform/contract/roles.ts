// One check of roles for every module (pure): does a person with these grants hold `role`
// over this agency or territory? A territory grant covers the territories below it, so the
// caller passes the territory's path (top level first) when it has one.
import { AppError } from '../errors.ts';
import type { RoleGrant } from './contract.types.ts';

/** The platform-scoped role of the people who administer the platform (identity grants it by the account flag). */
export const PLATFORM_ADMIN = 'platform_admin';

export interface RoleCheck {
  role: string;
  /** The agency the action concerns (agency-scoped roles). */
  agency?: string;
  /** The territory the action concerns, or its path top level first (territory-scoped roles). */
  territory?: string | string[];
}

/**
 * True when a grant names the role and: has no agency or territory (a platform role, or a
 * check that names neither), or matches the agency asked, or its territory is the one asked
 * or one of its ancestors.
 */
export function hasRole(grants: readonly RoleGrant[], check: RoleCheck): boolean {
  const path = check.territory === undefined ? undefined : Array.isArray(check.territory) ? check.territory : [check.territory];
  return grants.some((grant) => {
    if (grant.role !== check.role) return false;
    if (grant.agency) return check.agency === undefined ? path === undefined : grant.agency === check.agency;
    if (grant.territory) return path === undefined ? check.agency === undefined : path.includes(grant.territory);
    return true;
  });
}

/**
 * Throws the module's forbidden error (`FORBIDDEN` unless named) when the grants do not hold
 * the role: the one way a use case refuses a person, e.g.
 * `requireRole(grants, { role: PLATFORM_ADMIN }, 'REPORT_FORBIDDEN')`.
 */
export function requireRole(grants: readonly RoleGrant[], check: RoleCheck, forbidden = 'FORBIDDEN'): void {
  if (!hasRole(grants, check)) throw new AppError(forbidden);
}
