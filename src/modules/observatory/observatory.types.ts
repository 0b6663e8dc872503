// The plans model (docs/observatory.md): a plan, its strategic lines, each line's goals, each
// goal's indicators; yearly reports of the responsible entities and evaluation notes.
// Domain types only (no I/O).

export type IndicatorUnit = 'percent' | 'count' | 'points';
export type Direction = 'increase' | 'decrease';
export type IndicatorSource = 'computed' | 'reported';
export type EvaluationKind = 'mid_term' | 'final';

export const UNITS: readonly IndicatorUnit[] = ['percent', 'count', 'points'];
export const DIRECTIONS: readonly Direction[] = ['increase', 'decrease'];
export const EVALUATION_KINDS: readonly EvaluationKind[] = ['mid_term', 'final'];

/** One public figure of the `stats` contract, as a formula names it. */
export interface StatTerm {
  /** `module.name`, e.g. `reports.answered_in_time`. */
  stat: string;
  /** count: the records; sum: the total; mean: sum over count (a satisfaction score). Default count. */
  measure?: 'count' | 'sum' | 'mean';
  /** Free dimensions: the value wanted. */
  where?: Record<string, string>;
}

/** numerator / denominator × scale (a share in percent: scale 100); without denominator, the numerator. */
export interface Formula {
  numerator: StatTerm;
  denominator?: StatTerm;
  scale?: number;
}

export interface Plan {
  id: string;
  code: string;
  title: string;
  description: string;
  ownerAgency: string;
  territoryCode: string | null;
  startYear: number;
  endYear: number;
}

export interface Line {
  id: string;
  planId: string;
  position: number;
  axis: string;
  title: string;
}

export interface Goal {
  id: string;
  lineId: string;
  position: number;
  title: string;
}

export interface Indicator {
  id: string;
  planId: string;
  goalId: string;
  code: string;
  position: number;
  name: string;
  unit: IndicatorUnit;
  direction: Direction;
  baseline: number | null;
  baselineYear: number | null;
  source: IndicatorSource;
  formula: Formula | null;
  responsibleAgency: string;
  observatory: boolean;
  /** Retired by the plan's administrators: off the plan page and the open dataset, its history kept. */
  retired: boolean;
  /** Year → target value. */
  targets: Record<string, number>;
}

export interface YearlyValue {
  year: number;
  value: number | null;
  origin: 'snapshot' | 'report';
}

/** Where an indicator stands: its value this year (live for a computed one), the target and the progress. */
export interface IndicatorStatus {
  indicator: Indicator;
  year: number;
  value: number | null;
  target: number | null;
  targetYear: number | null;
  /** 0…1 of the way from the baseline (or 0) to the target; null when either is unknown. */
  progress: number | null;
}

export interface GoalView extends Goal {
  indicators: IndicatorStatus[];
}
export interface LineView extends Line {
  goals: GoalView[];
}
export interface PlanView {
  plan: Plan;
  year: number;
  /** The active lines, with their goals and active indicators. */
  lines: LineView[];
  /** Every line's title by id, retired ones too (a yearly report may name one). */
  lineTitles: Record<string, string>;
}

export interface YearlyReport {
  id: string;
  planId: string;
  agencyCode: string;
  year: number;
  submittedAt: Date;
  lines: Array<{ lineId: string; done: string; evidence: string }>;
  /** Evidence files, per line (served at /observatorio/informes/<id>/archivos/<position>). */
  files: ReportFile[];
}

export interface ReportFile {
  position: number;
  lineId: string;
  filename: string;
  mediaType: string;
  size: number;
}

export interface Evaluation {
  id: string;
  planId: string;
  kind: EvaluationKind;
  year: number;
  note: string;
  createdAt: Date;
}

/** The demo data of a plan (seeds 001 and 003), created idempotently. */
export interface PlanSpec {
  id: string;
  code: string;
  title: string;
  description: string;
  ownerAgency: string;
  startYear: number;
  endYear: number;
  lines: Array<{
    axis: string;
    title: string;
    goals: Array<{
      title: string;
      indicators: Array<{
        code: string;
        name: string;
        unit: IndicatorUnit;
        direction?: Direction;
        baseline?: number;
        baselineYear?: number;
        formula?: Formula;
        responsibleAgency: string;
        observatory?: boolean;
        targets: Record<string, number>;
      }>;
    }>;
  }>;
}

/** The progress from the baseline (0 when none) towards the target, between 0 and 1. */
export function progressOf(value: number | null, target: number | null, baseline: number | null, direction: Direction): number | null {
  if (value === null || target === null) return null;
  const start = baseline ?? 0;
  const span = direction === 'increase' ? target - start : start - target;
  if (span <= 0) return (direction === 'increase' ? value >= target : value <= target) ? 1 : 0;
  const gone = direction === 'increase' ? value - start : start - value;
  return Math.max(0, Math.min(1, gone / span));
}
