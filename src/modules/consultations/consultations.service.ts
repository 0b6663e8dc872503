// Use cases of the Consulta Popular: consultations, proposals and their technical review,
// the census, eligibility, the secret ballot (cast, changed with the receipt), assemblies'
// paper ballots, and the results. Authorization: officials hold `consultation_officer` over
// the unit's territory (or are platform administrators).
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { localDate } from '../../platform/country/business-days.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { claimIdempotencyKey, findIdempotentReplay, type IdempotencyClaim, IdempotentReplay } from '../../platform/idempotency/idempotency.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { randomUUID } from 'node:crypto';
import type { Account } from '../identity/index.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import {
  castBallotAudited,
  findBallotByKey,
  findCensusUnit,
  findConsultationRow,
  findProposalRow,
  hasVoted,
  insertConsultationAudited,
  insertProposalAudited,
  listConsultationRows,
  listBallotGroups,
  listProposalRows,
  listReceipts,
  listUnitRows,
  mixInbox,
  type NewConsultation,
  deleteBallotByKey,
  lockReceipt,
  insertInboxBallot,
  isVotingOpen,
  updateProposalReview,
} from './consultations.queries.ts';
import { consultationStats } from './consultations.stats.ts';
import { ballotProblem, consultationProblems, REFUSAL_CODES, type Consultation, type EligibilityAnswer, type Proposal, type Unit } from './consultations.types.ts';
import { commitment, keyHash, newReceipt, parseReceipt, receiptText, saltOf } from './receipts.ts';

export const OFFICER = 'consultation_officer';

export interface ConsultationView {
  consultation: Consultation;
  units: Unit[];
  proposals: Proposal[];
}

export async function listConsultations(deps: Pick<Deps, 'dbRead'>): Promise<Consultation[]> {
  return listConsultationRows(deps.dbRead);
}

export async function getConsultation(deps: Pick<Deps, 'db'>, idOrSlug: string): Promise<ConsultationView> {
  const consultation = await findConsultationRow(deps.db, idOrSlug);
  if (!consultation) throw new AppError('CONSULTATIONS_NOT_FOUND');
  const [units, proposals] = await Promise.all([listUnitRows(deps.db, consultation.id), listProposalRows(deps.db, consultation.id)]);
  return { consultation, units, proposals };
}

// The hot path (casting a ballot) reads the consultation from a per-process memo kept a few
// seconds: during the voting its dates, units and reviewed proposals do not change.
const MEMO_MS = 5_000;
const memo = new Map<string, { at: number; view: Promise<ConsultationView> }>();

/** Forgets a consultation's memo in this process (the write found it closed: its dates changed). */
function forgetForVoting(c: Pick<Consultation, 'id' | 'slug'>): void {
  memo.delete(c.id);
  memo.delete(c.slug);
}

async function getConsultationForVoting(deps: Pick<Deps, 'db'>, idOrSlug: string): Promise<ConsultationView> {
  const now = Date.now();
  const hit = memo.get(idOrSlug);
  if (hit && now - hit.at < MEMO_MS) return hit.view;
  const view = getConsultation(deps, idOrSlug);
  memo.set(idOrSlug, { at: now, view });
  if (memo.size > 100) memo.delete(memo.keys().next().value!);
  view.catch(() => memo.delete(idOrSlug));
  return view;
}

/**
 * Stores a consultation with its units, audited, after the rules of `consultationProblems`
 * (the demo seed and the officials' page both come here). False when its id or slug exists.
 */
export async function createConsultation(
  deps: Pick<Deps, 'db'>,
  input: NewConsultation,
  actor: { type: 'official' | 'system'; id?: string | null },
  requestId: string | null = null,
): Promise<boolean> {
  if (consultationProblems(input).length > 0) throw new AppError('CONSULTATIONS_INVALID');
  return insertConsultationAudited(deps.db, input, {
    audit: {
      actor,
      action: 'consultations.consultation_created',
      subject: { type: 'consultation', id: input.id },
      data: { slug: input.slug, units: input.units.map((u) => u.code) },
      requestId,
    },
  });
}

// ── Officials ──────────────────────────────────────────────────────────────────────────

/** May these grants act as an official for this unit? (the unit's territory path, or platform administrators). */
export async function isOfficerOf(deps: Pick<Deps, 'db'>, grants: readonly RoleGrant[], unit: Unit): Promise<boolean> {
  if (hasRole(grants, { role: PLATFORM_ADMIN })) return true;
  if (unit.layerCode) return false;
  const path = (await getTerritoryWithAncestors(deps, unit.code).catch(() => [])).map((t) => t.code);
  return path.length > 0 && hasRole(grants, { role: OFFICER, territory: path });
}

export async function submitProposal(
  deps: Pick<Deps, 'db'>,
  actor: { accountId: string | null; type: 'person' | 'official' | 'system' },
  consultationId: string,
  p: { unitCode: string; title: string; description: string; costMinor: number; lat: number | null; lon: number | null; executorTerritoryCode?: string; proposedByCouncil?: string | null },
  now = new Date(),
  options: { idempotency?: IdempotencyClaim } = {},
): Promise<string> {
  const { consultation, units } = await getConsultation(deps, consultationId);
  if (options.idempotency) {
    const earlier = await findIdempotentReplay(deps.db, options.idempotency);
    if (earlier !== undefined) return earlier;
  }
  if (actor.type !== 'system' && (now < consultation.proposalsOpenAt || now >= consultation.reviewOpenAt)) throw new AppError('CONSULTATIONS_WRONG_PHASE');
  if (!units.some((u) => u.code === p.unitCode)) throw new AppError('CONSULTATIONS_UNIT_NOT_FOUND');
  const id = uuidv7();
  const write = (db: Queryable) =>
    insertProposalAudited(
      db,
      {
        ...p,
        id,
        consultationId: consultation.id,
        // A council's proposal is executed by the council.
        executorTerritoryCode: p.executorTerritoryCode ?? p.proposedByCouncil ?? p.unitCode,
        proposedByCouncil: p.proposedByCouncil ?? null,
        submittedBy: actor.accountId,
      },
      {
        audit: {
          actor: { type: actor.type, id: actor.accountId },
          action: 'consultations.proposal_submitted',
          subject: { type: 'proposal', id },
          data: { consultationId: consultation.id, unit: p.unitCode, costMinor: p.costMinor, council: p.proposedByCouncil ?? null },
        },
      },
    );
  if (!options.idempotency) {
    await write(deps.db);
    return id;
  }
  // A form's key (a double submit, a burst of identical posts): claimed in the transaction that
  // stores the proposal, so one stores it and the others answer the same proposal.
  const claim = options.idempotency;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await claimIdempotencyKey(trx, claim, id);
      await write(trx);
    });
  } catch (error) {
    if (error instanceof IdempotentReplay) return error.resource;
    throw error;
  }
  return id;
}

/** The public technical review of a proposal, by an official of its unit. */
export async function reviewProposal(
  deps: Pick<Deps, 'db'>,
  official: { accountId: string; grants: readonly RoleGrant[] },
  proposalId: string,
  review: { viable: boolean; reason: string },
  requestId: string | null = null,
): Promise<void> {
  const proposal = await findProposalRow(deps.db, proposalId);
  if (!proposal) throw new AppError('CONSULTATIONS_PROPOSAL_NOT_FOUND');
  const { consultation, units } = await getConsultation(deps, proposal.consultationId);
  const unit = units.find((u) => u.code === proposal.unitCode)!;
  if (!(await isOfficerOf(deps, official.grants, unit))) throw new AppError('CONSULTATIONS_FORBIDDEN');
  if (consultation.resultsPublishedAt || new Date() >= consultation.votingOpenAt) throw new AppError('CONSULTATIONS_WRONG_PHASE');
  const status = review.viable ? 'viable' : 'not_viable';
  await deps.db.transaction().execute(async (trx) => {
    // The same review again (a double submit, a burst) changes nothing and is not audited again.
    if (!(await updateProposalReview(trx, proposalId, { status, reason: review.reason, by: official.accountId }))) return;
    await recordAudit(trx, {
      actor: { type: 'official', id: official.accountId },
      action: 'consultations.proposal_reviewed',
      subject: { type: 'proposal', id: proposalId },
      data: { status, reason: review.reason },
      requestId,
    });
  });
}

// ── Eligibility ────────────────────────────────────────────────────────────────────────

/** Where (which unit) this person votes in this consultation, or why they may not. */
export async function eligibilityOf(
  deps: Pick<Deps, 'db'>,
  view: ConsultationView,
  account: Pick<Account, 'documentType' | 'documentNumber' | 'territoryCode' | 'level'>,
  now = new Date(),
): Promise<EligibilityAnswer> {
  const answer = await eligibilityWithPath(deps, view, account, now);
  return answer.eligible ? { eligible: true, unitCode: answer.unitCode } : answer;
}

/** Eligibility, with the unit's territory path when it is known already (the statistics' dimension). */
async function eligibilityWithPath(
  deps: Pick<Deps, 'db'>,
  view: ConsultationView,
  account: Pick<Account, 'documentType' | 'documentNumber' | 'territoryCode' | 'level'>,
  now: Date,
): Promise<EligibilityAnswer | { eligible: true; unitCode: string; path?: string[] }> {
  const c = view.consultation;
  if (now < c.votingOpenAt) return { eligible: false, reason: 'not_open' };
  if (now >= c.votingCloseAt) return { eligible: false, reason: 'closed' };
  if (c.minLevel === 'sustancial' && account.level !== 'sustancial') return { eligible: false, reason: 'level' };
  // The census and the territory's path are asked at once (one round trip of waiting, not two).
  const territory = c.eligibility !== 'census' && account.territoryCode ? getTerritoryWithAncestors(deps, account.territoryCode).catch(() => []) : Promise.resolve([]);
  if (c.eligibility !== 'territory') {
    const unitCode = await findCensusUnit(deps.db, c.id, account.documentType, account.documentNumber);
    if (unitCode) return { eligible: true, unitCode };
    if (c.eligibility === 'census') return { eligible: false, reason: 'not_in_census' };
  }
  if (!account.territoryCode) return { eligible: false, reason: 'no_territory' };
  const path = (await territory).map((t) => t.code);
  // The deepest unit of the scope that holds the person's territory.
  const unit = [...path].reverse().find((code) => view.units.some((u) => u.code === code && !u.layerCode));
  return unit ? { eligible: true, unitCode: unit, path: path.slice(0, path.indexOf(unit) + 1) } : { eligible: false, reason: 'outside_scope' };
}

export async function alreadyVoted(deps: Pick<Deps, 'db'>, consultationId: string, account: Pick<Account, 'documentType' | 'documentNumber'>): Promise<boolean> {
  return hasVoted(deps.db, consultationId, account.documentType, account.documentNumber);
}

// ── The ballot ─────────────────────────────────────────────────────────────────────────

export interface CastOutcome {
  /** The receipt text (`<id>.<secret>`), given once; null when an idempotent retry replays a ballot already cast. */
  receipt: string | null;
  receiptId: string | null;
  replayed: boolean;
}

/**
 * Casts a person's ballot: the poll-book row (its key: the consultation and the person's
 * identity document) and the anonymous ballot in one statement. A second ballot of the same
 * person, however many arrive at once, finds the poll-book row and is refused (409). The audit
 * entry names the person and the consultation, never the receipt or the choices.
 */
export async function castBallot(
  deps: Pick<Deps, 'db' | 'country'>,
  account: Account,
  idOrSlug: string,
  choices: string[],
  options: { requestId?: string | null; idempotency?: IdempotencyClaim } = {},
): Promise<CastOutcome> {
  const view = await getConsultationForVoting(deps, idOrSlug);
  const c = view.consultation;
  if (options.idempotency && (await findIdempotentReplay(deps.db, options.idempotency)) !== undefined) return { receipt: null, receiptId: null, replayed: true };
  const now = new Date();
  const eligibility = await eligibilityWithPath(deps, view, account, now);
  if (!eligibility.eligible) throw new AppError(REFUSAL_CODES[eligibility.reason]);
  const unit = view.units.find((u) => u.code === eligibility.unitCode)!;
  const problem = ballotProblem(c, unit, view.proposals, choices);
  if (problem) throw new AppError(problem);
  const receipt = newReceipt();
  const ballot = {
    id: randomUUID(),
    consultationId: c.id,
    unitCode: unit.code,
    choices: [...choices].sort(),
    receiptId: receipt.receiptId,
    keyHash: keyHash(receipt.secret),
    commitment: commitment(saltOf(receipt.secret), c.id, choices),
  };
  const path = 'path' in eligibility && eligibility.path ? eligibility.path : unit.layerCode ? [unit.code] : (await getTerritoryWithAncestors(deps, unit.code).catch(() => [])).map((t) => t.code);
  const write = async (q: typeof deps.db) => {
    // The key's claim names the consultation only: nothing beside the person leads to the ballot.
    if (options.idempotency) await claimIdempotencyKey(q, options.idempotency, c.id);
    return castBallotAudited(
      q,
      {
        consultationId: c.id,
        documentType: account.documentType,
        documentNumber: account.documentNumber,
        accountId: account.id,
        unitCode: unit.code,
        channel: 'online',
        votedOn: localDate(deps.country, now),
      },
      ballot,
      now,
      {
        audit: {
          actor: { type: 'person', id: account.id },
          action: 'consultations.voted',
          subject: { type: 'consultation', id: c.id },
          data: { unit: unit.code, channel: 'online' },
          requestId: options.requestId ?? null,
        },
        stats: [{ stat: consultationStats.ballots_cast, dims: { territory: path.length > 0 ? path : [unit.code], consultation: c.id, channel: 'online', at: now } }],
      },
    );
  };
  try {
    const written = options.idempotency ? await deps.db.transaction().execute((trx) => write(trx as never)) : await write(deps.db);
    if (!written) throw await notWrittenBecause(deps, c, now);
  } catch (error) {
    if (error instanceof IdempotentReplay) return { receipt: null, receiptId: null, replayed: true };
    throw error;
  }
  return { receipt: receiptText(receipt), receiptId: receipt.receiptId, replayed: false };
}

/**
 * Why a ballot's statement wrote nothing: the stored dates (read again, not from the memo) no
 * longer keep the voting open (an early close), or the person is in the poll book already.
 */
async function notWrittenBecause(deps: Pick<Deps, 'db'>, c: Consultation, now: Date): Promise<AppError> {
  const stored = await findConsultationRow(deps.db, c.id);
  if (stored && now >= stored.votingOpenAt && now < stored.votingCloseAt) return new AppError('CONSULTATIONS_ALREADY_VOTED');
  forgetForVoting(c);
  return new AppError(stored && now < stored.votingOpenAt ? 'CONSULTATIONS_NOT_OPEN' : 'CONSULTATIONS_CLOSED');
}

/** What the receipt's holder finds again: the ballot's unit, choices, and whether its commitment is the published one. */
export async function findByReceipt(deps: Pick<Deps, 'db'>, idOrSlug: string, text: string): Promise<{ receiptId: string; unitCode: string; choices: string[]; commitment: string; matches: boolean }> {
  const { consultation } = await getConsultation(deps, idOrSlug);
  const receipt = parseReceipt(text);
  if (!receipt) throw new AppError('CONSULTATIONS_RECEIPT_INVALID');
  const found = await findBallotByKey(deps.db, consultation.id, keyHash(receipt.secret));
  if (!found || found.receiptId !== receipt.receiptId) throw new AppError('CONSULTATIONS_RECEIPT_INVALID');
  return { ...found, matches: commitment(saltOf(receipt.secret), consultation.id, found.choices) === found.commitment };
}

/**
 * Changes a ballot until the close, with the receipt's secret only (the last ballot counts).
 * Audited without naming anyone: the receipt is the only key, and nothing links it to a person.
 */
export async function changeBallot(deps: Pick<Deps, 'db'>, idOrSlug: string, text: string, choices: string[], requestId: string | null = null): Promise<{ receiptId: string }> {
  const view = await getConsultationForVoting(deps, idOrSlug);
  const c = view.consultation;
  const now = new Date();
  if (!c.allowRevote || now < c.votingOpenAt || now >= c.votingCloseAt) throw new AppError('CONSULTATIONS_WRONG_PHASE');
  const receipt = parseReceipt(text);
  if (!receipt) throw new AppError('CONSULTATIONS_RECEIPT_INVALID');
  const hash = keyHash(receipt.secret);
  const found = await findBallotByKey(deps.db, c.id, hash);
  if (!found || found.receiptId !== receipt.receiptId) throw new AppError('CONSULTATIONS_RECEIPT_INVALID');
  const unit = view.units.find((u) => u.code === found.unitCode)!;
  const problem = ballotProblem(c, unit, view.proposals, choices);
  if (problem) throw new AppError(problem);
  await deps.db.transaction().execute(async (trx) => {
    await lockReceipt(trx, c.id, hash);
    // The stored dates, not the memo: a change after an early close is refused.
    if (!(await isVotingOpen(trx, c.id, now))) {
      forgetForVoting(c);
      throw new AppError('CONSULTATIONS_WRONG_PHASE');
    }
    await deleteBallotByKey(trx, c.id, hash);
    await insertInboxBallot(trx, {
      id: randomUUID(),
      consultationId: c.id,
      unitCode: unit.code,
      choices: [...choices].sort(),
      receiptId: receipt.receiptId,
      keyHash: hash,
      commitment: commitment(saltOf(receipt.secret), c.id, choices),
    });
    await recordAudit(trx, { actor: { type: 'anonymous' }, action: 'consultations.ballot_changed', subject: { type: 'consultation', id: c.id }, data: {}, requestId });
  });
  return { receiptId: receipt.receiptId };
}

/** The mixing job (consultations:mix): every minute, and before results are computed. */
export async function mixBallots(deps: Pick<Deps, 'db'>): Promise<number> {
  return deps.db.transaction().execute((trx) => mixInbox(trx));
}

/** The published receipt list of a consultation: receipt id → commitment. */
export async function receiptList(deps: Pick<Deps, 'db'>, consultationId: string): Promise<Array<{ receiptId: string; commitment: string }>> {
  return listReceipts(deps.db, consultationId);
}

/** The anonymous ballots of a consultation grouped by identical choices (what results are computed from; the bench times it). */
export async function listBallotsForBench(deps: Pick<Deps, 'db'>, consultationId: string): Promise<Array<{ unitCode: string; choices: string[]; weight: number }>> {
  return listBallotGroups(deps.db, consultationId);
}
