// Use cases of access to public information (docs/transparency.md): a request is filed (signed
// in, with only an e-mail where the profile allows it, or at a counter by an officer), routed to
// an entity, transferred with a reason, extended as the law allows (in public), answered with a
// document (the public version beside the version sent) or refused naming the legal ground; the
// requester may appeal a refusal within the period, and the entity's authority resolves it.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { checkFile, readFile, safeFilename, storeFile } from '../../platform/files/index.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { DEFAULT_LOCALE } from '../../platform/i18n/i18n.ts';
import { getAgency } from '../agencies/index.ts';
import { queueMessage } from '../messaging/index.ts';
import {
  findAppeal,
  findRequest,
  findSimilarAnswered,
  insertAppeal,
  insertEvent,
  insertRequest,
  listEvents,
  listPendingAppeals,
  listRequests,
  requestFiguresByAgency,
  requesterEmail,
  resolveAppealRow,
  updateRequest,
} from './transparency.queries.ts';
import { canResolveAppeal, isOfficerOf } from './transparency.policy.ts';
import { transparencyStats } from './transparency.stats.ts';
import { type AnswerFile, type Appeal, FORMATS, MAX_ANSWER_FILE_BYTES, type InformationRequest, type RequestEvent, type RequestFormat, rulesOf } from './transparency.types.ts';

export interface Actor {
  accountId: string;
  grants: readonly RoleGrant[];
  requestId?: string | null;
}

type TDeps = Pick<Deps, 'db' | 'country'>;
/** Closing a request also tells an e-mail-only requester by e-mail (the link needs the public address). */
type CloseDeps = Pick<Deps, 'db' | 'country' | 'config'>;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function legalDue(deps: TDeps, from: Date, businessDays: number): Promise<Date> {
  return dueAt(deps.country, await decreedHolidays(deps.db, deps.country.code, from.getTime()), from, { businessDays });
}

function newCode(): string {
  return `SAI-${crypto.randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

export interface RequestInput {
  agencyCode: string;
  question: string;
  format: string;
  /** Only without an account, where the profile allows it. */
  email?: string;
  /** Only at a counter: the person's name as they gave it. */
  requesterName?: string;
}

/** Files a request. `by` is the signed-in person, an officer at a counter (`counter: true`), or nobody (e-mail only). */
export async function fileRequest(deps: TDeps, by: (Actor & { counter?: boolean }) | null, input: RequestInput, options: { now?: Date } = {}): Promise<InformationRequest> {
  const rules = rulesOf(deps.country);
  const fields: FieldError[] = [];
  const question = input.question.trim();
  if (question.length < 20 || question.length > 4000) fields.push({ field: 'pregunta', messageKey: 'transparency.errors.question' });
  if (!(FORMATS as readonly string[]).includes(input.format)) fields.push({ field: 'formato', messageKey: 'transparency.errors.format' });
  const agency = input.agencyCode ? await getAgency(deps, input.agencyCode).catch(() => undefined) : undefined;
  if (!agency || agency.country !== deps.country.code) fields.push({ field: 'entidad', messageKey: 'transparency.errors.agency' });
  const counter = by?.counter === true;
  if (counter && agency && !isOfficerOf(by.grants, agency.code)) throw new AppError('TRANSPARENCY_FORBIDDEN');
  const email = (input.email ?? '').trim();
  const requesterName = (input.requesterName ?? '').trim();
  if (!by) {
    if (!rules.emailOnly) throw new AppError('TRANSPARENCY_SIGN_IN_REQUIRED');
    if (!EMAIL.test(email) || email.length > 200) fields.push({ field: 'correo', messageKey: 'transparency.errors.email' });
  }
  if (counter && (requesterName.length < 3 || requesterName.length > 200)) fields.push({ field: 'solicitante', messageKey: 'transparency.errors.requester' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const filedAt = options.now ?? new Date();
  const request = {
    id: crypto.randomUUID(),
    code: newCode(),
    agencyCode: agency!.code,
    question,
    format: input.format as RequestFormat,
    channel: counter ? ('counter' as const) : by ? ('online' as const) : ('email' as const),
    accountId: by && !counter ? by.accountId : null,
    email: by ? null : email,
    requesterName: counter ? requesterName : null,
    filedBy: counter ? by!.accountId : null,
    filedAt,
    dueAt: await legalDue(deps, filedAt, rules.answerDays),
  };
  await deps.db.transaction().execute(async (trx) => {
    await insertRequest(trx, request);
    await recordStat(trx, transparencyStats.requests, { agency: request.agencyCode, at: filedAt });
    await recordAudit(trx, {
      actor: by ? { type: counter ? 'official' : 'person', id: by.accountId } : { type: 'anonymous' },
      action: 'transparency.request_filed',
      subject: { type: 'information_request', id: request.id },
      data: { code: request.code, agency: request.agencyCode, channel: request.channel },
      requestId: by?.requestId,
    });
  });
  return (await findRequest(deps.db, request.code))!;
}

/** "Quizás ya fue respondida": earlier answered requests like this question. */
export function similarAnswered(deps: Pick<Deps, 'dbRead'>, question: string, limit = 5): Promise<InformationRequest[]> {
  const text = question.trim();
  return text.length < 3 ? Promise.resolve([]) : findSimilarAnswered(deps.dbRead, text.slice(0, 4000), limit);
}

export interface RequestView {
  request: InformationRequest;
  events: RequestEvent[];
  appeal: Appeal | undefined;
  /** The requester sees the version sent; officers of the entity act on it. */
  isRequester: boolean;
  isOfficer: boolean;
  canResolveAppeal: boolean;
  canAppeal: boolean;
  canExtend: boolean;
}

export async function viewRequest(deps: TDeps, code: string, viewer: Actor | null, options: { now?: Date } = {}): Promise<RequestView> {
  const request = /^SAI-[0-9A-F]{8}$/.test(code) ? await findRequest(deps.db, code) : undefined;
  if (!request) throw new AppError('TRANSPARENCY_NOT_FOUND');
  const [events, appeal] = await Promise.all([listEvents(deps.db, request.id), findAppeal(deps.db, request.id)]);
  const now = options.now ?? new Date();
  const isRequester = viewer !== null && request.accountId === viewer.accountId;
  const rules = rulesOf(deps.country);
  return {
    request,
    events,
    appeal,
    isRequester,
    isOfficer: viewer !== null && isOfficerOf(viewer.grants, request.agencyCode),
    canResolveAppeal: viewer !== null && appeal !== undefined && appeal.outcome === null && canResolveAppeal(viewer.grants, request.agencyCode),
    canAppeal: isRequester && request.status === 'refused' && !appeal && request.appealUntil !== null && now <= request.appealUntil,
    canExtend: request.status === 'pending' && request.extensions < rules.maxExtensions,
  };
}

export function listRegister(deps: Pick<Deps, 'dbRead'>, filter: { agencyCodes?: string[]; status?: string; limit?: number; offset?: number } = {}): Promise<InformationRequest[]> {
  return listRequests(deps.dbRead, { ...filter, limit: Math.min(filter.limit ?? 50, 200) });
}

/** Locks the request and checks the actor is an officer of its entity and that it is pending. */
async function pendingForOfficer(trx: Deps['db'], actor: Actor, code: string): Promise<InformationRequest> {
  const request = await findRequest(trx, code, { forUpdate: true });
  if (!request) throw new AppError('TRANSPARENCY_NOT_FOUND');
  if (!isOfficerOf(actor.grants, request.agencyCode)) throw new AppError('TRANSPARENCY_FORBIDDEN');
  if (request.status !== 'pending') throw new AppError('TRANSPARENCY_NOT_PENDING');
  return request;
}

function requireText(value: string, field: string, messageKey: string, min = 10): string {
  const text = value.trim();
  if (text.length < min || text.length > 4000) throw new AppError('VALIDATION_FAILED', { fields: [{ field, messageKey }] });
  return text;
}

/** Sends the request to the entity that holds the information, with a reason; the legal time keeps running. */
export async function transferRequest(deps: TDeps, actor: Actor, code: string, input: { agencyCode: string; reason: string }, options: { now?: Date } = {}): Promise<void> {
  const reason = requireText(input.reason, 'motivo', 'transparency.errors.reason');
  const to = await getAgency(deps, input.agencyCode).catch(() => undefined);
  if (!to || to.country !== deps.country.code) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'entidad', messageKey: 'transparency.errors.agency' }] });
  await deps.db.transaction().execute(async (trx) => {
    const request = await pendingForOfficer(trx, actor, code);
    if (to.code === request.agencyCode) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'entidad', messageKey: 'transparency.errors.sameAgency' }] });
    await updateRequest(trx, request.id, { agencyCode: to.code });
    await insertEvent(trx, request.id, { kind: 'transferred', agencyCode: request.agencyCode, toAgencyCode: to.code, note: reason, at: options.now ?? new Date() });
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'transparency.request_transferred',
      subject: { type: 'information_request', id: request.id },
      data: { from: request.agencyCode, to: to.code },
      requestId: actor.requestId,
    });
  });
}

/** One extension as the law allows (said in public with its reason): the due date moves by the profile's days. */
export async function extendRequest(deps: TDeps, actor: Actor, code: string, input: { reason: string }, options: { now?: Date } = {}): Promise<void> {
  const rules = rulesOf(deps.country);
  const reason = requireText(input.reason, 'motivo', 'transparency.errors.reason');
  await deps.db.transaction().execute(async (trx) => {
    const request = await pendingForOfficer(trx, actor, code);
    const now = options.now ?? new Date();
    if (request.extensions >= rules.maxExtensions || now > request.dueAt) throw new AppError('TRANSPARENCY_NO_EXTENSION');
    const due = dueAt(deps.country, await decreedHolidays(trx, deps.country.code, now.getTime()), request.dueAt, { businessDays: rules.extensionDays });
    await updateRequest(trx, request.id, { dueAt: due, extensions: request.extensions + 1 });
    await insertEvent(trx, request.id, { kind: 'extended', agencyCode: request.agencyCode, toAgencyCode: null, note: reason, at: now });
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'transparency.request_extended',
      subject: { type: 'information_request', id: request.id },
      data: { dueAt: due.toISOString() },
      requestId: actor.requestId,
    });
  });
}

/** Records the figures of a closed request (counted at its filing); true when closed within the legal time. */
async function close(trx: Deps['db'], request: InformationRequest, now: Date): Promise<boolean> {
  const inTime = now <= request.dueAt;
  await recordStat(trx, transparencyStats.closed, { agency: request.agencyCode, at: request.filedAt });
  if (inTime) await recordStat(trx, transparencyStats.answered_in_time, { agency: request.agencyCode, at: request.filedAt });
  return inTime;
}

/**
 * A requester who filed with only an e-mail address (no account, no mailbox) is told by e-mail,
 * queued in the closing transaction (messaging's outbox: it leaves only if the answer commits),
 * with the address of the public page; the version sent stays behind the page (requesters with
 * an account read it signed in).
 */
async function emailRequester(trx: Deps['db'], deps: CloseDeps, request: InformationRequest, templateKey: 'informationRequestAnswered' | 'informationRequestRefused'): Promise<void> {
  const to = await requesterEmail(trx, request.id);
  if (!to) return;
  const agency = (await getAgency(deps, request.agencyCode).catch(() => undefined))?.name ?? request.agencyCode;
  const url = `${deps.config.publicUrl}/transparencia/solicitudes/${request.code}`;
  await queueMessage(trx, { channel: 'email', to, templateKey, params: { code: request.code, agency, url }, locale: DEFAULT_LOCALE });
}

/** A PDF uploaded with an answer, as the page's multipart form read it. */
export interface AnswerUpload {
  filename: string;
  bytes: Uint8Array;
  mediaType: string;
}

/**
 * The answer: a text, the document sent to the requester and its public version (personal data
 * removed), each typed or uploaded as a PDF (or both); the files are stored in the same transaction.
 */
export async function answerRequest(
  deps: CloseDeps,
  actor: Actor,
  code: string,
  input: { answer: string; sentDocument: string; publicDocument: string; sentFile?: AnswerUpload; publicFile?: AnswerUpload },
  options: { now?: Date } = {},
): Promise<void> {
  const fields: FieldError[] = [];
  const answer = input.answer.trim();
  const sent = input.sentDocument.trim();
  const published = input.publicDocument.trim();
  const pdf = (file: AnswerUpload | undefined) =>
    file === undefined || (file.mediaType === 'application/pdf' && checkFile(file.bytes, { maxBytes: MAX_ANSWER_FILE_BYTES, allowed: ['application/pdf'] }).ok);
  if (answer.length < 10 || answer.length > 8000) fields.push({ field: 'respuesta', messageKey: 'transparency.errors.answer' });
  if (!pdf(input.sentFile)) fields.push({ field: 'archivoEnviado', messageKey: 'transparency.errors.file' });
  else if ((sent.length < 1 && !input.sentFile) || sent.length > 100_000) fields.push({ field: 'documento', messageKey: 'transparency.errors.document' });
  if (!pdf(input.publicFile)) fields.push({ field: 'archivoPublico', messageKey: 'transparency.errors.file' });
  else if ((published.length < 1 && !input.publicFile) || published.length > 100_000) fields.push({ field: 'publico', messageKey: 'transparency.errors.publicDocument' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  await deps.db.transaction().execute(async (trx) => {
    const request = await pendingForOfficer(trx, actor, code);
    const now = options.now ?? new Date();
    const inTime = await close(trx, request, now);
    const store = async (file: AnswerUpload | undefined): Promise<AnswerFile | null> => {
      if (!file) return null;
      const stored = await storeFile(trx, file.bytes, 'application/pdf');
      return { sha256: stored.sha256, filename: safeFilename(file.filename, 'application/pdf'), size: stored.size };
    };
    const [sentFile, publicFile] = [await store(input.sentFile), await store(input.publicFile)];
    await updateRequest(trx, request.id, { status: 'answered', answer, sentDocument: sent || null, publicDocument: published || null, sentFile, publicFile, closedAt: now, answeredInTime: inTime });
    await insertEvent(trx, request.id, { kind: 'answered', agencyCode: request.agencyCode, toAgencyCode: null, note: '', at: now });
    await emailRequester(trx, deps, request, 'informationRequestAnswered');
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'transparency.request_answered',
      subject: { type: 'information_request', id: request.id },
      data: { inTime, files: [sentFile?.sha256, publicFile?.sha256].filter(Boolean) },
      requestId: actor.requestId,
    });
  });
}

/** An answer's uploaded PDF: the public version for anyone; the version sent only for the requester and the entity's officers (anyone else: not found). */
export async function answerFile(deps: TDeps, code: string, which: 'public' | 'sent', viewer: Actor | null): Promise<AnswerFile & { content: Buffer }> {
  const view = await viewRequest(deps, code, viewer);
  const file = view.request.status !== 'answered' ? null : which === 'public' ? view.request.publicFile : view.isRequester || view.isOfficer ? view.request.sentFile : null;
  const stored = file ? await readFile(deps.db, file.sha256) : undefined;
  if (!file || !stored) throw new AppError('TRANSPARENCY_NOT_FOUND');
  return { ...file, content: stored.content };
}

/** A refusal names one of the profile's legal grounds and explains it; the appeal period starts. */
export async function refuseRequest(deps: CloseDeps, actor: Actor, code: string, input: { ground: string; reason: string }, options: { now?: Date } = {}): Promise<void> {
  const rules = rulesOf(deps.country);
  const fields: FieldError[] = [];
  if (!rules.refusalGrounds.includes(input.ground)) fields.push({ field: 'fundamento', messageKey: 'transparency.errors.ground' });
  const reason = input.reason.trim();
  if (reason.length < 10 || reason.length > 4000) fields.push({ field: 'motivo', messageKey: 'transparency.errors.reason' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  await deps.db.transaction().execute(async (trx) => {
    const request = await pendingForOfficer(trx, actor, code);
    const now = options.now ?? new Date();
    const inTime = await close(trx, request, now);
    const appealUntil = dueAt(deps.country, await decreedHolidays(trx, deps.country.code, now.getTime()), now, { businessDays: rules.appealDays });
    await updateRequest(trx, request.id, { status: 'refused', answer: reason, refusalGround: input.ground, closedAt: now, answeredInTime: inTime, appealUntil });
    await insertEvent(trx, request.id, { kind: 'refused', agencyCode: request.agencyCode, toAgencyCode: null, note: reason, at: now });
    await emailRequester(trx, deps, request, 'informationRequestRefused');
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'transparency.request_refused',
      subject: { type: 'information_request', id: request.id },
      data: { ground: input.ground, inTime },
      requestId: actor.requestId,
    });
  });
}

/** The requester's appeal against a refusal, within the period; once per request. */
export async function appealRefusal(deps: TDeps, actor: Actor, code: string, input: { reason: string }, options: { now?: Date } = {}): Promise<void> {
  const rules = rulesOf(deps.country);
  const reason = requireText(input.reason, 'motivo', 'transparency.errors.reason');
  await deps.db.transaction().execute(async (trx) => {
    const request = await findRequest(trx, code, { forUpdate: true });
    if (!request || request.accountId !== actor.accountId) throw new AppError('TRANSPARENCY_NOT_FOUND');
    const now = options.now ?? new Date();
    if (request.status !== 'refused' || !request.appealUntil || now > request.appealUntil) throw new AppError('TRANSPARENCY_NO_APPEAL');
    const due = dueAt(deps.country, await decreedHolidays(trx, deps.country.code, now.getTime()), now, { businessDays: rules.appealAnswerDays });
    if (!(await insertAppeal(trx, { requestId: request.id, reason, filedAt: now, dueAt: due }))) throw new AppError('TRANSPARENCY_NO_APPEAL');
    await insertEvent(trx, request.id, { kind: 'appealed', agencyCode: request.agencyCode, toAgencyCode: null, note: reason, at: now });
    await recordAudit(trx, {
      actor: { type: 'person', id: actor.accountId },
      action: 'transparency.refusal_appealed',
      subject: { type: 'information_request', id: request.id },
      data: { dueAt: due.toISOString() },
      requestId: actor.requestId,
    });
  });
}

/** The entity's authority resolves the appeal: upheld reopens the request with a new legal time; dismissed confirms the refusal. */
export async function resolveAppeal(deps: TDeps, actor: Actor, code: string, input: { outcome: string; resolution: string }, options: { now?: Date } = {}): Promise<void> {
  const rules = rulesOf(deps.country);
  const fields: FieldError[] = [];
  if (input.outcome !== 'upheld' && input.outcome !== 'dismissed') fields.push({ field: 'decision', messageKey: 'transparency.errors.outcome' });
  const resolution = input.resolution.trim();
  if (resolution.length < 10 || resolution.length > 4000) fields.push({ field: 'resolucion', messageKey: 'transparency.errors.reason' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const outcome = input.outcome as 'upheld' | 'dismissed';
  await deps.db.transaction().execute(async (trx) => {
    const request = await findRequest(trx, code, { forUpdate: true });
    if (!request) throw new AppError('TRANSPARENCY_NOT_FOUND');
    if (!canResolveAppeal(actor.grants, request.agencyCode)) throw new AppError('TRANSPARENCY_FORBIDDEN');
    const now = options.now ?? new Date();
    if (!(await resolveAppealRow(trx, request.id, outcome, resolution, now))) throw new AppError('TRANSPARENCY_NO_APPEAL');
    if (outcome === 'upheld') {
      const due = dueAt(deps.country, await decreedHolidays(trx, deps.country.code, now.getTime()), now, { businessDays: rules.answerDays });
      await updateRequest(trx, request.id, { status: 'pending', closedAt: null, answeredInTime: null, refusalGround: null, appealUntil: null, dueAt: due, extensions: 0 });
      await recordStat(trx, transparencyStats.closed, { agency: request.agencyCode, at: request.filedAt }, -1);
      if (request.answeredInTime) await recordStat(trx, transparencyStats.answered_in_time, { agency: request.agencyCode, at: request.filedAt }, -1);
    }
    await insertEvent(trx, request.id, { kind: outcome === 'upheld' ? 'appeal_upheld' : 'appeal_dismissed', agencyCode: request.agencyCode, toAgencyCode: null, note: resolution, at: now });
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'transparency.appeal_resolved',
      subject: { type: 'information_request', id: request.id },
      data: { outcome },
      requestId: actor.requestId,
    });
  });
}

/** The register's figures per entity (requests, outcomes, in time, median days). */
export function registerFigures(deps: Pick<Deps, 'dbRead'>) {
  return requestFiguresByAgency(deps.dbRead);
}

/** The appeals awaiting resolution in the entities given. */
export function pendingAppeals(deps: Pick<Deps, 'db'>, agencyCodes: string[]) {
  return listPendingAppeals(deps.db, agencyCodes);
}
