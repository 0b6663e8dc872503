// The CGII's vocabulary (docs/cgii.md): the reference taxonomy (ENISA / eCSIRT.net reference
// incident classification, as data), the severity scale and its response times, TLP 2.0.
import type { LegalClock } from '../../platform/country/deadlines.ts';

/** The roles the module declares (agency-scoped): analysts hold theirs in the centre's agency. */
export const CGII_ANALYST = 'cgii_analyst';
export const CGII_CONTACT = 'cgii_security_contact';

/** The agency that runs the centre, per country profile. */
export const CENTRE_AGENCY: Record<string, string> = { bo: 'AGETIC', ve: 'CNTI' };
export const centreAgency = (country: string): string => CENTRE_AGENCY[country] ?? 'AGETIC';

/** ENISA Reference Incident Classification Taxonomy (2018, from eCSIRT.net): class → types. */
export const TAXONOMY: Record<string, readonly string[]> = {
  'abusive-content': ['spam', 'harmful-speech', 'violence'],
  'malicious-code': ['infected-system', 'c2-server', 'malware-distribution', 'malware-configuration'],
  'information-gathering': ['scanner', 'sniffing', 'social-engineering'],
  'intrusion-attempts': ['ids-alert', 'brute-force', 'exploit'],
  intrusions: ['privileged-account-compromise', 'unprivileged-account-compromise', 'application-compromise', 'system-compromise', 'burglary'],
  availability: ['dos', 'ddos', 'misconfiguration', 'sabotage', 'outage'],
  'information-content-security': ['unauthorised-information-access', 'unauthorised-information-modification', 'data-loss', 'data-leak'],
  fraud: ['unauthorised-use-of-resources', 'copyright', 'masquerade', 'phishing'],
  vulnerable: ['weak-crypto', 'ddos-amplifier', 'potentially-unwanted-accessible', 'information-disclosure', 'vulnerable-system'],
  other: ['undetermined'],
  test: ['test'],
};
/** Categories as `class/type` codes, e.g. `availability/ddos`. */
export const CATEGORIES: readonly string[] = Object.entries(TAXONOMY).flatMap(([k, types]) => types.map((t) => `${k}/${t}`));

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Response times per severity: critical and high run round the clock (hours), medium and low
 * on business hours (the country's office hours on business days).
 */
export const RESPONSE_TIMES: Record<Severity, { firstResponse: LegalClock; containment: LegalClock; closure: LegalClock }> = {
  critical: { firstResponse: { hours: 1 }, containment: { hours: 4 }, closure: { hours: 24 } },
  high: { firstResponse: { hours: 4 }, containment: { hours: 24 }, closure: { hours: 72 } },
  medium: { firstResponse: { businessHours: 8 }, containment: { businessHours: 24 }, closure: { businessHours: 80 } },
  low: { firstResponse: { businessHours: 16 }, containment: { businessHours: 80 }, closure: { businessHours: 160 } },
};

/** Traffic Light Protocol 2.0, least to most restricted. */
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLPS)[number];
export const tlpLabel = (tlp: Tlp): string => `TLP:${tlp.toUpperCase()}`;

export const INDICATOR_KINDS = ['ipv4', 'ipv6', 'domain', 'url', 'sha256', 'md5', 'email'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export interface Indicator {
  kind: IndicatorKind;
  value: string;
}

const INDICATOR_RULES: Record<IndicatorKind, RegExp> = {
  ipv4: /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([0-9]|[12]\d|3[0-2]))?$/,
  ipv6: /^[0-9a-f:]+(\/\d{1,3})?$/i,
  domain: /^(?=.{1,253}$)([a-z0-9](-*[a-z0-9])*\.)+[a-z]{2,63}$/i,
  url: /^https?:\/\/\S+$/i,
  sha256: /^[0-9a-f]{64}$/i,
  md5: /^[0-9a-f]{32}$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
};
export const validIndicator = (i: Indicator): boolean => INDICATOR_RULES[i.kind].test(i.value);

export type Status = 'reported' | 'triaged' | 'waiting_entity' | 'closed';
export const NOTE_KINDS = ['note', 'action', 'request', 'answer', 'triage', 'closure'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export interface Incident {
  id: string;
  code: string;
  agencyCode: string;
  reportedBy: string;
  reportedVia: 'web' | 'api' | 'import';
  title: string;
  description: string;
  detectedAt: Date;
  reportedAt: Date;
  systemsAffected: string;
  dataAffected: string;
  personalData: boolean;
  category: string;
  severity: Severity;
  tlp: Tlp;
  status: Status;
  assignedTo: string | null;
  firstResponseDue: Date;
  containmentDue: Date;
  closureDue: Date;
  firstResponseAt: Date | null;
  containedAt: Date | null;
  closedAt: Date | null;
  closureReport: string | null;
  escalatedAt: Date | null;
}

export interface Note {
  id: string;
  incidentId: string;
  kind: NoteKind;
  author: string;
  body: string;
  tlp: Tlp;
  recipients: string[];
  createdAt: Date;
}

export interface Evidence {
  sha256: string;
  filename: string;
  mediaType: string;
  size: number;
}

/** Who is looking: a person (with their grants decided into these flags) or an agency's system. */
export type Viewer = { kind: 'person'; accountId: string; analyst: boolean; contactOf: string[] } | { kind: 'client'; clientId: string; agencyCode: string; centre: boolean };

/** May this viewer see the incident at all: the centre's analysts (and its exchange system), and the reporting entity. */
export function canSeeIncident(viewer: Viewer, incident: Pick<Incident, 'agencyCode'>): boolean {
  if (viewer.kind === 'person') return viewer.analyst || viewer.contactOf.includes(incident.agencyCode);
  return viewer.centre || viewer.agencyCode === incident.agencyCode;
}

/**
 * TLP enforced when shown: a TLP:RED note only to its named recipients (and its author); a
 * system's token is never a named person, so it never gets one. Other markings: whoever may
 * see the incident (the entity and the centre are the incident's own community).
 */
export function canSeeNote(viewer: Viewer, note: Pick<Note, 'tlp' | 'recipients' | 'author'>): boolean {
  if (note.tlp !== 'red') return true;
  if (viewer.kind !== 'person') return false;
  return note.author === viewer.accountId || note.recipients.includes(viewer.accountId);
}

/** Markings that may leave the centre in an export to another CSIRT (TLP:RED never does). */
export const shareable = (tlp: Tlp): boolean => tlp !== 'red';

/** Attended on time: closed by the closure due instant. */
export const onTime = (i: Pick<Incident, 'closedAt' | 'closureDue'>): boolean => i.closedAt !== null && i.closedAt <= i.closureDue;
