export const AGENCY_KINDS = ['national', 'departmental', 'municipal', 'state_company', 'regulator', 'electoral', 'judicial'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

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
  /** Opening hours in words, as the agency publishes them. */
  hours: string;
  phone: string | null;
}
