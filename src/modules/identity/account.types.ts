export const LEVELS = ['bajo', 'sustancial', 'alto'] as const;
export type Level = (typeof LEVELS)[number];

/** Identity's own agency roles (declared in module.ts); other modules may declare more. */
export const ROLES = ['case_handler', 'registrar', 'publisher', 'auditor', 'agency_admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  id: string;
  country: string;
  documentType: string;
  documentNumber: string;
  givenName: string;
  familyName: string;
  birthDate: string | null;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  phoneVerified: boolean;
  address: string | null;
  territoryCode: string | null;
  /** Stored level: bajo or sustancial (alto is sustancial + a second factor in the session). */
  level: 'bajo' | 'sustancial';
  hasTotp: boolean;
  isPlatformAdmin: boolean;
  lockedUntil: Date | null;
  /** Created by a registrar with a temporary password: the person must choose their own at sign-in. */
  passwordChangeRequired: boolean;
}

/** A role held in an agency or over a territory (the scope its module declares for it). */
export type RoleAssignment = AgencyRoleAssignment | TerritoryRoleAssignment;

export interface AgencyRoleAssignment {
  /** A declared agency-scoped role: identity's own (`Role`) or another module's. */
  role: string;
  agencyCode: string;
  territoryCode?: undefined;
}

export interface TerritoryRoleAssignment {
  /** A declared territory-scoped role; it covers the territories below this one. */
  role: string;
  territoryCode: string;
  agencyCode?: undefined;
}

/** The agencies in which these roles are held (each once, in order of first appearance). */
export function agencyCodesOf(roles: readonly RoleAssignment[]): string[] {
  return [...new Set(roles.flatMap((r) => (r.agencyCode === undefined ? [] : [r.agencyCode])))];
}

/** Order of levels, for "at least" comparisons. */
export function levelRank(level: string): number {
  return LEVELS.indexOf(level as Level);
}
