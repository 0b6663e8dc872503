// The `stats` declaration of a module: the figures it keeps, declared once (docs/modules.md,
// "Statistics"). A module writes `defineStats('reports', { … })` in its own `*.stats.ts`,
// puts the result in `defineModule({ stats })`, and passes one of its entries to
// `recordStat` and `readStat` (src/platform/stats/stats.ts).
import type { Deps } from '../module.ts';

/** The dimensions the platform knows; any other snake_case name is a free dimension (category, procedure…). */
export const STANDARD_DIMENSIONS = ['territory', 'agency', 'time'] as const;
export type StandardDimension = (typeof STANDARD_DIMENSIONS)[number];

/**
 * - `count`: a counter; each record adds its value (1 by default, negative to take back).
 * - `sum`: a total; each record adds its value to the sum and 1 to the count (so the mean is known).
 * - `distribution`: each record is one observation kept in a histogram bucket (declared
 *   `buckets` edges), plus count and sum: medians and percentiles come from the buckets.
 */
export type StatKind = 'count' | 'sum' | 'distribution';

export interface StatDeclaration {
  kind: StatKind;
  /** What one unit is: 'reports', 'cases', 'hours', 'days', 'bolivianos'… (shown next to figures). */
  unit: string;
  /** Message key of the figure's name (shown by the observatory and in open data). */
  labelKey: string;
  /** A subset of territory, agency and time, plus free snake_case dimensions. */
  dimensions: string[];
  /** Distribution only: ascending bucket edges; bucket i holds values below edge i, the last bucket the rest. */
  buckets?: number[];
  /** Readable by anyone (observatory, open data); otherwise only by the module's own code. */
  public: boolean;
  /** On public reads, a cell whose count is above 0 and below this is shown as suppressed (default 5). */
  suppressBelow?: number;
  /**
   * Open data: how a free dimension that holds internal ids is published. Given the values
   * found, answers the public fields of each (`{ procedure: slug, procedure_name: name }`);
   * they replace the dimension in the published cell. A value it does not answer is published
   * as null, never as the internal id.
   */
  publishAs?: Record<string, DimensionPublisher>;
}

/** Maps a dimension's internal values to the public fields that replace it in open data. */
export type DimensionPublisher = (deps: Deps, values: string[]) => Promise<Map<string, Record<string, string | null>>>;

/** A declared figure, bound to its module and name: what `recordStat` and `readStat` take. */
export interface StatRef extends StatDeclaration {
  module: string;
  name: string;
}

export type StatSet<Names extends string = string> = Record<Names, StatRef>;

export const DEFAULT_SUPPRESS_BELOW = 5;

/** Binds a module's figure declarations to the module (checked at start by checkModuleContract). */
export function defineStats<Names extends string>(module: string, declarations: Record<Names, StatDeclaration>): StatSet<Names> {
  const set = {} as StatSet<Names>;
  for (const [name, declaration] of Object.entries(declarations) as Array<[Names, StatDeclaration]>) {
    set[name] = { ...declaration, module, name };
  }
  return set;
}

/** The problems of one figure's declaration (empty when it is well formed). */
export function statProblems(ref: StatRef): string[] {
  const where = `${ref.module}: stat ${ref.name}`;
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9_]*$/.test(ref.name)) problems.push(`${where}: the name must be snake_case`);
  if (!['count', 'sum', 'distribution'].includes(ref.kind)) problems.push(`${where}: unknown kind ${String(ref.kind)}`);
  if (!ref.unit) problems.push(`${where}: a unit is required`);
  if (new Set(ref.dimensions).size !== ref.dimensions.length) problems.push(`${where}: a dimension is listed twice`);
  for (const dimension of ref.dimensions) {
    if (!/^[a-z][a-z0-9_]*$/.test(dimension)) problems.push(`${where}: dimension ${dimension} must be snake_case`);
  }
  if (ref.kind === 'distribution') {
    const edges = ref.buckets ?? [];
    if (edges.length === 0) problems.push(`${where}: a distribution needs bucket edges`);
    if (edges.some((edge, i) => !Number.isFinite(edge) || (i > 0 && edge <= edges[i - 1]!))) problems.push(`${where}: bucket edges must be finite and ascending`);
  } else if (ref.buckets) {
    problems.push(`${where}: only a distribution has buckets`);
  }
  for (const [dimension, publisher] of Object.entries(ref.publishAs ?? {})) {
    if (!ref.dimensions.includes(dimension) || ['territory', 'agency', 'time'].includes(dimension))
      problems.push(`${where}: publishAs names ${dimension}, which is not a free dimension of the figure`);
    if (typeof publisher !== 'function') problems.push(`${where}: publishAs.${dimension} must be a function`);
  }
  if (ref.suppressBelow !== undefined && !(Number.isInteger(ref.suppressBelow) && ref.suppressBelow >= 0)) {
    problems.push(`${where}: suppressBelow must be a whole number`);
  }
  return problems;
}
