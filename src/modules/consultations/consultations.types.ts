// Domain types of the Consulta Popular (no I/O).
import type { ResultMethod } from './results.ts';

export type BallotRule = 'approval' | 'knapsack';
export type Eligibility = 'census' | 'territory' | 'both';
export type Phase = 'proposals' | 'review' | 'voting' | 'results' | 'execution';
export type ReviewStatus = 'pending' | 'viable' | 'not_viable';

export interface Consultation {
  id: string;
  slug: string;
  title: string;
  description: string;
  countryProfile: string;
  currency: 'BOB' | 'VES';
  ballotRule: BallotRule;
  approvalMin: number;
  approvalMax: number;
  resultMethod: ResultMethod;
  minLevel: 'bajo' | 'sustancial';
  eligibility: Eligibility;
  allowRevote: boolean;
  proposalsOpenAt: Date;
  reviewOpenAt: Date;
  votingOpenAt: Date;
  votingCloseAt: Date;
  executionOpenAt: Date;
  resultsPublishedAt: Date | null;
  isDemo: boolean;
}

export interface Unit {
  code: string;
  layerCode: string | null;
  name: string;
  budgetMinor: number;
}

export interface Proposal {
  id: string;
  seq: number;
  consultationId: string;
  unitCode: string;
  title: string;
  description: string;
  costMinor: number;
  lat: number | null;
  lon: number | null;
  executorTerritoryCode: string;
  /** The community council (territory code) that proposed it through a spokesperson; null for a person's proposal. */
  proposedByCouncil: string | null;
  reviewStatus: ReviewStatus;
  reviewReason: string | null;
  createdAt: Date;
}

/** Why a person may not vote (shown on the refusal page, and as the API's error detail). */
export type Refusal = 'not_open' | 'closed' | 'level' | 'not_in_census' | 'no_territory' | 'outside_scope';

export type EligibilityAnswer = { eligible: true; unitCode: string } | { eligible: false; reason: Refusal };

/** The phase a consultation is in at `now`, from its dates. */
export function phaseAt(c: Pick<Consultation, 'reviewOpenAt' | 'votingOpenAt' | 'votingCloseAt' | 'executionOpenAt' | 'resultsPublishedAt'>, now: Date): Phase {
  const t = now.getTime();
  if (t < c.reviewOpenAt.getTime()) return 'proposals';
  if (t < c.votingOpenAt.getTime()) return 'review';
  if (t < c.votingCloseAt.getTime()) return 'voting';
  if (t < c.executionOpenAt.getTime() || !c.resultsPublishedAt) return 'results';
  return 'execution';
}

/**
 * Checks a ballot against the rules: the choices are distinct viable proposals of the
 * voter's unit; approval: between min and max of them; knapsack: at least one, their total
 * cost within the unit's budget. Answers the error code, or undefined when valid.
 */
export function ballotProblem(c: Pick<Consultation, 'ballotRule' | 'approvalMin' | 'approvalMax'>, unit: Unit, proposals: readonly Proposal[], choices: readonly string[]): string | undefined {
  if (new Set(choices).size !== choices.length) return 'CONSULTATIONS_BALLOT_INVALID';
  const byId = new Map(proposals.filter((p) => p.unitCode === unit.code && p.reviewStatus === 'viable').map((p) => [p.id, p]));
  if (choices.some((id) => !byId.has(id))) return 'CONSULTATIONS_BALLOT_INVALID';
  if (c.ballotRule === 'approval') return choices.length < c.approvalMin || choices.length > c.approvalMax ? 'CONSULTATIONS_BALLOT_COUNT' : undefined;
  if (choices.length === 0) return 'CONSULTATIONS_BALLOT_COUNT';
  const total = choices.reduce((sum, id) => sum + byId.get(id)!.costMinor, 0);
  return total > unit.budgetMinor ? 'CONSULTATIONS_BALLOT_OVER_BUDGET' : undefined;
}

/** The API's error code for each refusal. */
export const REFUSAL_CODES: Record<Refusal, string> = {
  not_open: 'CONSULTATIONS_NOT_OPEN',
  closed: 'CONSULTATIONS_CLOSED',
  level: 'CONSULTATIONS_LEVEL_TOO_LOW',
  not_in_census: 'CONSULTATIONS_NOT_IN_CENSUS',
  no_territory: 'CONSULTATIONS_NO_TERRITORY',
  outside_scope: 'CONSULTATIONS_OUTSIDE_SCOPE',
};

/** What a new consultation must satisfy, by the part it concerns (the page shows each at its field). */
export type ConsultationProblem = 'title' | 'slug' | 'description' | 'units' | 'approval' | 'reviewOpenAt' | 'votingOpenAt' | 'votingCloseAt' | 'executionOpenAt';

/**
 * The rules of a new consultation (`createConsultation` refuses one that breaks any; the page
 * shows each at its field): a title of 1–200 characters, a slug the addresses take, a
 * description of at most 4 000, at least one unit with a positive budget and no unit twice,
 * 1 ≤ minimum ≤ maximum choices, and the phases' dates in order (the voting closes after it opens).
 */
export function consultationProblems(
  c: Pick<Consultation, 'title' | 'slug' | 'description' | 'approvalMin' | 'approvalMax' | 'proposalsOpenAt' | 'reviewOpenAt' | 'votingOpenAt' | 'votingCloseAt' | 'executionOpenAt'> & {
    units: ReadonlyArray<Pick<Unit, 'code' | 'budgetMinor'>>;
  },
): ConsultationProblem[] {
  const problems: ConsultationProblem[] = [];
  const title = c.title.trim();
  if (title === '' || title.length > 200) problems.push('title');
  if (!/^[a-z0-9][a-z0-9-]{1,80}$/.test(c.slug)) problems.push('slug');
  if (c.description.length > 4000) problems.push('description');
  const codes = new Set(c.units.map((u) => u.code));
  if (c.units.length === 0 || codes.size !== c.units.length || c.units.some((u) => !Number.isSafeInteger(u.budgetMinor) || u.budgetMinor <= 0)) problems.push('units');
  if (!Number.isInteger(c.approvalMin) || c.approvalMin < 1 || !Number.isInteger(c.approvalMax) || c.approvalMax < c.approvalMin) problems.push('approval');
  if (c.reviewOpenAt < c.proposalsOpenAt) problems.push('reviewOpenAt');
  if (c.votingOpenAt < c.reviewOpenAt) problems.push('votingOpenAt');
  if (c.votingCloseAt <= c.votingOpenAt) problems.push('votingCloseAt');
  if (c.executionOpenAt < c.votingCloseAt) problems.push('executionOpenAt');
  return problems;
}
