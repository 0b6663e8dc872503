// Pure permission predicates of the catalog.
import type { RoleAssignment } from '../identity/index.ts';

export interface Publisher {
  accountId: string;
  roles: RoleAssignment[];
}

/** Agencies whose procedures this person may create, edit, publish and retire. */
export function publishingAgencies(actor: Publisher): string[] {
  return [...new Set(actor.roles.filter((r) => r.role === 'publisher').map((r) => r.agencyCode))].sort();
}

export function canPublishFor(actor: Publisher, agencyCode: string): boolean {
  return publishingAgencies(actor).includes(agencyCode);
}
