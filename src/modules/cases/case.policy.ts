// Pure permission predicates. Role checks go through the platform's one helper, `hasRole`,
// over the official's grants (identity's `roleGrantsOf`).
import { hasRole } from '../../platform/contract/roles.ts';
import { agencyCodesOf, roleGrantsOf } from '../identity/index.ts';
import type { Case, Official } from './case.types.ts';

/** The roles that make someone an official who handles an agency's cases. */
export const OFFICIAL_ROLES = ['case_handler', 'agency_admin'];

/** Whether the official holds this role in the agency. */
export function holdsRoleIn(official: Official, role: string, agencyCode: string): boolean {
  return hasRole(roleGrantsOf({ isPlatformAdmin: false }, official.roles), { role, agency: agencyCode });
}

export function isOfficialOf(official: Official, agencyCode: string): boolean {
  return OFFICIAL_ROLES.some((role) => holdsRoleIn(official, role, agencyCode));
}

/** Agencies where the official handles cases (a list to show or query by). */
export function officialAgencies(official: Official): string[] {
  return agencyCodesOf(official.roles).filter((agencyCode) => isOfficialOf(official, agencyCode));
}

/** The official's roles in one agency (what the workflow's transitions are matched against). */
export function rolesIn(official: Official, agencyCode: string): string[] {
  return [...new Set(official.roles.map((r) => r.role))].filter((role) => holdsRoleIn(official, role, agencyCode));
}

/**
 * A person's own case is hers alone; a case of an economic unit is seen by whoever represents
 * the unit now (`unitKeys`, read from the registry on each request): a former representative,
 * even the one who filed it, no longer sees it.
 */
export function canPersonSee(accountId: string, c: Pick<Case, 'accountId' | 'unitKey'>, unitKeys: readonly string[] = []): boolean {
  return c.unitKey ? unitKeys.includes(c.unitKey) : c.accountId === accountId;
}
