// Domain types of reports (community problems and complaints about public services).
export const REPORT_STATUSES = ['received', 'in_progress', 'resolved', 'rejected', 'duplicate'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const QUESTION_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type QuestionDatatype = (typeof QUESTION_DATATYPES)[number];

/** Text in Spanish and English, and in the country's other languages where it has them (drafts). */
export interface LocalizedText {
  es: string;
  en: string;
  qu?: string;
  ay?: string;
  gn?: string;
}

/** The text in the language asked, Spanish where it has none. */
export function textIn(text: LocalizedText, language: string): string {
  return (text as unknown as Record<string, string | undefined>)[language] ?? text.es;
}

/** A category-specific question (an Open311 attribute). */
export interface CategoryQuestion {
  code: string;
  datatype: QuestionDatatype;
  required: boolean;
  order: number;
  description: LocalizedText;
  values: Array<{ key: string; name: LocalizedText }>;
}

export interface Category {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  questions: CategoryQuestion[];
  anonymousAllowed: boolean;
  /** A complaint about a public service: the reporter names the agency it is about. */
  isAgencyComplaint: boolean;
  legalResponseDays: number;
  contestDays: number;
  duplicateRadiusM: number;
}

export interface RoutingRule {
  categoryCode: string;
  territoryCode: string | null;
  agencyCode: string;
}

/** A routing rule as the administration lists it (with its id, to remove it). */
export interface RoutingRuleRow extends RoutingRule {
  id: number;
}

export type TimelineKind = 'submitted' | 'routed' | 'triaged' | 'accepted' | 'reassigned' | 'replied' | 'status_changed' | 'merged' | 'evidence' | 'contested' | 'supported' | 'escalated' | 'hidden';

/** One public entry of a report's timeline (no actor identity). */
export interface TimelineEntry {
  id: number;
  kind: TimelineKind;
  status: ReportStatus | null;
  /** The public text (a reply, a reason); null when hidden by moderation. */
  text: string | null;
  agencyCode: string | null;
  agencyName: string | null;
  at: Date;
  isHidden: boolean;
  /** Evidence files of this entry: public download paths. */
  files: Array<{ url: string; filename: string; mediaType: string }>;
}

/** A report as anyone may see it: no reporter identity, no contact. */
export interface Report {
  id: number;
  /** Public code shown to people: `R-<id>`. */
  code: string;
  categoryCode: string;
  status: ReportStatus;
  description: string;
  answers: Record<string, string | string[]>;
  lat: number | null;
  lon: number | null;
  address: string | null;
  territoryCode: string | null;
  territoryPath: string[];
  subjectAgencyCode: string | null;
  agencyCode: string | null;
  agencyName: string | null;
  isAnonymous: boolean;
  /** Set when a community council's spokesperson reported for the council. */
  onBehalfOf: { territoryCode: string | null; name: string } | null;
  source: string;
  createdAt: Date;
  updatedAt: Date;
  /** The legal deadline for an answer. */
  dueAt: Date;
  acceptedAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  escalatedAt: Date | null;
  isOverdue: boolean;
  reopenedCount: number;
  supporterCount: number;
  duplicateOf: number | null;
  statusReason: string | null;
  isHidden: boolean;
  /** Public path of each photo (the first is Open311's media_url). */
  photos: Array<{ url: string; filename: string; mediaType: string }>;
}

/** Private facts of a report, for its reporter and the competent agency only. */
export interface ReportPrivate {
  reporterAccountId: string | null;
  contact: { name?: string; email?: string; phone?: string } | null;
  hiddenReason: string | null;
}

/** Who acts. Person: a signed-in account; client: a system (Open311 application, API client). */
export type ReportActor = { type: 'person'; id: string } | { type: 'anonymous'; id?: null } | { type: 'client'; id: string } | { type: 'official'; id: string } | { type: 'system'; id: string };

export interface NewReport {
  categoryCode: string;
  description: string;
  answers?: Record<string, string | string[]>;
  lat?: number | null;
  lon?: number | null;
  address?: string | null;
  territoryCode?: string | null;
  /** Complaint categories: the agency the complaint is about. */
  subjectAgencyCode?: string | null;
  /** Report without the reporter's identity attached (only where the category permits). */
  isAnonymous?: boolean;
  /** A community council's spokesperson reporting for the council (its territory code). */
  onBehalfOfTerritory?: string | null;
  /** Contact details given by a system (Open311 email, name, phone); never public. */
  contact?: { name?: string; email?: string; phone?: string } | null;
  photos?: Array<{ bytes: Uint8Array; filename: string }>;
  source?: string;
}

export interface ReportFilters {
  ids?: number[];
  categoryCodes?: string[];
  status?: ReportStatus[];
  startDate?: Date;
  endDate?: Date;
  /** The territory or any unit inside it. */
  territoryCode?: string;
  agencyCode?: string;
  /** Bounding box for the map: [south, west, north, east]. */
  bbox?: [number, number, number, number];
  includeHidden?: boolean;
  /** Reports created strictly before this id (keyset pagination, newest first). */
  beforeId?: number;
  limit: number;
}

/** A status change or a reply (FixMyStreet servicerequestupdates). */
export interface ReportUpdate {
  id: number;
  reportId: number;
  kind: TimelineKind;
  status: ReportStatus;
  text: string | null;
  at: Date;
  agencyCode: string | null;
}

export interface ReportStats {
  scope: string;
  received: number;
  resolved: number;
  answered: number;
  answeredInTime: number;
  reopened: number;
  /** Median hours from report to first answer; null when nothing answered yet. */
  medianResponseHours: number | null;
  /** Share (0–1) of answered reports answered within the legal time. */
  shareInTime: number | null;
}
