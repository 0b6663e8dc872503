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
