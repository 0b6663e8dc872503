// Observations (contraloría social): a signed-in person reports on a project; the executing
// organisation answers in public; an observation unanswered past its due date shows as overdue.
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { answerObservation, findObservation, findProject, insertObservationAudited, listObservations, listUnansweredObservations } from './projects.queries.ts';
import { managedScope } from './projects.policy.ts';
import { mayManage, type Actor } from './projects.service.ts';
import { projectStats } from './projects.stats.ts';
import { OBSERVATION_ANSWER_DAYS, type Observation, type Project } from './projects.types.ts';

/** Files an observation; with the form's claim, a burst of identical posts files one (the others throw `IdempotentReplay`). */
export async function fileObservation(deps: Pick<Deps, 'db'>, accountId: string, projectId: string, body: string, requestId?: string, idempotency?: IdempotencyClaim): Promise<string> {
  const project = /^[0-9a-f-]{36}$/i.test(projectId) ? await findProject(deps.db, projectId) : undefined;
  if (!project) throw new AppError('PROJECTS_NOT_FOUND');
  const text = body.trim();
  const fields: FieldError[] = [];
  if (text.length < 10 || text.length > 2000) fields.push({ field: 'observacion', messageKey: 'projects.errors.observation' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const id = crypto.randomUUID();
  const now = new Date();
  const write = (db: Queryable) =>
    insertObservationAudited(
      db,
      { id, projectId, accountId, body: text, dueAt: new Date(now.getTime() + OBSERVATION_ANSWER_DAYS * 86_400_000) },
      {
        audit: { actor: { type: 'person', id: accountId }, action: 'projects.observation_filed', subject: { type: 'project', id: projectId }, data: { observationId: id }, requestId },
        events: [
          { topic: 'projects.observation_filed', payload: { observationId: id, projectId, executorTerritoryCode: project.executorTerritoryCode, executorAgencyCode: project.executorAgencyCode } },
        ],
        stats: [{ stat: projectStats.observations_filed, dims: { territory: project.territoryPath, at: now } }],
      },
    );
  if (!idempotency) await write(deps.db);
  else
    await deps.db.transaction().execute(async (trx) => {
      await claimIdempotencyKey(trx, idempotency, id);
      await write(trx);
    });
  return id;
}

export function observationsOf(deps: Pick<Deps, 'dbRead'>, projectId?: string): Promise<Observation[]> {
  return listObservations(deps.dbRead, projectId);
}

export function isOverdue(o: Observation, now = new Date()): boolean {
  return o.answer === null && o.dueAt.getTime() < now.getTime();
}

/** The executing organisation's public answer: once (a second or parallel answer is refused). */
export async function answer(deps: Pick<Deps, 'db'>, actor: Actor & { type: 'person' }, observationId: string, text: string, requestId?: string): Promise<Observation> {
  const observation = /^[0-9a-f-]{36}$/i.test(observationId) ? await findObservation(deps.db, observationId) : undefined;
  if (!observation) throw new AppError('PROJECTS_NOT_FOUND');
  const project = (await findProject(deps.db, observation.projectId))!;
  if (!mayManage(actor, project)) throw new AppError('PROJECTS_FORBIDDEN');
  const body = text.trim();
  if (body.length < 2 || body.length > 2000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'respuesta', messageKey: 'projects.errors.answer' }] });
  return deps.db.transaction().execute(async (trx) => {
    const answered = await answerObservation(trx, observationId, body, actor.id);
    if (!answered) throw new AppError('PROJECTS_ALREADY_ANSWERED');
    await recordAudit(trx, { actor: { type: 'person', id: actor.id }, action: 'projects.observation_answered', subject: { type: 'project', id: project.id }, data: { observationId }, requestId });
    if (answered.answeredAt && answered.answeredAt <= answered.dueAt) await recordStat(trx, projectStats.answered_in_time, { territory: project.territoryPath, at: answered.createdAt });
    return answered;
  });
}

/**
 * An official's pending work: the unanswered observations of the projects the person manages
 * (spokesperson of the executing organisation, officer of the agency, administrator), the
 * earliest due first, so the overdue ones lead. PostgreSQL filters them by the person's roles;
 * `mayManage` checks each again.
 */
export async function observationsToAnswer(deps: Pick<Deps, 'db'>, actor: Actor & { type: 'person' }): Promise<Array<{ observation: Observation; project: Project }>> {
  if (actor.type !== 'person') return [];
  const pending = await listUnansweredObservations(deps.db, managedScope(actor.grants));
  const projects = new Map<string, Project | undefined>();
  const out: Array<{ observation: Observation; project: Project }> = [];
  for (const observation of pending) {
    if (!projects.has(observation.projectId)) projects.set(observation.projectId, await findProject(deps.db, observation.projectId));
    const project = projects.get(observation.projectId);
    if (project && mayManage(actor, project)) out.push({ observation, project });
  }
  return out;
}
