// Who may do what with requests for public information and obligatory publications.
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { TRANSPARENCY_OFFICER } from './transparency.types.ts';

/** Answers, refuses, transfers, extends the requests of the entity and publishes for it. */
export function isOfficerOf(grants: readonly RoleGrant[], agencyCode: string): boolean {
  return hasRole(grants, { role: PLATFORM_ADMIN }) || hasRole(grants, { role: TRANSPARENCY_OFFICER, agency: agencyCode });
}

/** Resolves appeals against the entity's refusals: its highest authority (agency_admin), not the officer who refused. */
export function canResolveAppeal(grants: readonly RoleGrant[], agencyCode: string): boolean {
  return hasRole(grants, { role: PLATFORM_ADMIN }) || hasRole(grants, { role: 'agency_admin', agency: agencyCode });
}

export function officerAgencies(grants: readonly RoleGrant[]): string[] {
  return [...new Set(grants.flatMap((g) => ((g.role === TRANSPARENCY_OFFICER || g.role === 'agency_admin') && g.agency ? [g.agency] : [])))].sort();
}
