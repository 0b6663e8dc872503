export const AUDIENCES = ['person', 'business'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const TOPICS = [
  'identity',
  'civil_registry',
  'business',
  'construction',
  'property',
  'justice',
  'social_protection',
  'health',
  'education',
  'transport',
  'taxes',
  'migration',
  'employment',
] as const;
export type Topic = (typeof TOPICS)[number];

export const LIFE_EVENTS = [
  'birth',
  'coming_of_age',
  'starting_business',
  'building_home',
  'buying_property',
  'looking_for_work',
  'travelling',
  'marriage',
  'retirement',
  'death',
  'studying',
  'driving',
  'hardship',
] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];

export const FEE_KINDS = ['free', 'fixed', 'formula'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

export const TACIT_OUTCOMES = ['approval', 'denial', 'none'] as const;
export type TacitOutcome = (typeof TACIT_OUTCOMES)[number];

export const PROCEDURE_STATUSES = ['draft', 'published', 'retired'] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];
export type VersionStatus = 'draft' | 'published' | 'superseded' | 'retired';

export interface Office {
  /** The office's code in the agencies' directory (/oficinas): its address and hours are read from there. */
  code?: string;
  name: string;
  address: string;
  hours: string;
}

/** What a publisher writes: the content of one version. */
export interface ProcedureContent {
  name: string;
  /** Plain-language description. */
  summary: string;
  audiences: Audience[];
  topics: Topic[];
  lifeEvents: LifeEvent[];
  requirements: string[];
  legalBasis: string[];
  feeKind: FeeKind;
  /** Decimal string in the country's currency (fixed fees); null otherwise. */
  feeAmount: string | null;
  /** How a fee by formula is computed, in words. */
  feeFormula: string | null;
  /** Maximum response time set by law, in business days (country holidays excluded). */
  maxResponseDays: number;
  /** What happens when that time passes without an answer. */
  tacitOutcome: TacitOutcome;
  result: string;
  resultValidity: string | null;
  isOnline: boolean;
  /** How many times a person must go to an office to complete it (the simplification history; absent or null: not stated, read as 0 online and 1 otherwise). */
  officeVisits?: number | null;
  offices: Office[];
  steps: string[];
  /** The agency's service-charter commitments (Carta de Servicios). */
  commitments: string[];
  /** Metrics and targets of some commitments, measured against the procedure's figures (commitments.ts). */
  commitmentTargets?: CommitmentTarget[];
  form: unknown | null;
  workflow: unknown | null;
  /** The public text in the country's other languages (drafts); Spanish where a language lacks one. */
  translations?: ProcedureTranslations;
}

/** A version's public text in one more language; what it leaves out is shown in Spanish. */
import type { CommitmentTarget } from './commitments.ts';

export interface ProcedureText {
  name?: string;
  summary?: string;
  result?: string;
  resultValidity?: string;
  requirements?: string[];
  steps?: string[];
  commitments?: string[];
}

/** Texts by language code (`qu`, `ay`, `gn`, `en`), marked `_meta.status: draft` until reviewed, as the message catalogs' drafts are. */
export type ProcedureTranslations = { _meta?: { status: string } } & { [language: string]: ProcedureText | undefined };

/** The text of a language, or of the version's own (Spanish) where the language has none. */
export function procedureTextIn(translations: ProcedureTranslations | undefined, language: string): ProcedureText {
  return language === '_meta' ? {} : (translations?.[language] ?? {});
}

/** A procedure's name in the language asked (Spanish where it has none). */
export const procedureNameIn = (ref: Pick<ProcedureVersionRef, 'name' | 'names'>, language: string): string => ref.names[language] ?? ref.name;

/** A version with its public text in the language asked (Spanish where the language lacks a text). */
export function procedureIn<T extends ProcedureContent>(procedure: T, language: string): T {
  const text = procedureTextIn(procedure.translations, language);
  const same = <V>(own: V[], translated: V[] | undefined) => (translated && translated.length === own.length ? translated : own);
  return {
    ...procedure,
    name: text.name ?? procedure.name,
    summary: text.summary ?? procedure.summary,
    result: text.result ?? procedure.result,
    resultValidity: procedure.resultValidity === null ? null : (text.resultValidity ?? procedure.resultValidity),
    requirements: same(procedure.requirements, text.requirements),
    steps: same(procedure.steps, text.steps),
    commitments: same(procedure.commitments, text.commitments),
  };
}

export interface ProcedureVersion extends ProcedureContent {
  id: string;
  procedureId: string;
  version: number;
  status: VersionStatus;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

export interface Procedure {
  id: string;
  slug: string;
  agencyCode: string;
  status: ProcedureStatus;
  publishedVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A published procedure as the public sees it. */
export interface PublishedProcedure extends ProcedureVersion {
  slug: string;
  agencyCode: string;
}

/** What the cases module needs of a procedure version (contract in index.ts). */
export interface ProcedureVersionRef {
  procedureId: string;
  versionId: string;
  version: number;
  slug: string;
  name: string;
  /** The name in other languages (drafts), by language code. */
  names: Record<string, string>;
  agencyCode: string;
  online: boolean;
  form: unknown | null;
  workflow: unknown | null;
  maxResponseDays: number;
  tacitOutcome: TacitOutcome;
  /** The fee (the payments module orders it when an application is submitted). */
  feeKind: FeeKind;
  feeAmount: string | null;
  feeFormula: string | null;
}

/** Computed by the cases module, stored and shown by the catalog. */
export interface ProcedureStatistics {
  applications: number;
  completed: number;
  medianDaysToComplete: number | null;
  /** Between 0 and 1. */
  shareWithinLegalTime: number | null;
  satisfactionAverage: number | null;
  satisfactionCount: number;
}

export interface SearchFilters {
  q?: string;
  agency?: string;
  topic?: Topic;
  lifeEvent?: LifeEvent;
  audience?: Audience;
  page: number;
  pageSize: number;
}

export interface SearchResult {
  items: PublishedProcedure[];
  total: number;
  /** The query as corrected for typos, when it differs from what was typed. */
  correctedQuery: string | null;
}

/** How public pages name an agency. */
export interface AgencyName {
  code: string;
  name: string;
  acronym: string;
}
