// The plan's administrators edit its structure: rename a line and change its axis, move it up or
// down, retire it (when none of its indicators is active); add a goal under a line and edit its
// text; retire an indicator. Nothing is deleted: a retired line or indicator keeps its history.
// Each change locks the plan's row for its transaction (as the additions do), so two
// administrators at once take turns; a change that finds nothing to do (a repeated submission,
// a move from a position the line has left) does nothing and records nothing.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import {
  countActiveLineIndicators,
  countActiveLines,
  goalTitleTaken,
  insertGoal,
  lineTitleTaken,
  lockPlan,
  retireIndicator as retireIndicatorRow,
  retireLineAt,
  selectIndicators,
  selectLine,
  selectLineGoals,
  swapLines,
  updateGoal,
  updateLine,
} from './observatory.queries.ts';
import type { Goal, Indicator, Line, Plan } from './observatory.types.ts';
import { type Actor, requirePlanAdmin } from './plans.service.ts';
import { checkLine, type LineInput } from './structure.service.ts';

type Trx = Queryable;

/** What the line page shows: the line, its goals, its active indicators. */
export interface LineDetail {
  plan: Plan;
  line: Line;
  goals: Goal[];
  indicators: Indicator[];
}

const invalid = (field: string, messageKey: string): AppError => new AppError('VALIDATION_FAILED', { fields: [{ field, messageKey }] });

/** One active line of a plan the actor administers (404 for a retired or unknown one). */
export async function lineDetail(deps: Deps, actor: Actor, planIdOrCode: string, lineId: string): Promise<LineDetail> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const line = await selectLine(deps.db, plan.id, lineId);
  if (!line || line.retired) throw new AppError('OBSERVATORY_NOT_FOUND');
  const [goals, indicators] = await Promise.all([selectLineGoals(deps.db, line.id), selectIndicators(deps.db, { planId: plan.id })]);
  const goalIds = new Set(goals.map((g) => g.id));
  return { plan, line, goals, indicators: indicators.filter((i) => goalIds.has(i.goalId) && !i.retired) };
}

/** Runs `work` with the plan locked, on its line as it is now (404 when it is gone or retired meanwhile). */
async function withLockedLine<T>(deps: Deps, plan: Plan, lineId: string, work: (trx: Trx, line: Line) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    await lockPlan(trx, plan.id);
    const line = await selectLine(trx, plan.id, lineId);
    if (!line || line.retired) throw new AppError('OBSERVATORY_NOT_FOUND');
    return work(trx, line);
  });
}

function audit(trx: Trx, actor: Actor, action: string, subject: { type: string; id: string }, data: Record<string, unknown>) {
  return recordAudit(trx, { actor: { type: 'official', id: actor.accountId }, action, subject, data, requestId: actor.requestId });
}

/** Renames a line and sets its axis (the title stays unique in the plan). */
export async function editLine(deps: Deps, actor: Actor, planIdOrCode: string, lineId: string, input: LineInput): Promise<void> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const { axis, title } = checkLine(input);
  await withLockedLine(deps, plan, lineId, async (trx, line) => {
    if (await lineTitleTaken(trx, plan.id, line.id, title)) throw invalid('title', 'observatory.errors.lineTitleTaken');
    if (!(await updateLine(trx, line.id, { axis, title }))) return;
    await audit(trx, actor, 'observatory.line_edited', { type: 'plan', id: plan.id }, { line: line.id, axis, title, previousTitle: line.title });
  });
}

/**
 * Moves a line one place up or down, from the position the administrator saw (`from`): when
 * the line is no longer there (another move came first, a repeated submission) or is already
 * at the edge, nothing happens. The lines' positions stay 1..n.
 */
export async function moveLine(deps: Deps, actor: Actor, planIdOrCode: string, lineId: string, input: { from: string; direction: string }): Promise<boolean> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const from = Number(input.from);
  if (!Number.isInteger(from) || from < 1 || (input.direction !== 'up' && input.direction !== 'down')) throw invalid('direction', 'observatory.errors.move');
  const to = input.direction === 'up' ? from - 1 : from + 1;
  return withLockedLine(deps, plan, lineId, async (trx, line) => {
    if (line.position !== from || to < 1 || to > (await countActiveLines(trx, plan.id))) return false;
    await swapLines(trx, plan.id, from, to);
    await audit(trx, actor, 'observatory.line_moved', { type: 'plan', id: plan.id }, { line: line.id, from, to });
    return true;
  });
}

/** Retires a line none of whose indicators is active (asked for with a confirmation box). */
export async function retireLine(deps: Deps, actor: Actor, planIdOrCode: string, lineId: string, input: { confirm: string }): Promise<void> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  if (input.confirm !== 'yes') throw invalid('confirm', 'observatory.errors.confirmRetire');
  await withLockedLine(deps, plan, lineId, async (trx, line) => {
    const active = await countActiveLineIndicators(trx, line.id);
    if (active > 0) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'confirm', messageKey: 'observatory.errors.lineHasIndicators', params: { count: active } }] });
    await retireLineAt(trx, plan.id, line.id, line.position, await countActiveLines(trx, plan.id));
    await audit(trx, actor, 'observatory.line_retired', { type: 'plan', id: plan.id }, { line: line.id, title: line.title, position: line.position });
  });
}

const goalProblem = (title: string) => title.length < 3 || title.length > 600;

/** A new goal at the end of a line (a goal's text is unique in its line: a repeated submission adds one). */
export async function addGoal(deps: Deps, actor: Actor, planIdOrCode: string, lineId: string, input: { title: string }): Promise<void> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const title = input.title.trim();
  if (goalProblem(title)) throw invalid('newGoal', 'observatory.errors.goal');
  const id = uuidv7();
  await withLockedLine(deps, plan, lineId, async (trx, line) => {
    if (!(await insertGoal(trx, { id, lineId: line.id, title }))) return;
    await audit(trx, actor, 'observatory.goal_added', { type: 'plan', id: plan.id }, { line: line.id, goal: id, title });
  });
}

/** Changes a goal's text (the goal at `position` in the line). */
export async function editGoal(deps: Deps, actor: Actor, planIdOrCode: string, lineId: string, position: number, input: { title: string }): Promise<void> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const field = `goal-${position}`;
  const title = input.title.trim();
  if (goalProblem(title)) throw invalid(field, 'observatory.errors.goal');
  await withLockedLine(deps, plan, lineId, async (trx, line) => {
    const goal = (await selectLineGoals(trx, line.id)).find((g) => g.position === position);
    if (!goal) throw new AppError('OBSERVATORY_NOT_FOUND');
    if (await goalTitleTaken(trx, line.id, goal.id, title)) throw invalid(field, 'observatory.errors.goalTaken');
    if (!(await updateGoal(trx, goal.id, title))) return;
    await audit(trx, actor, 'observatory.goal_edited', { type: 'plan', id: plan.id }, { line: line.id, goal: goal.id, title, previousTitle: goal.title });
  });
}

/** Retires an indicator of the line: off the plan page and the open dataset; its values, targets and history page stay. */
export async function retireLineIndicator(deps: Deps, actor: Actor, planIdOrCode: string, lineId: string, code: string, input: { confirm: string }): Promise<void> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  await withLockedLine(deps, plan, lineId, async (trx, line) => {
    const goalIds = new Set((await selectLineGoals(trx, line.id)).map((g) => g.id));
    const indicator = (await selectIndicators(trx, { planId: plan.id })).find((i) => i.code === code && goalIds.has(i.goalId));
    if (!indicator) throw new AppError('OBSERVATORY_NOT_FOUND');
    if (indicator.retired) return;
    if (input.confirm !== 'yes') throw invalid(`retire-${code}`, 'observatory.errors.confirmRetire');
    if (!(await retireIndicatorRow(trx, indicator.id))) return;
    await audit(trx, actor, 'observatory.indicator_retired', { type: 'indicator', id: indicator.id }, { plan: plan.code, line: line.id, code });
  });
}
