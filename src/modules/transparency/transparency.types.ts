// Domain types and rules of the transparency module (docs/transparency.md): requests for public
// information, obligatory publications and their compliance index, breach notices.
import type { CountryProfile, TransparencyRules } from '../../platform/country/profile.ts';

export const TRANSPARENCY_OFFICER = 'transparency_officer';
export const FORMATS = ['digital', 'paper', 'consultation'] as const;
export type RequestFormat = (typeof FORMATS)[number];
export type RequestStatus = 'pending' | 'answered' | 'refused';
export type Channel = 'online' | 'email' | 'counter';

export interface InformationRequest {
  id: string;
  code: string;
  agencyCode: string;
  question: string;
  format: RequestFormat;
  channel: Channel;
  accountId: string | null;
  filedAt: Date;
  dueAt: Date;
  extensions: number;
  status: RequestStatus;
  answer: string | null;
  sentDocument: string | null;
  publicDocument: string | null;
  /** The document sent, as an uploaded PDF (seen by the requester and the entity's officers). */
  sentFile: AnswerFile | null;
  /** Its public version, personal data removed, as an uploaded PDF (public). */
  publicFile: AnswerFile | null;
  refusalGround: string | null;
  closedAt: Date | null;
  answeredInTime: boolean | null;
  appealUntil: Date | null;
}

export interface RequestEvent {
  kind: 'filed' | 'transferred' | 'extended' | 'answered' | 'refused' | 'appealed' | 'appeal_upheld' | 'appeal_dismissed';
  agencyCode: string;
  toAgencyCode: string | null;
  note: string;
  at: Date;
}

export interface Appeal {
  requestId: string;
  reason: string;
  filedAt: Date;
  dueAt: Date;
  outcome: 'upheld' | 'dismissed' | null;
  resolution: string | null;
  resolvedAt: Date | null;
}

/** Used when a profile says nothing (a test's profile): Bolivia's figures. */
const DEFAULT_RULES: TransparencyRules = {
  answerDays: 15,
  extensionDays: 10,
  maxExtensions: 1,
  appealDays: 10,
  appealAnswerDays: 10,
  emailOnly: false,
  refusalGrounds: ['classified', 'personal_data', 'ongoing_investigation', 'not_held'],
  publications: [],
};

export function rulesOf(profile: CountryProfile): TransparencyRules {
  return profile.transparency ?? DEFAULT_RULES;
}

export interface Obligation {
  kind: string;
  period: string;
  dueAt: Date;
}

export interface ObligationState extends Obligation {
  url: string | null;
  publishedAt: Date | null;
  state: 'published' | 'late' | 'overdue' | 'upcoming';
}

/** The periods of one kind of publication, as written in `transparency.publication.period`. */
export function periodsOf(every: 'month' | 'quarter' | 'year', year: number): Array<{ period: string; start: string; end: string }> {
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (every === 'year') return [{ period: String(year), start: `${year}-01-01`, end: `${year}-12-31` }];
  if (every === 'quarter') return [1, 2, 3, 4].map((q) => ({ period: `${year}-Q${q}`, start: `${year}-${pad(q * 3 - 2)}-01`, end: `${year}-${pad(q * 3)}-${lastDay(year, q * 3)}` }));
  return Array.from({ length: 12 }, (_, i) => ({ period: `${year}-${pad(i + 1)}`, start: `${year}-${pad(i + 1)}-01`, end: `${year}-${pad(i + 1)}-${lastDay(year, i + 1)}` }));
}

/** The share published on time, 0–100 (null when nothing was due yet). */
export function complianceIndex(row: { due: number; onTime: number }): number | null {
  return row.due === 0 ? null : Math.round((1000 * row.onTime) / row.due) / 10;
}

/** A recorded personal-data breach and its notices, as the entity's officers see it. */
export interface Breach {
  id: string;
  agencyCode: string;
  description: string;
  occurredAt: Date;
  recordedAt: Date;
  source: 'transparency' | 'cgii';
  notices: BreachNotice[];
}

export interface BreachNotice {
  documentType: string;
  documentNumber: string;
  channel: 'mailbox' | 'post';
  /** By post: when the officer recorded it as sent (null: it still needs the post). */
  postedAt: Date | null;
}

/** An answer's document as an uploaded PDF: the stored file's hash, the name it was uploaded with, its size. */
export interface AnswerFile {
  sha256: string;
  filename: string;
  size: number;
}

/** The largest PDF an answer may carry. */
export const MAX_ANSWER_FILE_BYTES = 10 * 1024 * 1024;
