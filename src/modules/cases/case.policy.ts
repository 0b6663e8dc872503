// Pure permission predicates.
import type { Case, Official } from './case.types.ts';

export const OFFICIAL_ROLES = ['case_handler', 'agency_admin'];

/** Agencies where the official handles cases. */
export function officialAgencies(official: Official): string[] {
  return [...new Set(official.roles.filter((r) => OFFICIAL_ROLES.includes(r.role)).map((r) => r.agencyCode))];
}

export function isOfficialOf(official: Official, agencyCode: string): boolean {
  return officialAgencies(official).includes(agencyCode);
}

/** The official's roles in one agency. */
export function rolesIn(official: Official, agencyCode: string): string[] {
  return official.roles.filter((r) => r.agencyCode === agencyCode).map((r) => r.role);
}

export function canPersonSee(accountId: string, c: Case): boolean {
  return c.accountId === accountId;
}
