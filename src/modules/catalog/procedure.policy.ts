// Pure permission predicates of the catalog: checks go through the platform's one helper,
// `hasRole`, over the person's grants (identity's `roleGrantsOf`).
import { hasRole } from '../../platform/contract/roles.ts';
import { agencyCodesOf, type RoleAssignment, roleGrantsOf } from '../identity/index.ts';

export interface Publisher {
  accountId: string;
  roles: RoleAssignment[];
}

/** Agencies whose procedures this person may create, edit, publish and retire (a list to show). */
export function publishingAgencies(actor: Publisher): string[] {
  return agencyCodesOf(actor.roles)
    .filter((agencyCode) => canPublishFor(actor, agencyCode))
    .sort();
}

export function canPublishFor(actor: Publisher, agencyCode: string): boolean {
  return hasRole(roleGrantsOf({ isPlatformAdmin: false }, actor.roles), { role: 'publisher', agency: agencyCode });
}
