// Advice to entities (docs/training.md, "Advice to entities"): a person who holds a role in an
// entity asks, for the entity, for technical or legal advice; it is due within ADVICE_DAYS
// business days of the country profile. The platform's training agency (the one that runs the
// citizens' course) handles it: its training managers assign experts, record sessions and
// answer once. The share answered in time is a public figure (training.stats.ts).
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { addBusinessDays, localDate } from '../../platform/country/business-days.ts';
import { AppError } from '../../platform/errors.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import {
  type AdviceKind,
  type AdviceRequest,
  answerAdviceRequest,
  findAdviceRequest,
  insertAdviceExpert,
  insertAdviceRequest,
  insertAdviceSession,
  listAdviceExperts,
  listAdviceRequests,
  listAdviceSessions,
} from './advice.queries.ts';
import { MANAGER_ROLE } from './training.service.ts';
import { trainingStats } from './training.stats.ts';

/** The legal time of an advice request, in business days. */
export const ADVICE_DAYS = 10;
const KINDS: readonly string[] = ['technical', 'legal'];

/** The agency that gives advice: the platform's training agency of the country. */
export const advisingAgency = (deps: Pick<Deps, 'country'>) => (deps.country.code === 've' ? 'CNTI' : 'AGETIC');

const entitiesOf = (grants: readonly RoleGrant[]) => [...new Set(grants.flatMap((g) => ('agency' in g && g.agency ? [g.agency] : [])))];
export const isAdvisor = (deps: Pick<Deps, 'country'>, grants: readonly RoleGrant[]) =>
  hasRole(grants, { role: MANAGER_ROLE, agency: advisingAgency(deps) }) || hasRole(grants, { role: PLATFORM_ADMIN });

type Fields = Array<{ field: string; messageKey: string }>;
const fail = (fields: Fields) => {
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
};

/** Files a request for an entity the person works in (403 otherwise); with the form's claim, a burst files one. */
export async function requestAdvice(
  deps: Deps,
  accountId: string,
  grants: readonly RoleGrant[],
  input: { agencyCode: string; kind: string; need: string },
  requestId: string | null,
  claim?: IdempotencyClaim,
): Promise<string> {
  if (!entitiesOf(grants).includes(input.agencyCode)) throw new AppError('TRAINING_FORBIDDEN');
  const need = input.need.trim();
  fail([
    ...(KINDS.includes(input.kind) ? [] : [{ field: 'tipo', messageKey: 'training.errors.adviceKind' }]),
    ...(need && need.length <= 2000 ? [] : [{ field: 'necesidad', messageKey: 'training.errors.adviceNeed' }]),
  ]);
  const id = crypto.randomUUID();
  const dueOn = addBusinessDays(deps.country, localDate(deps.country, new Date()), ADVICE_DAYS);
  await deps.db.transaction().execute(async (trx) => {
    if (claim) await claimIdempotencyKey(trx, claim, id);
    await insertAdviceRequest(trx, { id, agencyCode: input.agencyCode, kind: input.kind as AdviceKind, need, requestedBy: accountId, dueOn });
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'training.advice_requested',
      subject: { type: 'training_advice', id },
      data: { agency: input.agencyCode, kind: input.kind, dueOn },
      requestId,
    });
    await recordStat(trx, trainingStats.advice_requested, { agency: input.agencyCode, kind: input.kind });
  });
  return id;
}

/** The requests the person may see: every one for an advisor, their entities' otherwise. */
export function adviceRequestsFor(deps: Deps, grants: readonly RoleGrant[]): Promise<AdviceRequest[]> {
  return listAdviceRequests(deps.db, isAdvisor(deps, grants) ? null : entitiesOf(grants));
}

/** One request with its experts and sessions: for an advisor or the requesting entity's people (404 otherwise). */
export async function adviceDetail(deps: Deps, grants: readonly RoleGrant[], id: string) {
  const request = /^[0-9a-f-]{36}$/i.test(id) ? await findAdviceRequest(deps.db, id) : undefined;
  if (!request || !(isAdvisor(deps, grants) || entitiesOf(grants).includes(request.agencyCode))) throw new AppError('TRAINING_NOT_FOUND');
  return { request, experts: await listAdviceExperts(deps.db, id), sessions: await listAdviceSessions(deps.db, id), advisor: isAdvisor(deps, grants) };
}

async function advisorRequest(deps: Deps, grants: readonly RoleGrant[], id: string): Promise<AdviceRequest> {
  const { request, advisor } = await adviceDetail(deps, grants, id);
  if (!advisor) throw new AppError('TRAINING_FORBIDDEN');
  return request;
}

export async function assignExpert(deps: Deps, accountId: string, grants: readonly RoleGrant[], id: string, expertName: string, requestId: string | null): Promise<void> {
  await advisorRequest(deps, grants, id);
  const name = expertName.trim();
  fail(name && name.length <= 200 ? [] : [{ field: 'experto', messageKey: 'training.errors.expert' }]);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await insertAdviceExpert(trx, id, name, accountId))) return;
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'training.advice_expert_assigned', subject: { type: 'training_advice', id }, data: { expert: name }, requestId });
  });
}

export async function recordSession(
  deps: Deps,
  accountId: string,
  grants: readonly RoleGrant[],
  id: string,
  input: { date: string; notes: string },
  requestId: string | null,
  claim?: IdempotencyClaim,
): Promise<void> {
  await advisorRequest(deps, grants, id);
  const notes = input.notes.trim();
  fail([
    ...(/^\d{4}-\d{2}-\d{2}$/.test(input.date) && !Number.isNaN(Date.parse(input.date)) ? [] : [{ field: 'fecha', messageKey: 'training.errors.date' }]),
    ...(notes && notes.length <= 2000 ? [] : [{ field: 'notas', messageKey: 'training.errors.sessionNotes' }]),
  ]);
  const sessionId = crypto.randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    if (claim) await claimIdempotencyKey(trx, claim, sessionId);
    await insertAdviceSession(trx, { id: sessionId, requestId: id, heldOn: input.date, notes, by: accountId });
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'training.advice_session_recorded',
      subject: { type: 'training_advice', id },
      data: { sessionId, heldOn: input.date },
      requestId,
    });
  });
}

/** Answers once (a burst answers once); answered by the due date, it counts in time. */
export async function answerAdvice(deps: Deps, accountId: string, grants: readonly RoleGrant[], id: string, answer: string, requestId: string | null): Promise<boolean> {
  const request = await advisorRequest(deps, grants, id);
  const text = answer.trim();
  fail(text && text.length <= 4000 ? [] : [{ field: 'respuesta', messageKey: 'training.errors.adviceAnswer' }]);
  return deps.db.transaction().execute(async (trx) => {
    const at = await answerAdviceRequest(trx, id, text, accountId);
    if (!at) return false;
    const inTime = localDate(deps.country, at) <= request.dueOn;
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'training.advice_answered', subject: { type: 'training_advice', id }, data: { inTime }, requestId });
    if (inTime) await recordStat(trx, trainingStats.advice_answered_in_time, { agency: request.agencyCode, kind: request.kind, at });
    return true;
  });
}
