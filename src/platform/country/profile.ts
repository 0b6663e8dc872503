// A country profile: everything that differs between the States that run Tambo and is data,
// not code. `bo.ts` and `ve.ts` hold the two shipped profiles.
import type { CountryCode } from '../config.ts';

export interface LocalizedText {
  es: string;
  en: string;
}

export interface TerritoryLevel {
  key: string;
  name: LocalizedText;
}

export interface DocumentCheck {
  ok: boolean;
  /** The number written the one canonical way (upper case, with the profile's separators). */
  normalized: string;
  /** Set when the value is accepted but looks doubtful (e.g. a check digit we only warn on). */
  warningKey?: string;
}

export interface IdentityDocumentType {
  /** Stable code, e.g. `CI`, `V`, `RIF`. */
  code: string;
  name: LocalizedText;
  /** An example value shown as a hint. */
  example: string;
  check(value: string): DocumentCheck;
}

export interface Holiday {
  date: string; // YYYY-MM-DD
  name: LocalizedText;
}

export interface CountryProfile {
  code: CountryCode;
  name: LocalizedText;
  /** BCP 47 tag for Intl formatting of dates, numbers and money. */
  intlLocale: string;
  currency: string;
  timeZone: string;
  /** ISO 639 codes of the official languages, Spanish first. */
  languages: string[];
  /** Territorial levels from the top (departamento, estado) down. */
  territoryLevels: TerritoryLevel[];
  identityDocuments: IdentityDocumentType[];
  /** National public holidays of a year, movable ones included. */
  holidays(year: number): Holiday[];
  /**
   * Office hours of the public administration on business days, 'HH:MM' on the local clock
   * (opens < closes, same day): the clock of legal times counted in business hours.
   */
  officeHours: { opens: string; closes: string };
  /** Calendar days after which an unopened mailbox notification is deemed delivered. */
  mailboxDeemedNotifiedDays: number;
}
