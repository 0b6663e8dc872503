// The plan's administrators shape its structure by form: a new strategic line (with its first
// goal), a new reported indicator under a line (name, unit, baseline, a year's target).
// Audited; a burst of identical submissions adds one (unique title per plan, code per plan).
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { slugOf } from '../../shared/slug.ts';
import { insertLine, insertLineIndicator, lockPlan, selectLines } from './observatory.queries.ts';
import { type Actor, decimal, requirePlanAdmin } from './plans.service.ts';
import { type Line, type Plan, UNITS } from './observatory.types.ts';

export interface LineInput {
  axis: string;
  title: string;
}

export interface LineIndicatorInput {
  line: string;
  name: string;
  unit: string;
  baseline: string;
  target: string;
  targetYear: string;
}

/** The indicator's code from its name (at most 60 characters, the column's rule). */
export function codeOf(name: string): string {
  const slug = slugOf(name).slice(0, 60).replace(/-+$/, '');
  return slug === '' ? 'indicador' : slug;
}

/** A line's axis and title, trimmed and checked (field errors `axis`, `title`). */
export function checkLine(input: LineInput): LineInput {
  const fields: FieldError[] = [];
  const title = input.title.trim();
  const axis = input.axis.trim();
  if (title.length < 3 || title.length > 300) fields.push({ field: 'title', messageKey: 'observatory.errors.lineTitle' });
  if (axis.length > 200) fields.push({ field: 'axis', messageKey: 'observatory.errors.axis' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  return { axis, title };
}

export async function addLine(deps: Deps, actor: Actor, planIdOrCode: string, input: LineInput): Promise<void> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const { axis, title } = checkLine(input);
  const id = uuidv7();
  await deps.db.transaction().execute(async (trx) => {
    await lockPlan(trx, plan.id);
    if (!(await insertLine(trx, { id, goalId: uuidv7(), planId: plan.id, axis, title }))) return;
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'observatory.line_added',
      subject: { type: 'plan', id: plan.id },
      data: { line: id, title },
      requestId: actor.requestId,
    });
  });
}

export async function addLineIndicator(deps: Deps, actor: Actor, planIdOrCode: string, input: LineIndicatorInput): Promise<void> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const lines = await selectLines(deps.db, plan.id);
  const fields: FieldError[] = [];
  const line = lines.find((l) => l.id === input.line);
  if (!line) fields.push({ field: 'line', messageKey: 'observatory.errors.line' });
  const name = input.name.trim();
  if (name.length < 3 || name.length > 300) fields.push({ field: 'name', messageKey: 'observatory.errors.name' });
  if (!UNITS.includes(input.unit as never)) fields.push({ field: 'unit', messageKey: 'observatory.errors.unit' });
  const baseline = decimal(input.baseline);
  if (baseline === undefined || baseline === null) fields.push({ field: 'baseline', messageKey: 'observatory.errors.number' });
  const targetYear = Number(input.targetYear);
  if (!(Number.isInteger(targetYear) && targetYear >= plan.startYear && targetYear <= plan.endYear)) {
    fields.push({ field: 'targetYear', messageKey: 'observatory.errors.targetYear', params: { from: plan.startYear, to: plan.endYear } });
  }
  const target = decimal(input.target);
  if (target === undefined || target === null) fields.push({ field: 'target', messageKey: 'observatory.errors.number' });
  if (fields.length > 0 || !line || baseline == null || target == null) throw new AppError('VALIDATION_FAILED', { fields });
  const id = uuidv7();
  const code = codeOf(name);
  await deps.db.transaction().execute(async (trx) => {
    const row = { id, planId: plan.id, lineId: line.id, code, name, unit: input.unit, baseline, responsibleAgency: plan.ownerAgency, targetYear, target };
    await lockPlan(trx, plan.id);
    if (!(await insertLineIndicator(trx, row))) return;
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'observatory.indicator_added',
      subject: { type: 'indicator', id },
      data: { plan: plan.code, line: line.id, code, targetYear, target },
      requestId: actor.requestId,
    });
  });
}

/** The plan's lines, read from the primary (the page shows a line just added). */
export function listLines(deps: Deps, plan: Plan): Promise<Line[]> {
  return selectLines(deps.db, plan.id);
}
