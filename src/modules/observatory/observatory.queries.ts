// Every SQL statement of the Observatorio and the plans model (schema `observatory`).
import { sql } from 'kysely';
import { auditedInsert, rowsInto, type AuditedInsert } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { Evaluation, EvaluationKind, Formula, Goal, Indicator, Line, Plan, PlanSpec, ReportFile, YearlyReport, YearlyValue } from './observatory.types.ts';

const rows = rowsInto<Tables>();
const db$ = (db: Queryable) => typed<Tables>(db);
const num = (value: string | number | null): number | null => (value === null ? null : Number(value));

const toPlan = (r: { id: string; code: string; title: string; description: string; owner_agency: string; territory_code: string | null; start_year: number; end_year: number }): Plan => ({
  id: r.id,
  code: r.code,
  title: r.title,
  description: r.description,
  ownerAgency: r.owner_agency,
  territoryCode: r.territory_code,
  startYear: r.start_year,
  endYear: r.end_year,
});

export async function selectPlans(db: Queryable): Promise<Plan[]> {
  return (await db$(db).selectFrom('observatory.plan').selectAll().orderBy('start_year', 'desc').orderBy('code').execute()).map(toPlan);
}

export async function selectPlan(db: Queryable, idOrCode: string): Promise<Plan | undefined> {
  const isId = /^[0-9a-f-]{36}$/.test(idOrCode);
  const row = await db$(db)
    .selectFrom('observatory.plan')
    .selectAll()
    .where(isId ? 'id' : 'code', '=', idOrCode)
    .executeTakeFirst();
  return row ? toPlan(row) : undefined;
}

/** A plan's lines in order: the active ones (positions 1..n), or with the retired ones too (negative positions, after them). */
export async function selectLines(db: Queryable, planId: string, options: { withRetired?: boolean } = {}): Promise<Line[]> {
  const found = await db$(db)
    .selectFrom('observatory.line')
    .selectAll()
    .where('plan_id', '=', planId)
    .$if(!options.withRetired, (q) => q.where('retired_at', 'is', null))
    .orderBy(sql`retired_at IS NOT NULL`)
    .orderBy(sql`abs(position)`)
    .execute();
  return found.map((r) => ({ id: r.id, planId: r.plan_id, position: r.position, axis: r.axis, title: r.title }));
}

export async function selectGoals(db: Queryable, planId: string): Promise<Goal[]> {
  const found = await db$(db)
    .selectFrom('observatory.goal as g')
    .innerJoin('observatory.line as l', 'l.id', 'g.line_id')
    .select(['g.id', 'g.line_id', 'g.position', 'g.title'])
    .where('l.plan_id', '=', planId)
    .orderBy('l.position')
    .orderBy('g.position')
    .execute();
  return found.map((r) => ({ id: r.id, lineId: r.line_id, position: r.position, title: r.title }));
}

/** A plan's indicators with their targets (one statement). */
export async function selectIndicators(db: Queryable, where: { planId: string } | { id: string }): Promise<Indicator[]> {
  const found = await db$(db)
    .selectFrom('observatory.indicator as i')
    .selectAll('i')
    .select(sql<Record<string, string> | null>`(SELECT jsonb_object_agg(t.year::text, t.value) FROM observatory.target t WHERE t.indicator_id = i.id)`.as('targets'))
    .$if('planId' in where, (q) => q.where('i.plan_id', '=', (where as { planId: string }).planId))
    .$if('id' in where, (q) => q.where('i.id', '=', (where as { id: string }).id))
    .orderBy('i.position')
    .execute();
  return found.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    goalId: r.goal_id,
    code: r.code,
    position: r.position,
    name: r.name,
    unit: r.unit as Indicator['unit'],
    direction: r.direction as Indicator['direction'],
    baseline: num(r.baseline),
    baselineYear: r.baseline_year,
    source: r.source as Indicator['source'],
    formula: r.formula as Formula | null,
    responsibleAgency: r.responsible_agency,
    observatory: r.observatory,
    retired: r.retired_at !== null,
    targets: Object.fromEntries(Object.entries(r.targets ?? {}).map(([year, value]) => [year, Number(value)])),
  }));
}

export async function selectYearlyValues(db: Queryable, indicatorIds: string[]): Promise<Map<string, YearlyValue[]>> {
  const byIndicator = new Map<string, YearlyValue[]>();
  if (indicatorIds.length === 0) return byIndicator;
  const found = await db$(db).selectFrom('observatory.yearly_value').selectAll().where('indicator_id', 'in', indicatorIds).orderBy('year').execute();
  for (const r of found) {
    const list = byIndicator.get(r.indicator_id) ?? [];
    list.push({ year: r.year, value: num(r.value), origin: r.origin as YearlyValue['origin'] });
    byIndicator.set(r.indicator_id, list);
  }
  return byIndicator;
}

/** Creates a plan from its spec when its id is not there yet (the demo seed): one transaction by the caller. */
export async function insertPlanSpec(db: Queryable, spec: PlanSpec, ids: () => string): Promise<boolean> {
  const created = await db$(db)
    .insertInto('observatory.plan')
    .values({ id: spec.id, code: spec.code, title: spec.title, description: spec.description, owner_agency: spec.ownerAgency, start_year: spec.startYear, end_year: spec.endYear })
    .onConflict((c) => c.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!created) return false;
  let indicatorPosition = 0;
  for (const [li, line] of spec.lines.entries()) {
    const lineId = ids();
    await db$(db)
      .insertInto('observatory.line')
      .values({ id: lineId, plan_id: spec.id, position: li + 1, axis: line.axis, title: line.title })
      .execute();
    for (const [gi, goal] of line.goals.entries()) {
      const goalId = ids();
      await db$(db)
        .insertInto('observatory.goal')
        .values({ id: goalId, line_id: lineId, position: gi + 1, title: goal.title })
        .execute();
      for (const indicator of goal.indicators) {
        const indicatorId = ids();
        indicatorPosition += 1;
        await db$(db)
          .insertInto('observatory.indicator')
          .values({
            id: indicatorId,
            plan_id: spec.id,
            goal_id: goalId,
            code: indicator.code,
            position: indicatorPosition,
            name: indicator.name,
            unit: indicator.unit,
            direction: indicator.direction ?? 'increase',
            baseline: indicator.baseline ?? null,
            baseline_year: indicator.baselineYear ?? null,
            source: indicator.formula ? 'computed' : 'reported',
            formula: indicator.formula ? JSON.stringify(indicator.formula) : null,
            responsible_agency: indicator.responsibleAgency,
            observatory: indicator.observatory ?? false,
          })
          .execute();
        const targets = Object.entries(indicator.targets).map(([year, value]) => ({ indicator_id: indicatorId, year: Number(year), value }));
        if (targets.length > 0) await db$(db).insertInto('observatory.target').values(targets).execute();
      }
    }
  }
  return true;
}

export interface IndicatorChange {
  name: string;
  unit: string;
  direction: string;
  baseline: number | null;
  baselineYear: number | null;
  formula: Formula | null;
  responsibleAgency: string;
  targetYear: number;
  target: number | null;
}

/** Updates an indicator and its target for one year (the caller's transaction holds the audit entry). */
export async function updateIndicator(db: Queryable, id: string, change: IndicatorChange): Promise<void> {
  await db$(db)
    .updateTable('observatory.indicator')
    .set({
      name: change.name,
      unit: change.unit,
      direction: change.direction,
      baseline: change.baseline,
      baseline_year: change.baselineYear,
      source: change.formula ? 'computed' : 'reported',
      formula: change.formula ? JSON.stringify(change.formula) : null,
      responsible_agency: change.responsibleAgency,
    })
    .where('id', '=', id)
    .execute();
  if (change.target === null) {
    await db$(db).deleteFrom('observatory.target').where('indicator_id', '=', id).where('year', '=', change.targetYear).execute();
  } else {
    await db$(db)
      .insertInto('observatory.target')
      .values({ indicator_id: id, year: change.targetYear, value: change.target })
      .onConflict((c) => c.columns(['indicator_id', 'year']).doUpdateSet({ value: change.target! }))
      .execute();
  }
}

/** Keeps one year's value of an indicator (a snapshot or a reported figure): the last write wins. */
export async function upsertYearlyValue(db: Queryable, value: { indicatorId: string; year: number; value: number | null; origin: 'snapshot' | 'report'; reportId?: string }): Promise<void> {
  await db$(db)
    .insertInto('observatory.yearly_value')
    .values({ indicator_id: value.indicatorId, year: value.year, value: value.value, origin: value.origin, report_id: value.reportId ?? null })
    .onConflict((c) => c.columns(['indicator_id', 'year']).doUpdateSet({ value: value.value, origin: value.origin, report_id: value.reportId ?? null, recorded_at: sql`now()` }))
    .execute();
}

export interface NewReport {
  id: string;
  planId: string;
  agencyCode: string;
  year: number;
  submittedBy: string;
  lines: Array<{ lineId: string; done: string; evidence: string }>;
  /** Evidence files already in the file store. */
  files: Array<ReportFile & { sha256: string }>;
}

/** The report, its lines and its audit entry in one statement; undefined when the agency already reported that year. */
export async function insertReportAudited(db: Queryable, report: NewReport, consequences: Pick<AuditedInsert<{ id: string }>, 'audit' | 'events' | 'stats'>): Promise<{ id: string } | undefined> {
  return auditedInsert(db, {
    insert: rows('observatory.yearly_report', { id: report.id, plan_id: report.planId, agency_code: report.agencyCode, year: report.year, submitted_by: report.submittedBy }),
    returning: sql<{ id: string }>`id`,
    onConflictDoNothing: true,
    also: [
      ...report.lines.map((line) => rows('observatory.report_line', { report_id: report.id, line_id: line.lineId, done: line.done, evidence: line.evidence })),
      ...report.files.map((file) =>
        rows('observatory.report_file', {
          report_id: report.id,
          position: file.position,
          line_id: file.lineId,
          sha256: file.sha256,
          filename: file.filename,
          media_type: file.mediaType,
          size: file.size,
        }),
      ),
    ],
    ...consequences,
  });
}

export async function selectReports(db: Queryable, planId: string, filter: { agencyCode?: string; year?: number } = {}): Promise<YearlyReport[]> {
  const found = await db$(db)
    .selectFrom('observatory.yearly_report as r')
    .selectAll('r')
    .select(
      sql<
        Array<{ line_id: string; done: string; evidence: string }>
      >`coalesce((SELECT jsonb_agg(jsonb_build_object('line_id', l.line_id, 'done', l.done, 'evidence', l.evidence)) FROM observatory.report_line l WHERE l.report_id = r.id), '[]')`.as('lines'),
    )
    .select(
      sql<
        Array<{ position: number; line_id: string; filename: string; media_type: string; size: number }>
      >`coalesce((SELECT jsonb_agg(jsonb_build_object('position', f.position, 'line_id', f.line_id, 'filename', f.filename, 'media_type', f.media_type, 'size', f.size) ORDER BY f.position) FROM observatory.report_file f WHERE f.report_id = r.id), '[]')`.as(
        'files',
      ),
    )
    .where('r.plan_id', '=', planId)
    .$if(filter.agencyCode !== undefined, (q) => q.where('r.agency_code', '=', filter.agencyCode!))
    .$if(filter.year !== undefined, (q) => q.where('r.year', '=', filter.year!))
    .orderBy('r.year', 'desc')
    .orderBy('r.agency_code')
    .execute();
  return found.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    agencyCode: r.agency_code,
    year: r.year,
    submittedAt: r.submitted_at,
    lines: r.lines.map((l) => ({ lineId: l.line_id, done: l.done, evidence: l.evidence })),
    files: r.files.map((f) => ({ position: f.position, lineId: f.line_id, filename: f.filename, mediaType: f.media_type, size: f.size })),
  }));
}

export async function insertEvaluation(db: Queryable, evaluation: { id: string; planId: string; kind: EvaluationKind; year: number; note: string; authorId: string }): Promise<void> {
  await db$(db)
    .insertInto('observatory.evaluation')
    .values({ id: evaluation.id, plan_id: evaluation.planId, kind: evaluation.kind, year: evaluation.year, note: evaluation.note, author_id: evaluation.authorId })
    .execute();
}

export async function selectEvaluations(db: Queryable, planId: string): Promise<Evaluation[]> {
  const found = await db$(db).selectFrom('observatory.evaluation').selectAll().where('plan_id', '=', planId).orderBy('year', 'desc').orderBy('created_at', 'desc').execute();
  return found.map((r) => ({ id: r.id, planId: r.plan_id, kind: r.kind as EvaluationKind, year: r.year, note: r.note, createdAt: r.created_at }));
}

/** One evidence file of a report (the public page links them). */
export async function selectReportFile(db: Queryable, reportId: string, position: number): Promise<{ sha256: string; filename: string } | undefined> {
  return db$(db).selectFrom('observatory.report_file').select(['sha256', 'filename']).where('report_id', '=', reportId).where('position', '=', position).executeTakeFirst();
}

/** What an account did in the plans ("Mis datos"): the yearly reports it filed and the evaluation notes it wrote (with their text). */
export async function selectAccountRecords(db: Queryable, accountId: string) {
  const [reports, evaluations] = await Promise.all([
    db$(db)
      .selectFrom('observatory.yearly_report as r')
      .innerJoin('observatory.plan as p', 'p.id', 'r.plan_id')
      .select(['p.code as plan', 'r.agency_code', 'r.year', sql<string>`to_json(r.submitted_at) #>> '{}'`.as('submitted_at')])
      .where('r.submitted_by', '=', accountId)
      .orderBy('r.submitted_at', 'desc')
      .execute(),
    db$(db)
      .selectFrom('observatory.evaluation as e')
      .innerJoin('observatory.plan as p', 'p.id', 'e.plan_id')
      .select(['p.code as plan', 'e.kind', 'e.year', 'e.note', sql<string>`to_json(e.created_at) #>> '{}'`.as('created_at')])
      .where('e.author_id', '=', accountId)
      .orderBy('e.created_at', 'desc')
      .execute(),
  ]);
  return { reports, evaluations };
}

/** Agencies owning a plan whose years include `year`. */
export async function selectPlanOwnersInForce(db: Queryable, year: number): Promise<string[]> {
  const found = await db$(db).selectFrom('observatory.plan').select('owner_agency').distinct().where('start_year', '<=', year).where('end_year', '>=', year).execute();
  return found.map((r) => r.owner_agency);
}

/** Agencies that filed a yearly report (on any plan) for `year`. */
export async function selectReportingAgencies(db: Queryable, year: number): Promise<string[]> {
  const found = await db$(db).selectFrom('observatory.yearly_report').select('agency_code').distinct().where('year', '=', year).execute();
  return found.map((r) => r.agency_code);
}

/**
 * Locks the plan's row until the transaction ends: additions to one plan's structure take their
 * positions one after another (max + 1), so two different ones at once both land.
 */
export async function lockPlan(db: Queryable, planId: string): Promise<void> {
  await db$(db).selectFrom('observatory.plan').select('id').where('id', '=', planId).forUpdate().execute();
}

/** A new strategic line at the end of the plan, with its first goal (same title); null when the plan has the title already. */
export async function insertLine(db: Queryable, line: { id: string; goalId: string; planId: string; axis: string; title: string }): Promise<string | null> {
  const created = await db$(db)
    .insertInto('observatory.line')
    .values((eb) => ({
      id: line.id,
      plan_id: line.planId,
      axis: line.axis,
      title: line.title,
      // Retired lines hold negative positions: the new one follows the last active line.
      position: eb.selectFrom('observatory.line').select(sql<number>`greatest(coalesce(max(position), 0), 0) + 1`.as('p')).where('plan_id', '=', line.planId),
    }))
    .onConflict((c) => c.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!created) return null;
  await db$(db).insertInto('observatory.goal').values({ id: line.goalId, line_id: line.id, position: 1, title: line.title }).execute();
  return created.id;
}

/** A reported indicator under a line's first goal, with its target; false when the plan has the code already. */
export async function insertLineIndicator(
  db: Queryable,
  row: { id: string; planId: string; lineId: string; code: string; name: string; unit: string; baseline: number; responsibleAgency: string; targetYear: number; target: number },
): Promise<boolean> {
  const created = await db$(db)
    .insertInto('observatory.indicator')
    .columns(['id', 'plan_id', 'goal_id', 'code', 'position', 'name', 'unit', 'direction', 'baseline', 'source', 'responsible_agency'])
    .expression((eb) =>
      eb
        .selectFrom('observatory.goal as g')
        .select([
          sql.val(row.id).as('id'),
          sql.val(row.planId).as('plan_id'),
          'g.id as goal_id',
          sql.val(row.code).as('code'),
          eb.selectFrom('observatory.indicator').select(sql<number>`coalesce(max(position), 0) + 1`.as('p')).where('plan_id', '=', row.planId).as('position'),
          sql.val(row.name).as('name'),
          sql.val(row.unit).as('unit'),
          sql.lit('increase').as('direction'),
          sql.val(row.baseline).as('baseline'),
          sql.lit('reported').as('source'),
          sql.val(row.responsibleAgency).as('responsible_agency'),
        ])
        .where('g.line_id', '=', row.lineId)
        .orderBy('g.position')
        .limit(1),
    )
    .onConflict((c) => c.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!created) return false;
  await db$(db).insertInto('observatory.target').values({ indicator_id: row.id, year: row.targetYear, value: row.target }).execute();
  return true;
}

// Editing the structure: every statement below runs in the caller's transaction, after lockPlan.

/** One line of a plan (retired ones too), or undefined. */
export async function selectLine(db: Queryable, planId: string, lineId: string): Promise<(Line & { retired: boolean }) | undefined> {
  const r = await db$(db).selectFrom('observatory.line').selectAll().where('plan_id', '=', planId).where('id', '=', lineId).executeTakeFirst();
  return r ? { id: r.id, planId: r.plan_id, position: r.position, axis: r.axis, title: r.title, retired: r.retired_at !== null } : undefined;
}

/** Whether another line of the plan has this title (the title is unique in its plan, retired lines included). */
export async function lineTitleTaken(db: Queryable, planId: string, lineId: string, title: string): Promise<boolean> {
  const found = await db$(db).selectFrom('observatory.line').select('id').where('plan_id', '=', planId).where('title', '=', title).where('id', '<>', lineId).executeTakeFirst();
  return found !== undefined;
}

/** Renames an active line and sets its axis; false when nothing changed. */
export async function updateLine(db: Queryable, lineId: string, change: { axis: string; title: string }): Promise<boolean> {
  const updated = await db$(db)
    .updateTable('observatory.line')
    .set({ axis: change.axis, title: change.title })
    .where('id', '=', lineId)
    .where('retired_at', 'is', null)
    .where(sql<boolean>`(axis, title) IS DISTINCT FROM (${change.axis}, ${change.title})`)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Gives the active line at `position` the position `to` (free): one row at a time, so the unique (plan, position) holds. */
async function setLinePosition(db: Queryable, planId: string, from: number, to: number): Promise<void> {
  await db$(db).updateTable('observatory.line').set({ position: to }).where('plan_id', '=', planId).where('position', '=', from).execute();
}

/** Swaps the active lines at positions `a` and `b` (both taken); position 0 is never a line's. */
export async function swapLines(db: Queryable, planId: string, a: number, b: number): Promise<void> {
  await setLinePosition(db, planId, a, 0);
  await setLinePosition(db, planId, b, a);
  await setLinePosition(db, planId, 0, b);
}

/** How many active lines the plan has (their positions are 1..n). */
export async function countActiveLines(db: Queryable, planId: string): Promise<number> {
  const row = await db$(db).selectFrom('observatory.line').select(sql<number>`count(*)::int`.as('n')).where('plan_id', '=', planId).where('retired_at', 'is', null).executeTakeFirstOrThrow();
  return row.n;
}

/** How many active indicators hang from the line's goals. */
export async function countActiveLineIndicators(db: Queryable, lineId: string): Promise<number> {
  const row = await db$(db)
    .selectFrom('observatory.indicator as i')
    .innerJoin('observatory.goal as g', 'g.id', 'i.goal_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('g.line_id', '=', lineId)
    .where('i.retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Retires the active line at `position`: it takes the next negative position (out of the
 * sequence) and the lines after it move up one, so the active ones keep 1..n.
 */
export async function retireLineAt(db: Queryable, planId: string, lineId: string, position: number, activeCount: number): Promise<void> {
  const lowest = await db$(db).selectFrom('observatory.line').select(sql<number>`least(coalesce(min(position), 0), 0)`.as('p')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
  await db$(db)
    .updateTable('observatory.line')
    .set({ retired_at: sql`now()`, position: lowest.p - 1 })
    .where('id', '=', lineId)
    .execute();
  for (let p = position + 1; p <= activeCount; p += 1) await setLinePosition(db, planId, p, p - 1);
}

export async function selectLineGoals(db: Queryable, lineId: string): Promise<Goal[]> {
  const found = await db$(db).selectFrom('observatory.goal').selectAll().where('line_id', '=', lineId).orderBy('position').execute();
  return found.map((r) => ({ id: r.id, lineId: r.line_id, position: r.position, title: r.title }));
}

/** A goal at the end of its line; false when the line has that title already. */
export async function insertGoal(db: Queryable, goal: { id: string; lineId: string; title: string }): Promise<boolean> {
  const created = await db$(db)
    .insertInto('observatory.goal')
    .values((eb) => ({
      id: goal.id,
      line_id: goal.lineId,
      title: goal.title,
      position: eb.selectFrom('observatory.goal').select(sql<number>`coalesce(max(position), 0) + 1`.as('p')).where('line_id', '=', goal.lineId),
    }))
    .onConflict((c) => c.doNothing())
    .returning('id')
    .executeTakeFirst();
  return created !== undefined;
}

/** Whether another goal of the line has this title. */
export async function goalTitleTaken(db: Queryable, lineId: string, goalId: string, title: string): Promise<boolean> {
  const found = await db$(db).selectFrom('observatory.goal').select('id').where('line_id', '=', lineId).where('title', '=', title).where('id', '<>', goalId).executeTakeFirst();
  return found !== undefined;
}

/** Changes a goal's text; false when it was the same. */
export async function updateGoal(db: Queryable, goalId: string, title: string): Promise<boolean> {
  const updated = await db$(db).updateTable('observatory.goal').set({ title }).where('id', '=', goalId).where('title', '<>', title).returning('id').executeTakeFirst();
  return updated !== undefined;
}

/** Retires an indicator (its values and targets stay); false when it was retired already. */
export async function retireIndicator(db: Queryable, indicatorId: string): Promise<boolean> {
  const updated = await db$(db).updateTable('observatory.indicator').set({ retired_at: sql`now()` }).where('id', '=', indicatorId).where('retired_at', 'is', null).returning('id').executeTakeFirst();
  return updated !== undefined;
}
