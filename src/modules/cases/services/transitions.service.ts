// Changes to a case: workflow transitions, corrections, assignment, notes and rating. Each
// checks the policy, works in one transaction, and writes the audit entry and the event beside it.
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events/outbox.ts';
import {
  applyPrefill,
  availableTransitions,
  findTransition,
  findWorkflowState,
  pruneAnswers,
  validateAnswers,
  type Answers,
  type FileAnswer,
  type WorkflowTransition,
} from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { recordProcedureFigures } from '../../catalog/index.ts';
import { findAccount, findAgencyStaff, getRoles } from '../../identity/index.ts';
import { findCaseByCode, insertCaseEvent, updateCase } from '../case.queries.ts';
import { canPersonSee, isOfficialOf, OFFICIAL_ROLES, rolesIn } from '../case.policy.ts';
import type { Case, Official } from '../case.types.ts';
import { procedureOfCase, today, answerContextFor, toFieldErrors, type OnlineProcedure } from './procedures.service.ts';
import { caseFacts } from './prefill.service.ts';
import { decreedDates, resumedDueDate } from './legal-time.service.ts';
import { recordCaseDecided } from './statistics.service.ts';
import { storeInlineFiles } from './uploads.service.ts';
import { enqueueCaseWebhooks } from './case-webhooks.service.ts';

/** Who makes a change: the person, an official, the platform's own jobs, or an agency's system by itself (`client`). */
export type Actor = { type: 'person'; accountId: string } | { type: 'official'; official: Official } | { type: 'system' } | { type: 'client'; clientId: string };

/**
 * Applies a transition already allowed to the actor, inside the caller's transaction: the state,
 * the legal clock (paused, resumed with the days added back), the outcome, the case event, the
 * audit entry and the events (correction requested, decided). Used by the use cases below and by the deadline sweep.
 */
export async function applyTransition(
  trx: Queryable,
  deps: Pick<Deps, 'db' | 'country'>,
  c: Case,
  procedure: OnlineProcedure,
  transition: WorkflowTransition,
  actor: Actor,
  extra: { reason?: string | null; answers?: Answers; attachments?: FileAnswer[]; requestId?: string | null; now?: Date },
): Promise<void> {
  const { workflow } = procedure;
  const to = findWorkflowState(workflow, transition.to)!;
  const from = findWorkflowState(workflow, c.state);
  const now = extra.now ?? new Date();
  const changes: Parameters<typeof updateCase>[2] = { state: to.id, stateChanged: true };
  if (to.clock === 'paused' && from?.clock !== 'paused') changes.pausedOn = today(deps, now);
  if (to.clock !== 'paused' && c.pausedOn) {
    changes.pausedOn = null;
    // Through the transaction: the case is locked (see procedureOfCase).
    changes.dueDate = resumedDueDate(deps, await decreedDates({ ...deps, db: trx }), { dueDate: c.dueDate, pausedOn: c.pausedOn }, now);
  }
  if (to.outcome) {
    changes.outcome = to.outcome;
    changes.decidedAt = now;
  }
  if (extra.answers) changes.answers = extra.answers;
  await updateCase(trx, c.id, changes);
  if (changes.decidedAt) await recordCaseDecided(deps, trx, c, changes.decidedAt, changes.dueDate ?? c.dueDate);
  const actorId = actor.type === 'person' ? actor.accountId : actor.type === 'official' ? actor.official.accountId : null;
  // The history shows an agency's system as the system; the audit names the client.
  const event = {
    actorType: actor.type === 'client' ? ('system' as const) : actor.type,
    actorId,
    kind: 'transition' as const,
    action: transition.id,
    fromState: c.state,
    toState: to.id,
    text: extra.reason ?? null,
    isInternal: false,
    attachments: extra.attachments,
  };
  await insertCaseEvent(trx, c.id, event);
  await enqueueCaseWebhooks(trx, c.id, { decided: Boolean(changes.decidedAt) });
  await recordAudit(trx, {
    actor: actor.type === 'client' ? { type: 'client', id: actor.clientId } : { type: actor.type, id: actorId },
    action: 'cases.case_transitioned',
    subject: { type: 'case', id: c.id },
    data: { transition: transition.id, from: c.state, to: to.id, trackingCode: c.trackingCode, ...(extra.attachments?.length ? { documents: extra.attachments.map((a) => a.sha256) } : {}) },
    requestId: extra.requestId ?? null,
  });
  const notice = {
    caseId: c.id,
    procedureId: c.procedureId,
    accountId: c.accountId,
    // A unit's case: the notice goes to the unit's mailbox (its representatives read it).
    ...(c.unitKey ? { unitKey: c.unitKey } : {}),
    trackingCode: c.trackingCode,
    procedureName: c.procedureName,
    agencyCode: c.agencyCode,
    reason: extra.reason ?? null,
  };
  if (to.clock === 'paused' && transition.actor === 'official') await emitEvent(trx, 'cases.correction_requested', notice);
  // expired: closed by the system because the person let the state's deadline pass (no correction).
  const expired = transition.actor === 'system' && from?.deadline?.onExpiry === transition.id;
  if (to.outcome) await emitEvent(trx, 'cases.decided', { ...notice, outcome: to.outcome, tacit: transition.tacit ?? null, expired });
}

export interface OfficialAction {
  code: string;
  transition: string;
  reason?: string;
  requestId?: string | null;
  /** The instant it happens (default: now): the legal clock stops or resumes then. */
  now?: Date;
}

export async function performOfficialTransition(deps: Pick<Deps, 'db' | 'country'>, official: Official, input: OfficialAction): Promise<Case> {
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, input.code, { forUpdate: true });
    if (!c || !isOfficialOf(official, c.agencyCode)) throw new AppError('CASES_NOT_FOUND');
    const procedure = await procedureOfCase(deps, c, trx);
    const transition = findTransition(procedure.workflow, c.state, input.transition, 'official', rolesIn(official, c.agencyCode));
    if (!transition) throw new AppError('CASES_TRANSITION_NOT_ALLOWED', { params: { transition: input.transition, state: c.state } });
    const reason = input.reason?.trim() ?? '';
    if (transition.reason === 'required' && reason === '') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'reason', messageKey: 'cases.errors.reasonRequired' }] });
    if (reason.length > 5000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'reason', messageKey: 'cases.errors.reasonTooLong' }] });
    if (!c.assigneeId) await updateCase(trx, c.id, { assigneeId: official.accountId });
    await applyTransition(trx, deps, c, procedure, transition, { type: 'official', official }, { reason: reason || null, requestId: input.requestId ?? null, now: input.now });
  });
  return (await findCaseByCode(deps.db, input.code))!;
}

/** The longest comment a person may send with a correction. */
export const MAX_CORRECTION_COMMENT = 5000;

/**
 * The person answers a correction request and resubmits the same case: the corrected answers,
 * and optionally a comment (the history's text of the step) and documents (already stored).
 */
export async function resubmitCase(
  deps: Pick<Deps, 'db' | 'country'>,
  accountId: string,
  code: string,
  answers: Answers,
  options: { requestId?: string | null; errorPrefix?: string; now?: Date; comment?: string; attachments?: FileAnswer[]; commentField?: string; unitKeys?: string[] } = {},
): Promise<Case> {
  const comment = options.comment?.trim() ?? '';
  if (comment.length > MAX_CORRECTION_COMMENT)
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: options.commentField ?? 'comment', messageKey: 'cases.errors.correctionCommentTooLong', params: { max: MAX_CORRECTION_COMMENT } }] });
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, code, { forUpdate: true });
    if (!c || !canPersonSee(accountId, c, options.unitKeys)) throw new AppError('CASES_NOT_FOUND');
    const procedure = await procedureOfCase(deps, c, trx);
    const transition = availableTransitions(procedure.workflow, c.state, 'applicant').find((t) => t.applicantEdits);
    if (!transition) throw new AppError('CASES_TRANSITION_NOT_ALLOWED', { params: { transition: 'resubmit', state: c.state } });
    // Every read here goes through the transaction: another connection taken while the case is locked could wait forever for the pool.
    const inTransaction = { ...deps, db: trx };
    const account = await findAccount(inTransaction, accountId);
    const stored = await storeInlineFiles(trx, procedure.form, answers);
    const merged = applyPrefill(procedure.form, stored.answers, account ? (await caseFacts(trx, account, procedure.form, c.id)).facts : {});
    const errors = [...stored.errors, ...validateAnswers(procedure.form, merged, await answerContextFor(inTransaction, merged))];
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: toFieldErrors(errors, options.errorPrefix ?? '/answers') });
    await applyTransition(
      trx,
      deps,
      c,
      procedure,
      transition,
      { type: 'person', accountId },
      { answers: pruneAnswers(procedure.form, merged), reason: comment || null, attachments: options.attachments, requestId: options.requestId ?? null, now: options.now },
    );
  });
  return (await findCaseByCode(deps.db, code))!;
}

/** The officials who may handle the agency's cases (a colleague to assign one to), by name. */
export async function assignableColleagues(deps: Pick<Deps, 'db'>, agencyCode: string): Promise<Array<{ id: string; name: string }>> {
  return findAgencyStaff(deps, agencyCode, OFFICIAL_ROLES);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Assigns the case (null: unassigns it). Someone other than the official must hold a handling
 * role in the case's agency; otherwise the field `assignee` (the page's list) is in error.
 */
export async function assignCase(deps: Pick<Deps, 'db'>, official: Official, code: string, assigneeId: string | null, requestId?: string | null): Promise<void> {
  if (assigneeId !== null && !UUID.test(assigneeId)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'assignee', messageKey: 'cases.errors.assigneeNotOfficial' }] });
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, code, { forUpdate: true });
    if (!c || !isOfficialOf(official, c.agencyCode)) throw new AppError('CASES_NOT_FOUND');
    if (assigneeId && assigneeId !== official.accountId) {
      const assignee: Official = { accountId: assigneeId, roles: await getRoles({ db: trx }, assigneeId) };
      if (!isOfficialOf(assignee, c.agencyCode)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'assignee', messageKey: 'cases.errors.assigneeNotOfficial' }] });
    }
    await updateCase(trx, c.id, { assigneeId });
    await insertCaseEvent(trx, c.id, {
      actorType: 'official',
      actorId: official.accountId,
      kind: 'assignment',
      action: assigneeId ? 'assign' : 'unassign',
      fromState: null,
      toState: null,
      text: null,
      isInternal: true,
    });
    await recordAudit(trx, {
      actor: { type: 'official', id: official.accountId },
      action: 'cases.case_assigned',
      subject: { type: 'case', id: c.id },
      data: { assigneeId },
      requestId: requestId ?? null,
    });
  });
}

export async function addInternalNote(deps: Pick<Deps, 'db'>, official: Official, code: string, text: string, requestId?: string | null): Promise<void> {
  const note = text.trim();
  if (note === '') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'note', messageKey: 'cases.errors.noteRequired' }] });
  if (note.length > 5000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'note', messageKey: 'cases.errors.reasonTooLong' }] });
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, code);
    if (!c || !isOfficialOf(official, c.agencyCode)) throw new AppError('CASES_NOT_FOUND');
    await insertCaseEvent(trx, c.id, { actorType: 'official', actorId: official.accountId, kind: 'note', action: 'note', fromState: null, toState: null, text: note, isInternal: true });
    await recordAudit(trx, { actor: { type: 'official', id: official.accountId }, action: 'cases.note_added', subject: { type: 'case', id: c.id }, requestId: requestId ?? null });
  });
}

/** The person rates a decided case once: 1 to 5 and an optional comment. */
export async function rateCase(deps: Pick<Deps, 'db'>, accountId: string, code: string, score: number, comment: string, requestId?: string | null, unitKeys: string[] = []): Promise<Case> {
  const fields: FieldError[] = [];
  if (!Number.isInteger(score) || score < 1 || score > 5) fields.push({ field: 'score', messageKey: 'cases.errors.scoreRequired' });
  if (comment.length > 1000) fields.push({ field: 'comment', messageKey: 'cases.errors.commentTooLong' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const rated = await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, code, { forUpdate: true });
    if (!c || !canPersonSee(accountId, c, unitKeys)) throw new AppError('CASES_NOT_FOUND');
    if (!c.outcome) throw new AppError('CASES_NOT_DECIDED');
    if (c.satisfaction !== null) throw new AppError('CASES_ALREADY_RATED');
    await updateCase(trx, c.id, { satisfaction: score, satisfactionComment: comment.trim() || null });
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'cases.case_rated', subject: { type: 'case', id: c.id }, data: { score }, requestId: requestId ?? null });
    await recordProcedureFigures(trx, c, { rating: score });
    await emitEvent(trx, 'cases.rated', { caseId: c.id, procedureId: c.procedureId });
    return c;
  });
  return rated;
}
