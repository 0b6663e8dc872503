// Use cases of applications and cases: each checks the policy, works in one transaction,
// writes the audit entry and the outbox event beside the change.
import { randomBytes, randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import { addBusinessDays, businessDaysBetween, localDate } from '../../platform/country/business-days.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, isAppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { checkFile, decodeBase64, storeFile, type MediaType } from '../../platform/files/index.ts';
import {
  applyPrefill,
  availableTransitions,
  defaultWorkflow,
  findTransition,
  findWorkflowState,
  pruneAnswers,
  tacitTransition,
  validateAnswers,
  validateFormDefinition,
  validateWorkflowDefinition,
  type AnswerContext,
  type AnswerError,
  type Answers,
  type FileAnswer,
  type FileComponent,
  type FormComponent,
  type FormDefinition,
  type FormFields,
  type KnownFacts,
  type WorkflowDefinition,
  type WorkflowTransition,
} from '../../platform/forms/index.ts';
import type { Deps } from '../../platform/module.ts';
import { findVersionById, findPublishedVersion, saveProcedureStatistics, type ProcedureStatistics, type ProcedureVersionRef } from '../catalog/index.ts';
import { findAccount, findAccountByIdentityDocument, getRoles, loadStaff, registerInPerson, type Account, type AssistedRegistrationInput } from '../identity/index.ts';
import { getTerritory, listTerritories } from '../territories/index.ts';
import {
  computeAgencyFigures,
  computeProcedureFigures,
  deleteDraft,
  findCaseByCode,
  findCaseEvents,
  findCasesOfAccount,
  findDraft,
  findCasesInStatesSince,
  findOpenVersionStates,
  findOpenCasesDue,
  findQueueProcedures,
  findQueue,
  insertCase,
  insertCaseEvent,
  updateCase,
  upsertDraft,
  type ProcedureFigures,
} from './case.queries.ts';
import { canPersonSee, isOfficialOf, officialAgencies, rolesIn } from './case.policy.ts';
import type { Case, CaseEvent, Channel, Official, QueueFilter } from './case.types.ts';

export interface OnlineProcedure {
  ref: ProcedureVersionRef;
  form: FormDefinition;
  workflow: WorkflowDefinition;
}

// Checked definitions by version: a published version never changes, so each is validated
// once; the raw text is kept to notice a draft that did change.
const checkedDefinitions = new Map<string, { raw: string; form: FormDefinition; workflow: WorkflowDefinition }>();

function definitionsOf(ref: ProcedureVersionRef | undefined, deps: Pick<Deps, 'country'>): OnlineProcedure {
  if (!ref?.online || !ref.form) throw new AppError('CASES_PROCEDURE_NOT_ONLINE');
  const raw = JSON.stringify([ref.form, ref.workflow, deps.country.code]);
  const cached = checkedDefinitions.get(ref.versionId);
  if (cached?.raw === raw) return { ref, form: cached.form, workflow: cached.workflow };
  const form = validateFormDefinition(ref.form, { country: deps.country });
  const workflow = ref.workflow ? validateWorkflowDefinition(ref.workflow) : { ok: true as const, definition: defaultWorkflow };
  if (!form.ok || !workflow.ok) throw new AppError('CASES_PROCEDURE_NOT_ONLINE');
  if (checkedDefinitions.size >= 1000) checkedDefinitions.clear();
  checkedDefinitions.set(ref.versionId, { raw, form: form.definition, workflow: workflow.definition });
  return { ref, form: form.definition, workflow: workflow.definition };
}

/** A published procedure that is processed online, with its checked definitions. */
export async function getOnlineProcedure(deps: Pick<Deps, 'db' | 'country'>, slug: string): Promise<OnlineProcedure> {
  return definitionsOf(await findPublishedVersion(deps.db, slug), deps);
}

async function procedureOfCase(deps: Pick<Deps, 'db' | 'country'>, c: Case): Promise<OnlineProcedure> {
  return definitionsOf(await findVersionById(deps.db, c.versionId), deps);
}

export function today(deps: Pick<Deps, 'country'>): string {
  return localDate(deps.country, new Date());
}

export function answerContext(deps: Pick<Deps, 'country'>): AnswerContext {
  return { country: deps.country, today: today(deps) };
}

export interface TerritoryOption {
  value: string;
  label: string;
}

const territoryCache = new Map<string, { at: number; options: TerritoryOption[] }>();

/** Every unit of a territory level, as options (name and top-level unit), for a picker that works without JavaScript. Cached ten minutes. */
export async function territoryOptions(deps: Pick<Deps, 'db'>, level: string): Promise<TerritoryOption[]> {
  const cached = territoryCache.get(level);
  if (cached && Date.now() - cached.at < 600_000) return cached.options;
  const options: TerritoryOption[] = [];
  const tops = await listTerritories(deps, null);
  for (const top of tops) {
    let layer = [top];
    for (let depth = 0; depth < 6 && layer.length > 0; depth++) {
      const found = layer.filter((unit) => unit.level === level);
      options.push(...found.map((unit) => ({ value: unit.code, label: unit === top ? unit.name : `${unit.name} (${top.name})` })));
      const below = layer.filter((unit) => unit.level !== level);
      layer = (await Promise.all(below.map((unit) => listTerritories(deps, unit.code)))).flat();
    }
  }
  options.sort((a, b) => a.label.localeCompare(b.label, 'es'));
  territoryCache.set(level, { at: Date.now(), options });
  return options;
}

/** Options of every territory level the form's territory fields ask for. */
export async function territoryOptionsFor(deps: Pick<Deps, 'db'>, form: FormDefinition): Promise<Record<string, TerritoryOption[]>> {
  const levels = new Set<string>();
  for (const component of form.pages.flatMap((page) => page.components.flatMap((c) => (c.type === 'group' ? c.components : [c])))) {
    if (component.type === 'territory' && component.level) levels.add(component.level);
  }
  const out: Record<string, TerritoryOption[]> = {};
  for (const level of levels) out[level] = await territoryOptions(deps, level);
  return out;
}

const TERRITORY_CODE = /^[A-Z]{2}(?:-[A-Z0-9]{1,3}){1,5}$/;

/** The answer context with territory codes checked against the territorial registry: every code-like text in `values` is looked up once. */
export async function answerContextFor(deps: Pick<Deps, 'db' | 'country'>, ...values: unknown[]): Promise<AnswerContext> {
  const codes = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const code = value.trim().toUpperCase();
      if (TERRITORY_CODE.test(code)) codes.add(code);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  values.forEach(walk);
  const levels = new Map<string, string>();
  for (const code of [...codes].slice(0, 50)) {
    const found = await getTerritory(deps, code).catch(() => undefined);
    if (found) levels.set(found.code, found.level);
  }
  return { ...answerContext(deps), territoryExists: (code, level) => levels.has(code) && (!level || levels.get(code) === level) };
}

/** What the State already knows about the person (never asked again). */
export function knownFacts(account: Account): KnownFacts {
  const facts: KnownFacts = {
    fullName: `${account.givenName} ${account.familyName}`,
    givenNames: account.givenName,
    familyNames: account.familyName,
    identityDocument: { type: account.documentType, number: account.documentNumber },
  };
  if (account.email) facts.email = account.email;
  if (account.phone) facts.phone = account.phone;
  if (account.birthDate) facts.birthDate = account.birthDate;
  return facts;
}

export function toFieldErrors(errors: AnswerError[], prefix: string): FieldError[] {
  return errors.map((e) => ({ field: prefix === 'form' ? e.field : `${prefix}${e.path}`, messageKey: `cases.answerError.${e.code}`, params: e.params ?? {} }));
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function newTrackingCode(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `TR-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

// ── Drafts ───────────────────────────────────────────────────────────────────────────────

export async function loadDraft(deps: Pick<Deps, 'db'>, accountId: string, versionId: string): Promise<{ answers: Answers; pendingFields: Record<string, FormFields> }> {
  const draft = await findDraft(deps.db, accountId, versionId);
  return { answers: draft?.answers ?? {}, pendingFields: draft?.pendingFields ?? {} };
}

export async function loadDraftAnswers(deps: Pick<Deps, 'db'>, accountId: string, versionId: string): Promise<Answers> {
  return (await loadDraft(deps, accountId, versionId)).answers;
}

/**
 * Saves the readable answers and, for a page that had problems, what was typed there
 * (`pending`: null once the page is accepted), so that resuming shows it back.
 */
export async function saveDraft(deps: Pick<Deps, 'db'>, accountId: string, procedure: OnlineProcedure, answers: Answers, page: { id: string; pending: FormFields | null }): Promise<void> {
  const { pendingFields } = await loadDraft(deps, accountId, procedure.ref.versionId);
  const { [page.id]: _replaced, ...others } = pendingFields;
  const kept = page.pending ? { ...others, [page.id]: withoutSecrets(page.pending) } : others;
  await upsertDraft(deps.db, { id: randomUUID(), accountId, versionId: procedure.ref.versionId, answers: pruneAnswers(procedure.form, answers), pendingFields: kept });
}

function withoutSecrets(fields: FormFields): FormFields {
  const { _csrf: _token, ...rest } = fields;
  return rest;
}

// ── Files in API answers ─────────────────────────────────────────────────────────────────

export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** Checks an uploaded file by its content (type and size) against the field, and stores it: the answer, or the problem. */
export async function storeUpload(db: Queryable, component: FileComponent, upload: Upload, name = component.id): Promise<FileAnswer | AnswerError> {
  const checked = checkFile(upload.bytes, { maxBytes: component.maxBytes, allowed: component.accept as MediaType[] });
  if (!checked.ok) {
    const code = checked.reason === 'too_large' ? 'fileTooLarge' : checked.reason === 'empty' ? 'required' : 'fileType';
    return {
      path: `/${component.id}`,
      field: name,
      code,
      params: { max: Math.floor(component.maxBytes / 1048576) || 1, types: component.accept.map((type) => type.split('/')[1]!.toUpperCase()).join(', ') },
    };
  }
  const stored = await storeFile(db, upload.bytes, checked.mediaType);
  return { sha256: stored.sha256, name: upload.name.slice(0, 200) || 'archivo', size: stored.size, mediaType: stored.mediaType };
}

const isAnswerError = (value: FileAnswer | AnswerError): value is AnswerError => 'code' in value;

/** Stores the uploads of a form page's file fields: answers for the good ones, problems for the others. */
export async function storeUploads(deps: Pick<Deps, 'db'>, components: FormComponent[], uploads: Record<string, Upload>): Promise<{ files: Record<string, FileAnswer>; errors: AnswerError[] }> {
  const files: Record<string, FileAnswer> = {};
  const errors: AnswerError[] = [];
  for (const component of components) {
    const upload = component.type === 'file' ? uploads[component.id] : undefined;
    if (component.type !== 'file' || !upload || upload.bytes.length === 0) continue;
    const result = await storeUpload(deps.db, component, upload);
    if (isAnswerError(result)) errors.push(result);
    else files[component.id] = result;
  }
  return { files, errors };
}

/** API answers may carry files as `{ name, contentBase64 }`: checked by content, stored, replaced by a reference. */
async function storeInlineFiles(db: Queryable, form: FormDefinition, answers: Answers): Promise<{ answers: Answers; errors: AnswerError[] }> {
  const out: Answers = { ...answers };
  const errors: AnswerError[] = [];
  for (const component of form.pages.flatMap((page) => page.components)) {
    const value = answers[component.id] as unknown;
    if (component.type !== 'file' || typeof value !== 'object' || value === null || !('contentBase64' in value)) continue;
    const { name, contentBase64 } = value as { name?: unknown; contentBase64?: unknown };
    const bytes = typeof contentBase64 === 'string' ? decodeBase64(contentBase64) : undefined;
    const result = bytes
      ? await storeUpload(db, component, { name: typeof name === 'string' ? name : '', bytes })
      : ({ path: `/${component.id}`, field: component.id, code: 'invalidValue' } satisfies AnswerError);
    if (isAnswerError(result)) errors.push(result);
    else out[component.id] = result;
  }
  return { answers: out, errors };
}

// ── Submitting ───────────────────────────────────────────────────────────────────────────

export interface SubmitInput {
  slug: string;
  /** The person the application is for. */
  accountId: string;
  answers: Answers;
  channel: Channel;
  /** For the assisted channel: the official filing it. */
  filedBy?: Official;
  requestId?: string | null;
  /** `form` for HTML field names, `/answers` for JSON pointers into an API body. */
  errorPrefix?: string;
}

export async function submitApplication(deps: Pick<Deps, 'db' | 'country'>, input: SubmitInput): Promise<Case> {
  const procedure = await getOnlineProcedure(deps, input.slug);
  const { ref, form, workflow } = procedure;
  if (input.channel === 'assisted' && (!input.filedBy || !isOfficialOf(input.filedBy, ref.agencyCode))) throw new AppError('FORBIDDEN');
  const account = await findAccount(deps, input.accountId);
  if (!account) throw new AppError('CASES_APPLICANT_NOT_FOUND');
  const prefix = input.errorPrefix ?? '/answers';
  return deps.db.transaction().execute(async (trx) => {
    const stored = await storeInlineFiles(trx, form, input.answers);
    const answers = applyPrefill(form, stored.answers, knownFacts(account));
    const errors = [...stored.errors, ...validateAnswers(form, answers, await answerContextFor(deps, answers)).filter((e) => !stored.errors.some((s) => s.path === e.path))];
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: toFieldErrors(errors, prefix) });
    const submittedOn = today(deps);
    const created = await insertCase(trx, {
      id: randomUUID(),
      trackingCode: newTrackingCode(),
      accountId: account.id,
      procedureId: ref.procedureId,
      versionId: ref.versionId,
      procedureName: ref.name,
      agencyCode: ref.agencyCode,
      state: workflow.initialState,
      answers: pruneAnswers(form, answers),
      channel: input.channel,
      filedBy: input.filedBy?.accountId ?? null,
      dueDate: addBusinessDays(deps.country, submittedOn, ref.maxResponseDays),
    });
    const actor = input.channel === 'assisted' ? { type: 'official' as const, id: input.filedBy!.accountId } : { type: 'person' as const, id: account.id };
    await insertCaseEvent(trx, created.id, { actorType: actor.type, actorId: actor.id, kind: 'transition', action: 'submit', fromState: null, toState: created.state, text: null, isInternal: false });
    await recordAudit(trx, {
      actor,
      action: 'cases.case_submitted',
      subject: { type: 'case', id: created.id },
      data: { trackingCode: created.trackingCode, versionId: ref.versionId, channel: input.channel },
      requestId: input.requestId ?? null,
    });
    await emitEvent(trx, 'cases.submitted', {
      caseId: created.id,
      procedureId: ref.procedureId,
      accountId: account.id,
      trackingCode: created.trackingCode,
      procedureName: ref.name,
      procedureSlug: ref.slug,
      agencyCode: ref.agencyCode,
      channel: input.channel,
      dueDate: created.dueDate,
    });
    await deleteDraft(trx, account.id, ref.versionId);
    return created;
  });
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
  return isOfficialOf(official, agencyCode) && rolesIn(official, agencyCode).includes('registrar');
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

// ── Reading ──────────────────────────────────────────────────────────────────────────────

export async function listMyCases(deps: Pick<Deps, 'db'>, accountId: string): Promise<Case[]> {
  return findCasesOfAccount(deps.db, accountId);
}

export interface CaseView {
  case: Case;
  events: CaseEvent[];
  procedure: OnlineProcedure;
}

/** A case of the person: CASES_NOT_FOUND for anyone else's (no hint that it exists). */
export async function getCaseForPerson(deps: Pick<Deps, 'db' | 'country'>, accountId: string, code: string): Promise<CaseView> {
  const found = await findCaseByCode(deps.db, code);
  if (!found || !canPersonSee(accountId, found)) throw new AppError('CASES_NOT_FOUND');
  return { case: found, events: await findCaseEvents(deps.db, found.id, { includeInternal: false }), procedure: await procedureOfCase(deps, found) };
}

export async function getOfficial(deps: Pick<Deps, 'db'>, accountId: string): Promise<Official> {
  return { accountId, roles: await getRoles(deps, accountId) };
}

/** A case of one of the official's agencies: CASES_NOT_FOUND for any other. */
export async function getCaseForOfficial(deps: Pick<Deps, 'db' | 'country'>, official: Official, code: string): Promise<CaseView> {
  const found = await findCaseByCode(deps.db, code);
  if (!found || !isOfficialOf(official, found.agencyCode)) throw new AppError('CASES_NOT_FOUND');
  return { case: found, events: await findCaseEvents(deps.db, found.id, { includeInternal: true }), procedure: await procedureOfCase(deps, found) };
}

/** The public lookup by tracking code: the status only. */
export async function lookupStatus(
  deps: Pick<Deps, 'db' | 'country'>,
  code: string,
): Promise<{ trackingCode: string; procedureName: string; stateLabel: { es: string; en: string }; updatedAt: Date }> {
  const found = /^TR-[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(code) ? await findCaseByCode(deps.db, code) : undefined;
  if (!found) throw new AppError('CASES_NOT_FOUND');
  const { workflow } = await procedureOfCase(deps, found);
  const state = findWorkflowState(workflow, found.state);
  return { trackingCode: found.trackingCode, procedureName: found.procedureName, stateLabel: state?.label ?? { es: found.state, en: found.state }, updatedAt: found.updatedAt };
}

export function openStates(workflow: WorkflowDefinition): string[] {
  return workflow.states.filter((s) => s.clock !== 'stopped').map((s) => s.id);
}

/** The official's queue; `procedureId` (one of `listQueueProcedures`) narrows it to one procedure. */
export async function listQueue(deps: Pick<Deps, 'db' | 'country'>, official: Official, filter: QueueFilter, procedureId?: string): Promise<Case[]> {
  const agencies = officialAgencies(official);
  if (agencies.length === 0) throw new AppError('FORBIDDEN');
  const open = [...new Set([...openStates(defaultWorkflow)])];
  return findQueue(deps.db, { agencyCodes: agencies, filter, accountId: official.accountId, today: today(deps), openStates: open, procedureId });
}

/** The procedures of the official's agencies that have cases: the choices of the queue's procedure filter. */
export async function listQueueProcedures(deps: Pick<Deps, 'db'>, official: Official): Promise<Array<{ id: string; name: string }>> {
  return findQueueProcedures(deps.db, officialAgencies(official));
}

/** Each case with the workflow of its procedure version (one lookup per version). */
async function withWorkflows(deps: Pick<Deps, 'db' | 'country'>, cases: Case[]): Promise<Array<{ case: Case; workflow: WorkflowDefinition }>> {
  const workflows = new Map<string, WorkflowDefinition>();
  const out: Array<{ case: Case; workflow: WorkflowDefinition }> = [];
  for (const c of cases) {
    let workflow = workflows.get(c.versionId);
    if (!workflow) {
      workflow = (await procedureOfCase(deps, c)).workflow;
      workflows.set(c.versionId, workflow);
    }
    out.push({ case: c, workflow });
  }
  return out;
}

/** The queue with each case's business days left. */
export async function listQueueWithClock(deps: Pick<Deps, 'db' | 'country'>, official: Official, filter: QueueFilter, procedureId?: string): Promise<Array<{ case: Case; daysLeft: number | null }>> {
  return (await withWorkflows(deps, await listQueue(deps, official, filter, procedureId))).map(({ case: c, workflow }) => ({ case: c, daysLeft: daysLeft(deps, c, workflow) }));
}

/** The person's cases with the label of each one's state. */
export async function listMyCasesWithStatus(deps: Pick<Deps, 'db' | 'country'>, accountId: string): Promise<Array<{ case: Case; stateLabel: { es: string; en: string } }>> {
  return (await withWorkflows(deps, await listMyCases(deps, accountId))).map(({ case: c, workflow }) => ({
    case: c,
    stateLabel: findWorkflowState(workflow, c.state)?.label ?? { es: c.state, en: c.state },
  }));
}

/** Business days left on the legal clock (negative when overdue), null once decided. */
export function daysLeft(deps: Pick<Deps, 'country'>, c: Case, workflow: WorkflowDefinition): number | null {
  const state = findWorkflowState(workflow, c.state);
  if (!state || state.clock === 'stopped') return null;
  return businessDaysBetween(deps.country, today(deps), c.dueDate);
}

// ── Transitions ──────────────────────────────────────────────────────────────────────────

type Actor = { type: 'person'; accountId: string } | { type: 'official'; official: Official } | { type: 'system' };

async function applyTransition(
  trx: Queryable,
  deps: Pick<Deps, 'country'>,
  c: Case,
  procedure: OnlineProcedure,
  transition: WorkflowTransition,
  actor: Actor,
  extra: { reason?: string | null; answers?: Answers; requestId?: string | null },
): Promise<void> {
  const { workflow } = procedure;
  const to = findWorkflowState(workflow, transition.to)!;
  const from = findWorkflowState(workflow, c.state);
  const now = today(deps);
  const changes: Parameters<typeof updateCase>[2] = { state: to.id, stateChanged: true };
  if (to.clock === 'paused' && from?.clock !== 'paused') changes.pausedOn = now;
  if (to.clock !== 'paused' && c.pausedOn) {
    changes.pausedOn = null;
    changes.dueDate = addBusinessDays(deps.country, c.dueDate, Math.max(0, businessDaysBetween(deps.country, c.pausedOn, now)));
  }
  if (to.outcome) {
    changes.outcome = to.outcome;
    changes.decidedAt = new Date();
  }
  if (extra.answers) changes.answers = extra.answers;
  await updateCase(trx, c.id, changes);
  const actorId = actor.type === 'person' ? actor.accountId : actor.type === 'official' ? actor.official.accountId : null;
  await insertCaseEvent(trx, c.id, { actorType: actor.type, actorId, kind: 'transition', action: transition.id, fromState: c.state, toState: to.id, text: extra.reason ?? null, isInternal: false });
  await recordAudit(trx, {
    actor: { type: actor.type, id: actorId },
    action: 'cases.case_transitioned',
    subject: { type: 'case', id: c.id },
    data: { transition: transition.id, from: c.state, to: to.id, trackingCode: c.trackingCode },
    requestId: extra.requestId ?? null,
  });
  const notice = {
    caseId: c.id,
    procedureId: c.procedureId,
    accountId: c.accountId,
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
}

export async function performOfficialTransition(deps: Pick<Deps, 'db' | 'country'>, official: Official, input: OfficialAction): Promise<Case> {
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, input.code, { forUpdate: true });
    if (!c || !isOfficialOf(official, c.agencyCode)) throw new AppError('CASES_NOT_FOUND');
    const procedure = await procedureOfCase(deps, c);
    const transition = findTransition(procedure.workflow, c.state, input.transition, 'official', rolesIn(official, c.agencyCode));
    if (!transition) throw new AppError('CASES_TRANSITION_NOT_ALLOWED', { params: { transition: input.transition, state: c.state } });
    const reason = input.reason?.trim() ?? '';
    if (transition.reason === 'required' && reason === '') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'reason', messageKey: 'cases.errors.reasonRequired' }] });
    if (reason.length > 5000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'reason', messageKey: 'cases.errors.reasonTooLong' }] });
    if (!c.assigneeId) await updateCase(trx, c.id, { assigneeId: official.accountId });
    await applyTransition(trx, deps, c, procedure, transition, { type: 'official', official }, { reason: reason || null, requestId: input.requestId ?? null });
  });
  return (await findCaseByCode(deps.db, input.code))!;
}

/** The person corrects the answers and resubmits the same case. */
export async function resubmitCase(
  deps: Pick<Deps, 'db' | 'country'>,
  accountId: string,
  code: string,
  answers: Answers,
  options: { requestId?: string | null; errorPrefix?: string } = {},
): Promise<Case> {
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, code, { forUpdate: true });
    if (!c || !canPersonSee(accountId, c)) throw new AppError('CASES_NOT_FOUND');
    const procedure = await procedureOfCase(deps, c);
    const transition = availableTransitions(procedure.workflow, c.state, 'applicant').find((t) => t.applicantEdits);
    if (!transition) throw new AppError('CASES_TRANSITION_NOT_ALLOWED', { params: { transition: 'resubmit', state: c.state } });
    const account = await findAccount(deps, accountId);
    const stored = await storeInlineFiles(trx, procedure.form, answers);
    const merged = applyPrefill(procedure.form, stored.answers, account ? knownFacts(account) : {});
    const errors = [...stored.errors, ...validateAnswers(procedure.form, merged, await answerContextFor(deps, merged))];
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: toFieldErrors(errors, options.errorPrefix ?? '/answers') });
    await applyTransition(trx, deps, c, procedure, transition, { type: 'person', accountId }, { answers: pruneAnswers(procedure.form, merged), requestId: options.requestId ?? null });
  });
  return (await findCaseByCode(deps.db, code))!;
}

export async function assignCase(deps: Pick<Deps, 'db'>, official: Official, code: string, assigneeId: string | null, requestId?: string | null): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, code, { forUpdate: true });
    if (!c || !isOfficialOf(official, c.agencyCode)) throw new AppError('CASES_NOT_FOUND');
    if (assigneeId && assigneeId !== official.accountId) {
      const assignee: Official = { accountId: assigneeId, roles: await getRoles({ db: trx }, assigneeId) };
      if (!isOfficialOf(assignee, c.agencyCode)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'assignee-number', messageKey: 'cases.errors.assigneeNotOfficial' }] });
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

/** Assigns a case to another official of its agency, named by identity document. */
export async function assignCaseToColleague(
  deps: Pick<Deps, 'db' | 'country'>,
  official: Official,
  code: string,
  documentType: string,
  documentNumber: string,
  requestId?: string | null,
): Promise<void> {
  const type = deps.country.identityDocuments.find((d) => d.code === documentType);
  if (!type) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'assignee-type', messageKey: 'cases.answerError.invalidDocumentType' }] });
  const checked = type.check(documentNumber);
  const colleague = checked.ok ? await findAccountByIdentityDocument(deps, type.code, checked.normalized) : undefined;
  if (!colleague) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'assignee-number', messageKey: 'cases.errors.assigneeNotOfficial' }] });
  await assignCase(deps, official, code, colleague.id, requestId);
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
export async function rateCase(deps: Pick<Deps, 'db'>, accountId: string, code: string, score: number, comment: string, requestId?: string | null): Promise<Case> {
  const fields: FieldError[] = [];
  if (!Number.isInteger(score) || score < 1 || score > 5) fields.push({ field: 'score', messageKey: 'cases.errors.scoreRequired' });
  if (comment.length > 1000) fields.push({ field: 'comment', messageKey: 'cases.errors.commentTooLong' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const rated = await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, code, { forUpdate: true });
    if (!c || !canPersonSee(accountId, c)) throw new AppError('CASES_NOT_FOUND');
    if (!c.outcome) throw new AppError('CASES_NOT_DECIDED');
    if (c.satisfaction !== null) throw new AppError('CASES_ALREADY_RATED');
    await updateCase(trx, c.id, { satisfaction: score, satisfactionComment: comment.trim() || null });
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'cases.case_rated', subject: { type: 'case', id: c.id }, data: { score }, requestId: requestId ?? null });
    await emitEvent(trx, 'cases.rated', { caseId: c.id, procedureId: c.procedureId });
    return c;
  });
  return rated;
}

// ── Legal time: overdue escalation and tacit outcomes (a job) ────────────────────────────

/**
 * The deadline job (module `schedule`: hourly, so that every country's midnight and a
 * restart are covered) sweeps the cases past their legal time or state deadline. It used to
 * be one job per case enqueued under a name no handler had (`cases.apply_deadlines` instead
 * of `cases:apply_deadlines`): it never ran, and it cost a statement per submission.
 */
export const DEADLINE_JOB = 'apply_deadlines';

/**
 * Marks overdue cases escalated (the agency admin is told through an event) and applies the
 * tacit outcome where the procedure has one; then, for undecided cases in a state with a
 * deadline, applies the state's `onExpiry` system transition once the deadline has passed,
 * whether the legal clock is paused (the correction deadline of "observed": the case is
 * closed as abandoned) or running (a state the agency must leave in time). Each transition
 * is audited (`cases.case_transitioned`) in its own transaction.
 */
export async function applyLegalDeadlines(deps: Pick<Deps, 'db' | 'country'>, on: string = today(deps)): Promise<{ escalated: number; tacit: number; expired: number }> {
  let escalated = 0;
  let tacit = 0;
  let expired = 0;
  const due = await findOpenCasesDue(deps.db, openStates(defaultWorkflow), on);
  for (const candidate of due) {
    await deps.db.transaction().execute(async (trx) => {
      const c = await findCaseByCode(trx, candidate.trackingCode, { forUpdate: true });
      if (!c || c.pausedOn || c.dueDate >= on) return;
      const procedure = await procedureOfCase(deps, c);
      const outcome = procedure.ref.tacitOutcome;
      const transition = outcome === 'none' ? undefined : tacitTransition(procedure.workflow, c.state, outcome);
      if (transition) {
        await applyTransition(trx, deps, c, procedure, transition, { type: 'system' }, {});
        tacit += 1;
      } else if (!c.isEscalated) {
        await updateCase(trx, c.id, { isEscalated: true });
        await insertCaseEvent(trx, c.id, { actorType: 'system', actorId: null, kind: 'escalation', action: 'escalate', fromState: null, toState: null, text: null, isInternal: true });
        await recordAudit(trx, { actor: { type: 'system' }, action: 'cases.case_escalated', subject: { type: 'case', id: c.id }, data: { dueDate: c.dueDate } });
        await emitEvent(trx, 'cases.overdue', { caseId: c.id, trackingCode: c.trackingCode, agencyCode: c.agencyCode, procedureName: c.procedureName, dueDate: c.dueDate });
        escalated += 1;
      }
    });
  }
  // State deadlines apply whatever the clock: waiting on the person (the correction deadline
  // of "observed") or running (a state of the agency's own with a deadline and `onExpiry`).
  const withDeadline: Array<{ versionId: string; state: string }> = [];
  for (const pair of await findOpenVersionStates(deps.db)) {
    let workflow: WorkflowDefinition;
    try {
      workflow = definitionsOf(await findVersionById(deps.db, pair.versionId), deps).workflow;
    } catch (error) {
      // A version no longer processed online does not stop the sweep for the others.
      if (isAppError(error) && error.code === 'CASES_PROCEDURE_NOT_ONLINE') continue;
      throw error;
    }
    if (findWorkflowState(workflow, pair.state)?.deadline?.onExpiry) withDeadline.push(pair);
  }
  for (const candidate of await findCasesInStatesSince(deps.db, withDeadline, on)) {
    await deps.db.transaction().execute(async (trx) => {
      const c = await findCaseByCode(trx, candidate.trackingCode, { forUpdate: true });
      if (!c || c.outcome || c.state !== candidate.state) return;
      const procedure = await procedureOfCase(deps, c);
      const deadline = findWorkflowState(procedure.workflow, c.state)?.deadline;
      if (!deadline?.onExpiry || addBusinessDays(deps.country, localDate(deps.country, c.stateEnteredAt), deadline.businessDays) >= on) return;
      const transition = procedure.workflow.transitions.find((t) => t.id === deadline.onExpiry && t.actor === 'system' && t.from.includes(c.state));
      if (!transition) return;
      await applyTransition(trx, deps, c, procedure, transition, { type: 'system' }, {});
      expired += 1;
    });
  }
  return { escalated, tacit, expired };
}

// ── Statistics ───────────────────────────────────────────────────────────────────────────

function toStatistics(figures: ProcedureFigures): ProcedureStatistics {
  return {
    applications: figures.applications,
    completed: figures.completed,
    medianDaysToComplete: figures.medianDaysToComplete,
    shareWithinLegalTime: figures.completed > 0 ? Math.round((figures.withinLegalTime / figures.completed) * 1000) / 1000 : null,
    satisfactionAverage: figures.satisfactionAverage,
    satisfactionCount: figures.satisfactionCount,
  };
}

/** Recomputes a procedure's figures and pushes them to the catalog (run on every submission, decision and rating). */
export async function refreshProcedureStatistics(deps: Pick<Deps, 'db'>, procedureId: string): Promise<void> {
  await saveProcedureStatistics(deps.db, procedureId, toStatistics(await computeProcedureFigures(deps.db, procedureId)));
}

/** The same figures for all of an agency's procedures, computed on demand. */
export async function getAgencyStatistics(deps: Pick<Deps, 'db'>, agencyCode: string): Promise<ProcedureStatistics> {
  return toStatistics(await computeAgencyFigures(deps.db, agencyCode));
}
