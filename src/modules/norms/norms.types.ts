// Public consultation of norms, plans and policies: the text by articles, comments, supports, answers, the final text.
export const NORM_KINDS = ['regulation', 'plan', 'policy'] as const;
export type NormKind = (typeof NORM_KINDS)[number];
export const OUTCOMES = ['accepted', 'partly', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Phase = 'upcoming' | 'open' | 'closed' | 'final';

export interface NormConsultation {
  id: string;
  agencyCode: string;
  kind: NormKind;
  title: string;
  summary: string;
  opensAt: Date;
  closesAt: Date;
  finalPublishedAt: Date | null;
}

export interface Article {
  number: number;
  heading: string;
  /** Null: an article the final text added. */
  draftText: string | null;
  /** Null: not in the final text (before it is published, or removed by it). */
  finalText: string | null;
}

export interface NormComment {
  id: string;
  articleNumber: number | null;
  body: string;
  createdAt: Date;
  outcome: Outcome | null;
  reason: string | null;
  answeredAt: Date | null;
  supports: number;
}

export function phaseOf(c: Pick<NormConsultation, 'opensAt' | 'closesAt' | 'finalPublishedAt'>, now = new Date()): Phase {
  if (c.finalPublishedAt) return 'final';
  if (now < c.opensAt) return 'upcoming';
  return now < c.closesAt ? 'open' : 'closed';
}
