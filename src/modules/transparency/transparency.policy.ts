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

/** Sees an entity's personal-data breaches and records the notices sent by post: its transparency officers and its authority; platform administrators for every entity. */
export function canHandleBreaches(grants: readonly RoleGrant[], agencyCode: string): boolean {
  return hasRole(grants, { role: PLATFORM_ADMIN }) || officerAgencies(grants).includes(agencyCode);
}

/** The entities whose breaches the person handles; null: every entity (a platform administrator). */
export function breachAgencies(grants: readonly RoleGrant[]): string[] | null {
  return hasRole(grants, { role: PLATFORM_ADMIN }) ? null : officerAgencies(grants);
}
