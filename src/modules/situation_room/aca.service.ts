// The communes' Agenda Concreta de Acción (ACA): a commune's spokespeople (`room_responder` over
// it) enter its actions and their progress; the room lists them (overdue first) and its
// operators instruct from any of them. Every change is audited; an action is created once per
// form or request key, and progress is updated under the action's row lock.
import { recordAudit } from '../../platform/audit/audit.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getProject } from '../projects/index.ts';
import { findReport, parseReportId } from '../reports/index.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { findAcaAction, findAcaActionByKey, findAcaActionsIn, findAllAcaActions, insertAcaAction, listAcaProgress, recordAcaProgress } from './aca.queries.ts';
import { type AcaAction, type AcaProgress, isAcaOverdue, statusOf } from './aca.types.ts';
import { type Actor, todayIn } from './instruction.service.ts';
import { ROOM_RESPONDER } from './instruction.types.ts';

/** At most this many projects and reports linked to one action. */
export const MAX_LINKS = 20;

const invalid = (errors: Record<string, string>) => new AppError('SITUATION_ROOM_INVALID_ACA', { fields: Object.entries(errors).map(([field, messageKey]) => ({ field: `/${field}`, messageKey })) });

export async function getAcaAction(deps: Pick<Deps, 'db'>, id: string): Promise<AcaAction> {
  const action = /^[0-9a-f-]{36}$/.test(id) ? await findAcaAction(deps.db, id) : undefined;
  if (!action) throw new AppError('SITUATION_ROOM_ACA_NOT_FOUND');
  return action;
}

/** The progress log (its `actor` is for the service only: never shown in public). */
export const acaProgressOf = (deps: Pick<Deps, 'dbRead'>, id: string): Promise<AcaProgress[]> => listAcaProgress(deps.dbRead, id);

/** The ACA actions at or below a territory, overdue first (at most 20: the room's list). */
export const listAcaActions = (deps: Deps, territoryCode: string, limit = 20) => findAcaActionsIn(deps.dbRead, territoryCode, todayIn(deps), limit);

/** The commune's spokespeople: they create and update the actions of the territory and below. */
export const canEditAca = (actor: Actor | null, territoryPath: string[]) => actor !== null && hasRole(actor.grants, { role: ROOM_RESPONDER, territory: territoryPath });

export interface AcaInput {
  territory?: string;
  title?: string;
  description?: string;
  responsible?: string;
  responsibleAgency?: string;
  dueOn?: string;
  /** Project ids, separated by spaces or commas (a form's text) or a list (the API). */
  projects?: string | string[];
  /** Report codes (R-n or n), likewise. */
  reports?: string | string[];
  requestKey?: string;
}

const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value : (value ?? '').split(/[\s,;]+/)).map((v) => v.trim()).filter((v) => v.length > 0);
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** Field → message key; empty when valid (the territory and the linked items are checked on creation). `today` null: a past deadline is allowed (the demo). */
export function acaErrors(input: AcaInput, today: string | null): Record<string, string> {
  const errors: Record<string, string> = {};
  const text = (v: string | undefined) => (v ?? '').trim();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(text(input.territory))) errors.territory = 'situation_room.aca.error.territory';
  if (text(input.title).length === 0 || text(input.title).length > 200) errors.title = 'situation_room.aca.error.title';
  if (text(input.description).length > 2000) errors.description = 'situation_room.aca.error.description';
  if (text(input.responsible).length === 0 || text(input.responsible).length > 200) errors.responsible = 'situation_room.aca.error.responsible';
  if (text(input.responsibleAgency) && !/^[A-Za-z0-9_-]{1,64}$/.test(text(input.responsibleAgency))) errors.responsibleAgency = 'situation_room.aca.error.agency';
  const due = text(input.dueOn);
  if (!isDay(due)) errors.dueOn = 'situation_room.aca.error.dueOn';
  else if (today !== null && due < today) errors.dueOn = 'situation_room.aca.error.duePast';
  const projects = list(input.projects);
  if (projects.length > MAX_LINKS || projects.some((p) => !/^[0-9a-f-]{36}$/i.test(p))) errors.projects = 'situation_room.aca.error.projects';
  const reports = list(input.reports);
  if (reports.length > MAX_LINKS || reports.some((r) => parseReportId(r) === undefined)) errors.reports = 'situation_room.aca.error.reports';
  if (!/^[\w-]{8,64}$/.test(text(input.requestKey))) errors.requestKey = 'situation_room.aca.error.requestKey';
  return errors;
}

/** The linked items, each checked through its module: unknown ones are field errors. */
async function checkLinks(deps: Deps, input: AcaInput): Promise<{ projectIds: string[]; reportCodes: string[] }> {
  const errors: Record<string, string> = {};
  const projectIds = [...new Set(list(input.projects).map((p) => p.toLowerCase()))];
  for (const id of projectIds) {
    const found = await getProject(deps, id).catch((error: unknown) => {
      if (error instanceof AppError) return undefined;
      throw error;
    });
    if (!found) errors.projects = 'situation_room.aca.error.projectUnknown';
  }
  const reportCodes = [...new Set(list(input.reports).map((r) => `R-${parseReportId(r)}`))];
  for (const code of reportCodes) if (!(await findReport(deps.db, code))) errors.reports = 'situation_room.aca.error.reportUnknown';
  if (Object.keys(errors).length > 0) throw invalid(errors);
  return { projectIds, reportCodes };
}

/**
 * Creates an action of a commune (or any territory) for its spokespeople, or for the demo seed
 * (`actor` null, `seedAccount` recorded as its author). Once per author and request key: a repeat
 * answers the action (`created: false`); the key reused for another action is 409.
 */
export async function createAcaAction(deps: Deps, actor: Actor | null, input: AcaInput, options: { requestId?: string; seedAccount?: string } = {}): Promise<{ action: AcaAction; created: boolean }> {
  const errors = acaErrors(input, actor ? todayIn(deps) : null);
  if (Object.keys(errors).length > 0) throw invalid(errors);
  const code = input.territory!.trim();
  const chain = await getTerritoryWithAncestors(deps, code).catch((error: unknown) => {
    if (error instanceof AppError) return [];
    throw error;
  });
  if (chain.length === 0) throw invalid({ territory: 'situation_room.aca.error.territory' });
  const path = chain.map((t) => t.code);
  if (actor && !canEditAca(actor, path)) throw new AppError('SITUATION_ROOM_FORBIDDEN');
  const links = await checkLinks(deps, input);
  const createdBy = actor?.accountId ?? options.seedAccount!;
  const requestKey = input.requestKey!.trim();
  const id = uuidv7();
  const wanted = {
    territoryPath: path,
    title: input.title!.trim(),
    description: (input.description ?? '').trim(),
    responsible: input.responsible!.trim(),
    responsibleAgency: (input.responsibleAgency ?? '').trim() || null,
    dueOn: input.dueOn!.trim(),
    ...links,
  };
  const created = await deps.db.transaction().execute(async (trx) => {
    const isNew = await insertAcaAction(trx, { id, ...wanted, createdBy, requestKey });
    if (isNew) {
      await recordAudit(trx, {
        actor: actor ? { type: 'official', id: actor.accountId } : { type: 'system', id: 'situation_room' },
        action: 'situation_room.aca_action_created',
        subject: { type: 'aca_action', id },
        data: { territory: code, dueOn: wanted.dueOn, projects: links.projectIds.length, reports: links.reportCodes.length },
        requestId: options.requestId,
      });
    }
    return isNew;
  });
  const action = created ? await getAcaAction(deps, id) : await findAcaActionByKey(deps.db, createdBy, requestKey);
  if (!action) throw new AppError('SITUATION_ROOM_ACA_NOT_FOUND');
  if (!created && (action.title !== wanted.title || action.territoryPath.join('/') !== path.join('/'))) throw new AppError('SITUATION_ROOM_ACA_KEY_REUSED');
  return { action, created };
}

export interface AcaProgressInput {
  percent?: string | number;
  note?: string;
}

/** Field → message key; empty when valid. */
export function acaProgressErrors(input: AcaProgressInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const percent = String(input.percent ?? '').trim();
  if (!/^\d{1,3}$/.test(percent) || Number(percent) > 100) errors.percent = 'situation_room.aca.error.percent';
  if ((input.note ?? '').trim().length > 1000) errors.note = 'situation_room.aca.error.note';
  return errors;
}

/** A spokesperson's progress update (0–100, 100 is done), under the action's row lock; a done action is not updated again. */
export async function updateAcaProgress(deps: Deps, actor: Actor, id: string, input: AcaProgressInput, requestId?: string): Promise<AcaAction> {
  const action = await getAcaAction(deps, id);
  if (!canEditAca(actor, action.territoryPath)) throw new AppError('SITUATION_ROOM_FORBIDDEN');
  const errors = acaProgressErrors(input);
  if (Object.keys(errors).length > 0) throw invalid(errors);
  const percent = Number(String(input.percent).trim());
  await deps.db.transaction().execute(async (trx) => {
    const locked = await findAcaAction(trx, id, { forUpdate: true });
    if (!locked || locked.status === 'done') throw new AppError('SITUATION_ROOM_ACA_DONE');
    await recordAcaProgress(trx, id, { percent, status: statusOf(percent), note: (input.note ?? '').trim() || null, actor: actor.accountId });
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'situation_room.aca_progress_updated',
      subject: { type: 'aca_action', id },
      data: { from: locked.progress, to: percent },
      requestId,
    });
  });
  return getAcaAction(deps, id);
}

/** The public fields and the overdue flag (never who created or updated it). */
export function acaPublic(a: AcaAction, today: string) {
  return {
    id: a.id,
    territory: a.territoryPath.at(-1)!,
    territoryPath: a.territoryPath,
    title: a.title,
    description: a.description,
    responsible: a.responsible,
    responsibleAgency: a.responsibleAgency,
    dueOn: a.dueOn,
    progress: a.progress,
    status: a.status,
    projects: a.projectIds,
    reports: a.reportCodes,
    overdue: isAcaOverdue(a, today),
  };
}

/** The open dataset `situation_room.aca_actions`: every action's public fields and its overdue flag. */
export async function acaActionRows(deps: Deps): Promise<Array<Record<string, unknown>>> {
  const today = todayIn(deps);
  return (await findAllAcaActions(deps.db, 100_000)).map((a) => {
    const p = acaPublic(a, today);
    return {
      id: p.id,
      territory: p.territory,
      title: p.title,
      description: p.description,
      responsible: p.responsible,
      responsible_agency: p.responsibleAgency,
      due_on: p.dueOn,
      progress: p.progress,
      status: p.status,
      projects: p.projects.join(' '),
      reports: p.reports.join(' '),
      overdue: p.overdue,
    };
  });
}

export const ACA_DATASET_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    territory: { type: 'string', description: 'The commune or communal circuit (territory code)' },
    title: { type: 'string' },
    description: { type: 'string' },
    responsible: { type: 'string', description: 'A committee, spokesperson or agency' },
    responsible_agency: { type: ['string', 'null'], description: 'The responsible agency code, if any' },
    due_on: { type: 'string', format: 'date' },
    progress: { type: 'integer', minimum: 0, maximum: 100 },
    status: { type: 'string', enum: ['planned', 'in_progress', 'done'] },
    projects: { type: 'string', description: 'Linked project ids, separated by spaces' },
    reports: { type: 'string', description: 'Linked report codes (R-n), separated by spaces' },
    overdue: { type: 'boolean', description: 'The deadline passed and it is not done' },
  },
  required: ['id', 'territory', 'title', 'responsible', 'due_on', 'progress', 'status', 'overdue'],
};
