// Submitting an application: online, through the API, or filed at the counter for a person.
import { randomUUID } from 'node:crypto';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../../platform/idempotency/idempotency.ts';
import { applyPrefill, pruneAnswers, validateAnswers, type AnswerError, type Answers, type KnownFacts } from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { applicationDims, procedureStats } from '../../catalog/index.ts';
import { findAccount, findAccountByIdentityDocument, loadStaff, registerInPerson, type Account, type AssistedRegistrationInput } from '../../identity/index.ts';
import { findOpenCaseWithAnswers, insertSubmittedCase } from '../case.queries.ts';
import { holdsRoleIn, isOfficialOf } from '../case.policy.ts';
import type { Case, Channel, Official } from '../case.types.ts';
import { getOnlineProcedure, answerContextFor, knownFacts, toFieldErrors, newTrackingCode, type OnlineProcedure } from './procedures.service.ts';
import { openStates } from './queue.service.ts';
import { decreedDates, dueDateFrom } from './legal-time.service.ts';
import { storeInlineFiles } from './uploads.service.ts';
import { storedFacts } from './prefill.service.ts';

export interface SubmitInput {
  slug: string;
  /** The person the application is for (who files it, when it is filed for a unit). */
  accountId: string;
  /** Empresa digital: the NIT/RIF of the economic unit the case is filed for, already checked to be represented by the person (`unitFiledFor`); the unit owns the case. */
  unitKey?: string;
  /** That person's account when the caller already holds it (the API route: the token's checked account); read otherwise. */
  account?: Account;
  answers: Answers;
  channel: Channel;
  /** For the assisted channel: the official filing it. */
  filedBy?: Official;
  requestId?: string | null;
  /** `form` for HTML field names, `/answers` for JSON pointers into an API body. */
  errorPrefix?: string;
  /** The instant of submission (default: now); the legal time counts from it. */
  now?: Date;
  /** An `Idempotency-Key` claimed with the case (idempotent.service.ts): a retry replays the first case. */
  idempotency?: IdempotencyClaim;
  /** Reads the form's registry fields first (the API's once-only prefill: `prefilledFacts`); a replayed request never reaches it. */
  readRegistries?: (account: Account, procedure: OnlineProcedure) => Promise<unknown>;
}

export async function submitApplication(deps: Pick<Deps, 'db' | 'country'>, input: SubmitInput): Promise<Case> {
  const procedure = await getOnlineProcedure(deps, input.slug);
  const { ref, form, workflow } = procedure;
  if (input.channel === 'assisted' && (!input.filedBy || !isOfficialOf(input.filedBy, ref.agencyCode))) throw new AppError('FORBIDDEN');
  const account = input.account?.id === input.accountId ? input.account : await findAccount(deps, input.accountId);
  if (!account) throw new AppError('CASES_APPLICANT_NOT_FOUND');
  if (input.readRegistries) await input.readRegistries(account, procedure);
  const prefix = input.errorPrefix ?? '/answers';
  const submittedAt = input.now ?? new Date();
  const decreed = await decreedDates(deps);
  // The write pattern: one statement writes the case, its history, the audit entry, the event
  // and the statistics. A transaction is opened only when inline files must be stored with it.
  const write = async (q: Queryable): Promise<Case> => {
    const stored = await storeInlineFiles(q, form, input.answers);
    const answers = applyPrefill(form, stored.answers, (await storedFacts(q, account, procedure)).facts);
    const errors = [...stored.errors, ...validateAnswers(form, answers, await answerContextFor(deps, answers)).filter((e) => !stored.errors.some((s) => s.path === e.path))];
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: toFieldErrors(errors, prefix) });
    const id = randomUUID();
    const trackingCode = newTrackingCode();
    const dueDate = dueDateFrom(deps, decreed, submittedAt, ref.maxResponseDays);
    // A retry with the same Idempotency-Key waits on the key here, then replays the first case.
    if (input.idempotency) await claimIdempotencyKey(q, input.idempotency, trackingCode);
    const actor = input.channel === 'assisted' ? { type: 'official' as const, id: input.filedBy!.accountId } : { type: 'person' as const, id: account.id };
    const state = workflow.initialState;
    return insertSubmittedCase(
      q,
      {
        id,
        trackingCode,
        accountId: account.id,
        unitKey: input.unitKey ?? null,
        procedureId: ref.procedureId,
        versionId: ref.versionId,
        procedureName: ref.name,
        agencyCode: ref.agencyCode,
        state,
        answers: pruneAnswers(form, answers),
        channel: input.channel,
        filedBy: input.filedBy?.accountId ?? null,
        dueDate,
      },
      { actorType: actor.type, actorId: actor.id, kind: 'transition', action: 'submit', fromState: null, toState: state, text: null, isInternal: false },
      {
        audit: {
          actor,
          action: 'cases.case_submitted',
          subject: { type: 'case', id },
          data: { trackingCode, versionId: ref.versionId, channel: input.channel, ...(input.unitKey ? { unitKey: input.unitKey } : {}) },
          requestId: input.requestId ?? null,
        },
        events: [
          {
            topic: 'cases.submitted',
            payload: {
              caseId: id,
              procedureId: ref.procedureId,
              versionId: ref.versionId,
              accountId: account.id,
              ...(input.unitKey ? { unitKey: input.unitKey } : {}),
              trackingCode,
              procedureName: ref.name,
              procedureSlug: ref.slug,
              agencyCode: ref.agencyCode,
              channel: input.channel,
              dueDate,
            },
          },
        ],
        // The statistics cell's hour is the submission's (the row's submitted_at is the statement's now(), the same instant within milliseconds).
        stats: [{ stat: procedureStats.applications, dims: applicationDims({ procedureId: ref.procedureId, agencyCode: ref.agencyCode, submittedAt: new Date() }), value: 1 }],
      },
    );
  };
  // The key's claim and the case commit together; so do inline files and the case.
  return hasInlineFiles(input.answers) || input.idempotency ? deps.db.transaction().execute(write) : write(deps.db);
}

/** Whether API answers carry files inline (`{ name, contentBase64 }`), to be stored with the case. */
function hasInlineFiles(answers: Answers): boolean {
  return Object.values(answers).some((value) => typeof value === 'object' && value !== null && 'contentBase64' in value);
}

/** Facts every account has: an application filed at the counter never asks them. */
export const ALWAYS_KNOWN: KnownFacts = { fullName: '-', givenNames: '-', familyNames: '-', identityDocument: { type: '-', number: '-' } };

/** An official files an application for a person who came in person: recorded as the assisted channel. */
export async function fileAssistedApplication(
  deps: Pick<Deps, 'db' | 'country'>,
  official: Official,
  input: { slug: string; documentType: string; documentNumber: string; answers: Answers; unreadable: AnswerError[]; requestId?: string | null },
): Promise<Case> {
  const type = deps.country.identityDocuments.find((d) => d.code === input.documentType);
  const fields: FieldError[] = [];
  let person: Account | undefined;
  if (!type) fields.push({ field: 'person-type', messageKey: 'cases.answerError.invalidDocumentType' });
  else {
    const checked = type.check(input.documentNumber);
    if (!checked.ok) fields.push({ field: 'person-number', messageKey: 'cases.answerError.invalidDocument', params: { example: type.example } });
    else {
      person = await findAccountByIdentityDocument(deps, type.code, checked.normalized);
      if (!person) fields.push({ field: 'person-number', messageKey: 'cases.assisted.noAccount' });
    }
  }
  fields.push(...toFieldErrors(input.unreadable, 'form'));
  if (fields.length > 0 || !person) throw new AppError('VALIDATION_FAILED', { fields });
  return submitApplication(deps, { slug: input.slug, accountId: person.id, answers: input.answers, channel: 'assisted', filedBy: official, requestId: input.requestId ?? null, errorPrefix: 'form' });
}

/** Whether the official may create accounts at the counter for this agency (they hold its `registrar` role). */
export function canRegisterAt(official: Official, agencyCode: string): boolean {
  return isOfficialOf(official, agencyCode) && holdsRoleIn(official, 'registrar', agencyCode);
}

/**
 * A person with no account came to the counter to file this procedure: an official who is also
 * a registrar of its agency creates the account on the spot (sustancial: they saw the document),
 * through Ciudadanía Digital's assisted registration (audited there as identity.account_created);
 * the temporary password is returned once to hand over.
 */
export async function registerApplicantAtCounter(
  deps: Pick<Deps, 'db' | 'country'>,
  official: Official,
  slug: string,
  input: Omit<AssistedRegistrationInput, 'agencyCode' | 'notes'>,
  requestId?: string,
): Promise<{ account: Account; temporaryPassword: string }> {
  const procedure = await getOnlineProcedure(deps, slug);
  if (!canRegisterAt(official, procedure.ref.agencyCode)) throw new AppError('FORBIDDEN');
  const me = await findAccount(deps, official.accountId);
  if (!me) throw new AppError('FORBIDDEN');
  const staff = await loadStaff(deps, me, requestId);
  return registerInPerson(deps, staff, { ...input, agencyCode: procedure.ref.agencyCode, notes: '' });
}

/**
 * The person's open application to the same procedure with the same answers as `draft` would be
 * sent with (facts filled in, hidden answers pruned): the duplicate to warn about before sending.
 */
export async function findOpenDuplicate(deps: Pick<Deps, 'db'>, account: Account, procedure: OnlineProcedure, draft: Answers, facts?: KnownFacts): Promise<Case | undefined> {
  const answers = pruneAnswers(procedure.form, applyPrefill(procedure.form, draft, facts ?? knownFacts(account)));
  return findOpenCaseWithAnswers(deps.db, { accountId: account.id, procedureId: procedure.ref.procedureId, openStates: openStates(procedure.workflow), answers });
}
