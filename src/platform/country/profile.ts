// A country profile: everything that differs between the States that run Tambo and is data,
// not code. `bo.ts` and `ve.ts` hold the two shipped profiles.
import type { CountryCode } from '../config.ts';

export interface LocalizedText {
  es: string;
  en: string;
  /** The country's other official languages, where the profile has them (drafts). */
  qu?: string;
  ay?: string;
  gn?: string;
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
  /** Calendar days after delivery in which a marketplace buyer may withdraw from a purchase (docs/marketplace.md). */
  withdrawalDays?: number;
  /** Whether marketplace buyers may pay the post at the door (cash on delivery; docs/marketplace.md). Not offered when unset. */
  cashOnDelivery?: boolean;
  /**
   * Years the platform keeps each signed document it issues (its PDF and its record), at least:
   * fixed per document when it is issued (docs/signed-documents.md, "Retention").
   */
  documentRetentionYears: number;
  /**
   * The code of the agency that operates the platform (Bolivia's AGETIC, Venezuela's CNTI): it
   * signs what no other agency can, such as the receipt of a payment the platform collected for
   * an economic unit (docs/payments.md, "The receipt").
   */
  platformAgency: string;
  /** The words, numbers and examples pages say that differ by country (never written in a catalog). */
  terms: CountryTerms;
  /** Access to public information and active transparency (the transparency module); its defaults when absent. */
  transparency?: TransparencyRules;
}

/** The law of access to public information and of obligatory publications, as data. */
export interface TransparencyRules {
  /** Business days to answer a request for public information. */
  answerDays: number;
  /** Business days one extension adds, and how many the law allows (0: none). */
  extensionDays: number;
  maxExtensions: number;
  /** Business days the requester has to appeal a refusal (or a late answer), and the appeal's own time to be resolved. */
  appealDays: number;
  appealAnswerDays: number;
  /** Whether a request may be filed with only an e-mail address (no account). */
  emailOnly: boolean;
  /** The legal grounds a refusal may name (codes; their words are the module's messages). */
  refusalGrounds: string[];
  /** Obligatory publications of every entity: what, how often, and calendar days after the period (or its start) they are due. */
  publications: Array<{ kind: string; every: 'month' | 'quarter' | 'year'; graceDays: number; dueFrom: 'start' | 'end' }>;
}

export interface CountryTerms {
  /** The emergency number to call (not a report): 110 in Bolivia, 911 in Venezuela. */
  emergencyNumber: string;
  /** A mobile number as people write it at home: the hint of phone fields. */
  mobileExample: string;
  /** A municipality's territory code, as the hint of a territory typed by its code. */
  territoryExample: string;
  /** What the citizen reports are called: "Reportes ciudadanos", "1x10 del Buen Gobierno". */
  reportsName: LocalizedText;
  /** One line on what they are, under the title of the reports' list. */
  reportsLead: LocalizedText;
}
