// Use cases of the plans model: read a plan with where each indicator stands, an indicator's
// history, and the administrators' edits (audited, field errors on bad input).
import { uuidv7 } from '../../shared/ids.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { localDate } from '../../platform/country/business-days.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps, RoleGrant } from '../../platform/module.ts';
import { evaluateFormula, formulaProblems, type TermCache } from './figures.service.ts';
import {
  type IndicatorChange,
  insertEvaluation,
  insertPlanSpec,
  selectEvaluations,
  selectGoals,
  selectIndicators,
  selectLines,
  selectPlan,
  selectPlans,
  selectYearlyValues,
  updateIndicator,
  upsertYearlyValue,
} from './observatory.queries.ts';
import { canAdministerPlan } from './observatory.policy.ts';
import {
  DIRECTIONS,
  EVALUATION_KINDS,
  type Evaluation,
  type EvaluationKind,
  type Formula,
  type Indicator,
  type IndicatorStatus,
  type Line,
  type Plan,
  type PlanSpec,
  type PlanView,
  progressOf,
  UNITS,
  type YearlyValue,
} from './observatory.types.ts';

export const currentYear = (deps: Pick<Deps, 'country'>, at = new Date()): number => Number(localDate(deps.country, at).slice(0, 4));

export function listPlans(deps: Deps): Promise<Plan[]> {
  return selectPlans(deps.dbRead);
}

export async function getPlan(deps: Deps, idOrCode: string): Promise<Plan> {
  const plan = await selectPlan(deps.dbRead, idOrCode);
  if (!plan) throw new AppError('OBSERVATORY_NOT_FOUND');
  return plan;
}

/** A plan and its strategic lines, in order (projects name the line they serve). */
export async function getPlanLines(deps: Deps, idOrCode: string): Promise<{ plan: Plan; lines: Line[] }> {
  const plan = await getPlan(deps, idOrCode);
  return { plan, lines: await selectLines(deps.dbRead, plan.id) };
}

/** The target that applies in a year: that year's, else the next year's that has one, else the last one. */
function targetFor(indicator: Indicator, year: number): { target: number | null; targetYear: number | null } {
  const years = Object.keys(indicator.targets)
    .map(Number)
    .sort((a, b) => a - b);
  const chosen = years.find((y) => y >= year) ?? years.at(-1);
  return chosen === undefined ? { target: null, targetYear: null } : { target: indicator.targets[String(chosen)]!, targetYear: chosen };
}

/** An indicator's value in a year: computed live from the figures, or its recorded yearly value. */
async function valueIn(deps: Deps, indicator: Indicator, year: number, recorded: YearlyValue[] | undefined, cache?: TermCache): Promise<number | null> {
  if (indicator.source === 'computed' && indicator.formula) return evaluateFormula(deps, indicator.formula, year, cache);
  const found = (recorded ?? []).filter((v) => v.year <= year).at(-1);
  return found?.value ?? null;
}

export async function statusOf(deps: Deps, indicator: Indicator, year: number, recorded: YearlyValue[] | undefined, cache?: TermCache): Promise<IndicatorStatus> {
  const value = await valueIn(deps, indicator, year, recorded, cache);
  const { target, targetYear } = targetFor(indicator, year);
  return { indicator, year, value, target, targetYear, progress: progressOf(value, target, indicator.baseline, indicator.direction) };
}

/** A plan with every line, goal and indicator, and where each indicator stands in `year` (default this year). */
export async function getPlanView(deps: Deps, idOrCode: string, year = currentYear(deps)): Promise<PlanView> {
  const plan = await getPlan(deps, idOrCode);
  const [allLines, goals, allIndicators] = await Promise.all([
    selectLines(deps.dbRead, plan.id, { withRetired: true }),
    selectGoals(deps.dbRead, plan.id),
    selectIndicators(deps.dbRead, { planId: plan.id }),
  ]);
  // Retired lines and indicators leave the plan page (their history stays readable).
  const lines = allLines.filter((l) => l.position > 0);
  const indicators = allIndicators.filter((i) => !i.retired);
  const values = await selectYearlyValues(
    deps.dbRead,
    indicators.map((i) => i.id),
  );
  const cache: TermCache = new Map();
  const statuses = await Promise.all(indicators.map((i) => statusOf(deps, i, year, values.get(i.id), cache)));
  return {
    plan,
    year,
    lines: lines.map((line) => ({
      ...line,
      goals: goals.filter((g) => g.lineId === line.id).map((goal) => ({ ...goal, indicators: statuses.filter((s) => s.indicator.goalId === goal.id) })),
    })),
    lineTitles: Object.fromEntries(allLines.map((l) => [l.id, l.title])),
  };
}

export interface IndicatorHistory {
  plan: Plan;
  status: IndicatorStatus;
  /** Year by year: the recorded value (snapshots and reports) and the target. */
  years: Array<{ year: number; value: number | null; target: number | null; origin: YearlyValue['origin'] | 'live' | null }>;
}

export async function getIndicatorHistory(deps: Deps, planIdOrCode: string, code: string): Promise<IndicatorHistory> {
  const plan = await getPlan(deps, planIdOrCode);
  const indicator = (await selectIndicators(deps.dbRead, { planId: plan.id })).find((i) => i.code === code);
  if (!indicator) throw new AppError('OBSERVATORY_NOT_FOUND');
  const recorded = (await selectYearlyValues(deps.dbRead, [indicator.id])).get(indicator.id) ?? [];
  const year = currentYear(deps);
  const status = await statusOf(deps, indicator, year, recorded);
  const years = [];
  for (let y = plan.startYear; y <= Math.max(plan.endYear, year); y += 1) {
    const found = recorded.find((v) => v.year === y);
    const live = y === year && indicator.source === 'computed';
    years.push({ year: y, value: live ? status.value : (found?.value ?? null), target: indicator.targets[String(y)] ?? null, origin: live ? ('live' as const) : (found?.origin ?? null) });
  }
  return { plan, status, years };
}

/** The computed indicators' values of a year, kept in the history (the yearly job; idempotent). */
export async function snapshotYear(deps: Deps, year: number): Promise<number> {
  let count = 0;
  for (const plan of await selectPlans(deps.db)) {
    for (const indicator of await selectIndicators(deps.db, { planId: plan.id })) {
      if (indicator.source !== 'computed' || !indicator.formula || indicator.retired) continue;
      await upsertYearlyValue(deps.db, { indicatorId: indicator.id, year, value: await evaluateFormula(deps, indicator.formula, year), origin: 'snapshot' });
      count += 1;
    }
  }
  return count;
}

export interface Actor {
  accountId: string;
  grants: readonly RoleGrant[];
  requestId?: string;
}

export async function requirePlanAdmin(deps: Deps, actor: Actor, planIdOrCode: string): Promise<Plan> {
  const plan = await selectPlan(deps.db, planIdOrCode);
  if (!plan) throw new AppError('OBSERVATORY_NOT_FOUND');
  if (!canAdministerPlan(actor.grants, plan)) throw new AppError('OBSERVATORY_FORBIDDEN');
  return plan;
}

/** What the indicator form sends, as text. */
export interface IndicatorInput {
  name: string;
  unit: string;
  direction: string;
  baseline: string;
  baselineYear: string;
  formula: string;
  responsibleAgency: string;
  targetYear: string;
  target: string;
}

export const decimal = (text: string): number | null | undefined => {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  return /^-?\d{1,12}(\.\d{1,4})?$/.test(trimmed) ? Number(trimmed) : undefined;
};

function parseFormula(deps: Deps, text: string, fields: FieldError[]): Formula | null {
  if (text.trim() === '') return null;
  try {
    const formula = JSON.parse(text) as Formula;
    if (typeof formula?.numerator?.stat !== 'string') throw new Error('no numerator');
    if (formulaProblems(deps, formula).length === 0) return formula;
  } catch {
    // reported below
  }
  fields.push({ field: 'formula', messageKey: 'observatory.errors.formula' });
  return null;
}

/** The plan's administrators edit an indicator and its target for a year; audited. */
export async function editIndicator(deps: Deps, actor: Actor, planIdOrCode: string, code: string, input: IndicatorInput): Promise<Indicator> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const indicator = (await selectIndicators(deps.db, { planId: plan.id })).find((i) => i.code === code);
  if (!indicator) throw new AppError('OBSERVATORY_NOT_FOUND');
  const fields: FieldError[] = [];
  const name = input.name.trim();
  if (name.length < 3 || name.length > 300) fields.push({ field: 'name', messageKey: 'observatory.errors.name' });
  if (!UNITS.includes(input.unit as never)) fields.push({ field: 'unit', messageKey: 'observatory.errors.unit' });
  if (!DIRECTIONS.includes(input.direction as never)) fields.push({ field: 'direction', messageKey: 'observatory.errors.direction' });
  const baseline = decimal(input.baseline);
  if (baseline === undefined) fields.push({ field: 'baseline', messageKey: 'observatory.errors.number' });
  const baselineYear = input.baselineYear.trim() === '' ? null : Number(input.baselineYear);
  if (baselineYear !== null && !(Number.isInteger(baselineYear) && baselineYear >= 1990 && baselineYear <= 2100)) fields.push({ field: 'baselineYear', messageKey: 'observatory.errors.year' });
  const formula = parseFormula(deps, input.formula, fields);
  const responsibleAgency = input.responsibleAgency.trim().toUpperCase();
  if (!/^[A-Z0-9-]{2,20}$/.test(responsibleAgency)) fields.push({ field: 'responsibleAgency', messageKey: 'observatory.errors.agency' });
  const targetYear = Number(input.targetYear);
  if (!(Number.isInteger(targetYear) && targetYear >= plan.startYear && targetYear <= plan.endYear)) {
    fields.push({ field: 'targetYear', messageKey: 'observatory.errors.targetYear', params: { from: plan.startYear, to: plan.endYear } });
  }
  const target = decimal(input.target);
  if (target === undefined) fields.push({ field: 'target', messageKey: 'observatory.errors.number' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const change: IndicatorChange = { name, unit: input.unit, direction: input.direction, baseline: baseline ?? null, baselineYear, formula, responsibleAgency, targetYear, target: target ?? null };
  await deps.db.transaction().execute(async (trx) => {
    await updateIndicator(trx, indicator.id, change);
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'observatory.indicator_edited',
      subject: { type: 'indicator', id: indicator.id },
      data: { plan: plan.code, code, source: formula ? 'computed' : 'reported', targetYear, target: change.target },
      requestId: actor.requestId,
    });
  });
  return (await selectIndicators(deps.db, { id: indicator.id }))[0]!;
}

/** The plan's administrators keep a note of a mid-term or final evaluation; audited. */
export async function addEvaluation(deps: Deps, actor: Actor, planIdOrCode: string, input: { kind: string; year: string; note: string }): Promise<void> {
  const plan = await requirePlanAdmin(deps, actor, planIdOrCode);
  const fields: FieldError[] = [];
  if (!EVALUATION_KINDS.includes(input.kind as EvaluationKind)) fields.push({ field: 'kind', messageKey: 'observatory.errors.kind' });
  const year = Number(input.year);
  if (!(Number.isInteger(year) && year >= plan.startYear && year <= plan.endYear + 1)) fields.push({ field: 'year', messageKey: 'observatory.errors.year' });
  const note = input.note.trim();
  if (note.length < 10 || note.length > 8000) fields.push({ field: 'note', messageKey: 'observatory.errors.note' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const id = uuidv7();
  await deps.db.transaction().execute(async (trx) => {
    await insertEvaluation(trx, { id, planId: plan.id, kind: input.kind as EvaluationKind, year, note, authorId: actor.accountId });
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'observatory.evaluation_added',
      subject: { type: 'plan', id: plan.id },
      data: { evaluation: id, kind: input.kind, year },
      requestId: actor.requestId,
    });
  });
}

export function listEvaluations(deps: Deps, plan: Plan): Promise<Evaluation[]> {
  return selectEvaluations(deps.dbRead, plan.id);
}

/** Creates the demo plans that are not there yet (idempotent). */
export async function ensurePlans(deps: Deps, specs: PlanSpec[]): Promise<void> {
  for (const spec of specs) await deps.db.transaction().execute((trx) => insertPlanSpec(trx, spec, uuidv7));
}
