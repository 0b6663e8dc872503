// An observation unanswered past its legal time (OBSERVATION_ANSWER_DAYS) is notified once: a
// scheduled sweep (`sweepDue`) marks it, audits it and emits `projects.observation_overdue` in
// the same transaction; the event's handler tells, in their mailbox (Buzón digital), the people
// who manage the project — the spokespeople of its executing organisation (the territory role
// over the unit or an ancestor, from identity) and the officers of its executing or creating
// agency — and the person who filed it. The event id is the delivery key: a retried job delivers
// once. Accounts keep no language, so notices are in Spanish, the platform's default.
import { recordAudit } from '../../platform/audit/audit.ts';
import { type DomainEvent, emitEvent } from '../../platform/events/outbox.ts';
import { createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import { sweepDue, type SweepResult } from '../../platform/jobs/sweep.ts';
import type { Deps } from '../../platform/module.ts';
import { findAgencyStaff, findTerritoryRoleHolders } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { OFFICER_ROLE, SPOKESPERSON_ROLE } from './projects.policy.ts';
import { findOverdueObservationIds, findProject, markOverdueNotified } from './projects.queries.ts';

export const OVERDUE_OBSERVATIONS_JOB = 'overdue_observations';
export const OVERDUE_OBSERVATION_EVENT = 'projects.observation_overdue';
/** The sender of notices about a project no agency executes or created (a community council's). */
const PLATFORM_SENDER = 'TAMBO';

/** Marks every observation due at `now` (injected in tests) and not yet notified, once. */
export function notifyOverdueObservations(deps: Pick<Deps, 'db' | 'log'>, now = new Date()): Promise<SweepResult<string>> {
  return sweepDue<string>({
    db: deps.db,
    now,
    selectDue: (db, at, limit) => findOverdueObservationIds(db, at, limit),
    handle: async (trx, id, at) => {
      const marked = await markOverdueNotified(trx, id, at);
      if (!marked) return false;
      const project = (await findProject(trx, marked.projectId))!;
      await recordAudit(trx, {
        actor: { type: 'system' },
        action: 'projects.observation_overdue',
        subject: { type: 'project', id: project.id },
        data: { observationId: id, dueAt: marked.dueAt.toISOString() },
      });
      await emitEvent(trx, OVERDUE_OBSERVATION_EVENT, {
        observationId: id,
        projectId: project.id,
        projectTitle: project.title,
        observerAccountId: marked.accountId,
        executorTerritoryPath: project.executorTerritoryPath ?? [],
        agencies: [...new Set([project.executorAgencyCode, project.createdByAgency].filter((a): a is string => a !== null))],
        dueAt: marked.dueAt.toISOString(),
      });
      return true;
    },
    onError: (id, error) => deps.log.error({ err: error, observationId: id }, 'projects: the overdue notice of an observation could not be prepared'),
  });
}

/** Who manages the project: its spokespeople (territory role over the executor or above) and its agencies' officers. */
async function managers(deps: Deps, territoryPath: string[], agencies: string[]): Promise<string[]> {
  const ids = new Set(await findTerritoryRoleHolders(deps, SPOKESPERSON_ROLE, territoryPath));
  for (const agency of agencies) for (const person of await findAgencyStaff(deps, agency, [OFFICER_ROLE])) ids.add(person.id);
  return [...ids];
}

export async function onObservationOverdue(event: DomainEvent, deps: Deps): Promise<void> {
  const p = event.payload as { observationId: string; projectId: string; projectTitle: string; observerAccountId: string; executorTerritoryPath: string[]; agencies: string[]; dueAt: string };
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const params = {
    project: p.projectTitle,
    dueDate: createFormatter(DEFAULT_LOCALE, deps.catalogs).date(new Date(p.dueAt)),
    url: `${deps.config.publicUrl}/proyectos/observaciones-pendientes`,
    projectUrl: `${deps.config.publicUrl}/proyectos/${p.projectId}`,
  };
  const agencyCode = p.agencies[0] ?? PLATFORM_SENDER;
  for (const accountId of await managers(deps, p.executorTerritoryPath, p.agencies)) {
    await notifyAccount(deps, {
      accountId,
      agencyCode,
      subject: t('projects.notice.overdue.subject', params),
      body: t('projects.notice.overdue.body', params),
      source: 'projects',
      key: `projects:${event.id}:${accountId}`,
    });
  }
  await notifyAccount(deps, {
    accountId: p.observerAccountId,
    agencyCode,
    subject: t('projects.notice.overdueObserver.subject', params),
    body: t('projects.notice.overdueObserver.body', params),
    source: 'projects',
    key: `projects:${event.id}:observer`,
  });
}
