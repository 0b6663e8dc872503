export const AGENCY_KINDS = ['national', 'departmental', 'municipal', 'state_company', 'regulator', 'electoral', 'judicial'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/**
 * An entity's level in the State's organisation (seed 001, docs/entities.md): the central
 * level (organs, ministries, decentralised entities, public companies), control and defence
 * bodies, autonomous territorial entities by kind, public universities.
 */
export const AGENCY_LEVELS = ['central_organ', 'ministry', 'decentralised', 'public_company', 'control_defence', 'departmental', 'regional', 'municipal', 'indigenous', 'university'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** The four levels of the State the plan's goals name, and the entity levels in each. */
export const LEVEL_GROUPS = {
  central: ['central_organ', 'ministry', 'decentralised', 'public_company'],
  control: ['control_defence'],
  territorial: ['departmental', 'regional', 'municipal', 'indigenous'],
  university: ['university'],
} as const satisfies Record<string, readonly AgencyLevel[]>;
export type LevelGroup = keyof typeof LEVEL_GROUPS;

export function levelGroupOf(level: AgencyLevel): LevelGroup {
  for (const [group, levels] of Object.entries(LEVEL_GROUPS)) if ((levels as readonly string[]).includes(level)) return group as LevelGroup;
  return 'central';
}

/** The level an agency has when none is given: from its kind (a ministry by its name). */
export function defaultLevel(kind: AgencyKind, name: string): AgencyLevel {
  if (kind === 'departmental' || kind === 'municipal') return kind;
  if (kind === 'state_company') return 'public_company';
  if (kind === 'electoral' || kind === 'judicial') return 'central_organ';
  return /^ministerio/i.test(name) ? 'ministry' : 'decentralised';
}

export interface Agency {
  code: string;
  country: string;
  name: string;
  acronym: string;
  kind: AgencyKind;
  territoryCode: string | null;
  mission: string;
  /** The agency this one answers to (e.g. a service under its ministry), if any. */
  superiorCode: string | null;
  level: AgencyLevel;
  /** The norm that creates the entity or gives it its functions, in words. */
  legalBasis: string;
  contactEmail: string | null;
  contactPhone: string | null;
  /** Who answers for e-government in the entity (a name or a post). */
  egovOfficer: string | null;
}

/** One version of an entity in the register: what it was from `validFrom` to `validTo`. */
export interface AgencyVersion {
  version: number;
  name: string;
  acronym: string;
  kind: string;
  level: string;
  superiorCode: string | null;
  territoryCode: string | null;
  legalBasis: string;
  contactEmail: string | null;
  contactPhone: string | null;
  egovOfficer: string | null;
  validFrom: Date;
  validTo: Date | null;
  actor: string;
}

/** An office where an agency attends people in person. */
export interface Office {
  code: string;
  agencyCode: string;
  name: string;
  /** Where it is (a municipality, usually). */
  territoryCode: string;
  /** Codes from the top level down to `territoryCode` (inclusive). */
  territoryPath: string[];
  address: string;
  /** Opening hours in words, as the agency publishes them (Spanish): shown only without a schedule. */
  hours: string;
  /** Opening hours as data, written in each language from the catalogs (`officeHoursText`). */
  schedule: OfficeOpening[];
  phone: string | null;
}

/** A run of weekdays (0 = Sunday … 6 = Saturday, `from` to `to` inclusive) open from `opens` to `closes` ("07:30"). */
export interface OfficeOpening {
  from: number;
  to: number;
  opens: string;
  closes: string;
}

/** A subnational government onboarded as a tenant (docs/entities.md#tenants). */
export interface Tenant {
  code: string;
  onboardedAt: Date;
  /** `type:id` of who onboarded it. */
  onboardedBy: string;
  /** Set by its administrator; null until then. */
  branding: TenantBranding | null;
}

/** A tenant's name on its pages and its colours: text on background, lower-case `#rrggbb`. */
export interface TenantBranding {
  displayName: string;
  shortName: string | null;
  colourText: string;
  colourBackground: string;
}

/** WCAG 2.2 AA for normal text: the least contrast a tenant's colour pair may have. */
export const MIN_BRAND_CONTRAST = 4.5;

/** The WCAG contrast ratio of two `#rrggbb` colours (1 to 21), from their relative luminance. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The levels whose entities can be tenants: the autonomous territorial entities. */
export function canBeTenant(level: AgencyLevel): boolean {
  return (LEVEL_GROUPS.territorial as readonly AgencyLevel[]).includes(level);
}
