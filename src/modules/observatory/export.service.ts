// The Observatorio's figures as open data: every indicator of every plan with where it
// stands this year (the `indicators` dataset, the CSV export and the JSON API read this).
import type { Deps } from '../../platform/module.ts';
import { getPlanView, listPlans } from './plans.service.ts';

export interface IndicatorRow {
  plan: string;
  line: string;
  goal: string;
  indicator: string;
  name: string;
  unit: string;
  source: string;
  responsible_agency: string;
  observatory: boolean;
  year: number;
  value: number | null;
  target: number | null;
  target_year: number | null;
  baseline: number | null;
  progress: number | null;
}

export async function indicatorRows(deps: Deps, planIdOrCode: string): Promise<IndicatorRow[]> {
  const view = await getPlanView(deps, planIdOrCode);
  return view.lines.flatMap((line) =>
    line.goals.flatMap((goal) =>
      goal.indicators.map((s) => ({
        plan: view.plan.code,
        line: line.title,
        goal: goal.title,
        indicator: s.indicator.code,
        name: s.indicator.name,
        unit: s.indicator.unit,
        source: s.indicator.source,
        responsible_agency: s.indicator.responsibleAgency,
        observatory: s.indicator.observatory,
        year: s.year,
        value: s.value,
        target: s.target,
        target_year: s.targetYear,
        baseline: s.indicator.baseline,
        progress: s.progress === null ? null : Math.round(s.progress * 1000) / 1000,
      })),
    ),
  );
}

export async function allIndicatorRows(deps: Deps): Promise<IndicatorRow[]> {
  const rows: IndicatorRow[] = [];
  for (const plan of await listPlans(deps)) rows.push(...(await indicatorRows(deps, plan.id)));
  return rows;
}

const COLUMNS: Array<keyof IndicatorRow> = [
  'plan',
  'line',
  'goal',
  'indicator',
  'name',
  'unit',
  'source',
  'responsible_agency',
  'observatory',
  'year',
  'value',
  'target',
  'target_year',
  'baseline',
  'progress',
];

const cell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  // A cell that a spreadsheet would run as a formula is quoted with a leading apostrophe.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** RFC 4180 CSV of a plan's indicators (header first, CRLF line ends). */
export async function indicatorsCsv(deps: Deps, planIdOrCode: string): Promise<string> {
  const rows = await indicatorRows(deps, planIdOrCode);
  return `${[COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => cell(row[c])).join(','))].join('\r\n')}\r\n`;
}
