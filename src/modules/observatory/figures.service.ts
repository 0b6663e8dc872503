// Computed indicators: evaluated from the platform's public figures (the `stats` contract),
// through readStat over the rollups; never another module's tables (docs/observatory.md).
import type { Deps, ModuleDefinition } from '../../platform/module.ts';
import { readStat } from '../../platform/stats/stats.ts';
import type { StatRef } from '../../platform/stats/stats.types.ts';
import type { Formula, StatTerm } from './observatory.types.ts';

// The public figures every module declares, by `module.name`; built once per application
// from the modules it loaded, kept by its connection pool (shared by every copy of its deps:
// routes, jobs, open data's reads), so several applications in one process stay apart.
const registries = new WeakMap<object, Map<string, StatRef>>();

export function registerFigures(deps: Deps, modules: readonly ModuleDefinition[]): void {
  const figures = new Map<string, StatRef>();
  for (const module of modules) for (const stat of Object.values(module.stats ?? {})) if (stat.public) figures.set(`${module.name}.${stat.name}`, stat);
  registries.set(deps.pool, figures);
}

export function publicFigure(deps: Deps, name: string): StatRef | undefined {
  return registries.get(deps.pool)?.get(name);
}

/** The problems of a formula: every figure it names must be public and take the dimensions given. */
export function formulaProblems(deps: Deps, formula: Formula): string[] {
  const problems: string[] = [];
  for (const term of [formula.numerator, formula.denominator]) {
    if (!term) continue;
    const stat = publicFigure(deps, term.stat);
    if (!stat) {
      problems.push(`unknown figure ${term.stat}`);
      continue;
    }
    for (const dimension of Object.keys(term.where ?? {})) if (!stat.dimensions.includes(dimension) || dimension === 'time') problems.push(`${term.stat} has no dimension ${dimension}`);
    if ((term.measure === 'sum' || term.measure === 'mean') && stat.kind === 'count') problems.push(`${term.stat} is a count`);
  }
  return problems;
}

/** Terms already read in one pass (a page reads the same denominator for several indicators). */
export type TermCache = Map<string, Promise<number | null>>;

const DAY = 86_400_000;

/** One term's value in a year (the country's calendar); null when unknown or suppressed. */
function termValue(deps: Deps, term: StatTerm, year: number, cache?: TermCache): Promise<number | null> {
  const key = JSON.stringify([term.stat, term.measure ?? 'count', term.where ?? {}, year]);
  const cached = cache?.get(key);
  if (cached) return cached;
  const read = readTerm(deps, term, year);
  cache?.set(key, read);
  return read;
}

async function readTerm(deps: Deps, term: StatTerm, year: number): Promise<number | null> {
  const stat = publicFigure(deps, term.stat);
  if (!stat) return null;
  const timed = stat.dimensions.includes('time');
  // The UTC year with a day's margin on each side holds the local year whatever the zone; the
  // grouping by year in the country's zone then keeps exactly its cells (day and month cells
  // inside the range, hour cells at its edges).
  const range = timed ? { from: new Date(Date.UTC(year, 0, 1) - DAY), to: new Date(Date.UTC(year + 1, 0, 1) + DAY) } : {};
  const found = await readStat(deps.dbRead, stat, { public: true, where: term.where, groupBy: timed ? ['year'] : [], timeZone: deps.country.timeZone, ...range });
  const row = timed ? found.find((r) => r.group.year === String(year)) : found[0];
  if (!row) return 0;
  if (row.suppressed || row.count === null) return null;
  const measure = term.measure ?? 'count';
  if (measure === 'count') return row.count;
  if (measure === 'sum') return row.sum;
  return row.count === 0 || row.sum === null ? null : row.sum / row.count;
}

/** A formula's value in a year: numerator / denominator × scale, rounded to 2 decimals; null when unknown. */
export async function evaluateFormula(deps: Deps, formula: Formula, year: number, cache?: TermCache): Promise<number | null> {
  const [numerator, denominator] = await Promise.all([termValue(deps, formula.numerator, year, cache), formula.denominator ? termValue(deps, formula.denominator, year, cache) : Promise.resolve(1)]);
  if (numerator === null || denominator === null || denominator === 0) return null;
  return Math.round((numerator / denominator) * (formula.scale ?? 1) * 100) / 100;
}

/** The names of the public figures a formula may use (the edit form lists them). */
export function publicFigureNames(deps: Deps): string[] {
  return [...(registries.get(deps.pool)?.keys() ?? [])].sort();
}
