// The statistics engine: modules record figures in their own transactions and read them
// exactly; the observatory and open data read only these. Design and rules: docs/modules.md,
// "Statistics". Tables: migration 003_stats.sql.
import { type RawBuilder, sql } from 'kysely';
import type { Database, Queryable } from '../db/index.ts';
import { bucketOf, percentile } from './histogram.ts';
import { type DeltaRow, deleteFigure, foldDeltas, insertDelta, insertDeltas, selectCells } from './stats.queries.ts';
import { DEFAULT_SUPPRESS_BELOW, type StatRef } from './stats.types.ts';

/** The cell a record falls in: only the dimensions the figure declares may be given (and all of them must). */
export interface StatDims {
  /** A territory code, or its path top level first (then the figure counts for every ancestor's filter). */
  territory?: string | string[];
  agency?: string;
  /** When it happened (default: now); kept to the hour, grouped by day/month/year in a time zone on read. */
  at?: Date;
  /** Free dimensions, by their declared names. */
  [free: string]: string | string[] | Date | undefined;
}

/**
 * Appends one delta row in the caller's transaction (writers never update a shared row).
 * `value`: for a count, the increment (default 1; negative takes back); for a sum, the amount;
 * for a distribution, the observation.
 */
export async function recordStat(trx: Queryable, stat: StatRef, dims: StatDims, value = 1): Promise<void> {
  await insertDelta(trx, statDelta(stat, dims, value));
}

/**
 * Many records of one figure at once (a rebuild, a bulk load): the same checks as
 * `recordStat`, records of the same cell merged, written in batches of delta rows.
 */
export async function recordStats(trx: Queryable, stat: StatRef, records: Iterable<{ dims: StatDims; value?: number }>): Promise<void> {
  const cells = new Map<string, DeltaRow>();
  for (const record of records) {
    const row = statDelta(stat, record.dims, record.value ?? 1);
    const key = JSON.stringify([row.territoryPath, row.agency, row.hour === null ? null : Math.floor(row.hour.getTime() / 3_600_000), row.dims, row.bucket]);
    const cell = cells.get(key);
    if (cell) {
      cell.count += row.count;
      cell.sum += row.sum;
    } else {
      cells.set(key, row);
    }
  }
  const rows = [...cells.values()];
  for (let i = 0; i < rows.length; i += 5000) await insertDeltas(trx, rows.slice(i, i + 5000));
}

/** Deletes every total and pending delta of a figure (before a rebuild from the module's own rows). */
export function clearStat(trx: Queryable, stat: StatRef): Promise<void> {
  return deleteFigure(trx, stat.module, stat.name);
}

/** The delta row one record appends (checked against the figure's declaration); the write pattern embeds these in its statement. */
export function statDelta(stat: StatRef, dims: StatDims, value = 1): DeltaRow {
  if (!Number.isFinite(value)) throw new Error(`stat ${stat.module}.${stat.name}: the value must be a finite number`);
  if (stat.kind === 'count' && !Number.isInteger(value)) throw new Error(`stat ${stat.module}.${stat.name}: a count adds whole numbers`);
  const free: Record<string, string> = {};
  for (const [key, given] of Object.entries(dims)) {
    if (given === undefined || key === 'at') continue;
    if (!stat.dimensions.includes(key) || key === 'time') throw new Error(`stat ${stat.module}.${stat.name} has no dimension ${key}`);
    if (key !== 'territory' && key !== 'agency') {
      if (typeof given !== 'string') throw new Error(`stat ${stat.module}.${stat.name}: dimension ${key} takes a string`);
      free[key] = given;
    }
  }
  for (const dimension of stat.dimensions) {
    if (dimension !== 'time' && dims[dimension] === undefined) throw new Error(`stat ${stat.module}.${stat.name}: dimension ${dimension} is missing`);
  }
  const territory = dims.territory === undefined ? [] : Array.isArray(dims.territory) ? dims.territory : [dims.territory];
  return {
    module: stat.module,
    name: stat.name,
    territoryPath: territory,
    agency: dims.agency ?? '',
    hour: stat.dimensions.includes('time') ? (dims.at ?? new Date()) : null,
    dims: free,
    bucket: stat.kind === 'distribution' ? bucketOf(stat.buckets ?? [], value) : -1,
    count: stat.kind === 'count' ? value : 1,
    sum: stat.kind === 'count' ? 0 : value,
  };
}

/**
 * Folds pending deltas into the hour cells and the day and month cells; run by the platform job
 * `platform:fold_stats` with the country's zone. A zone in `timeZones` that has no rollups yet
 * gets them first, built from the hour cells; the zones already rolled up are always kept.
 * Returns how many delta rows it folded.
 */
export function foldStats(db: Database, options: { timeZones?: readonly string[] } = {}): Promise<number> {
  return foldDeltas(db, options.timeZones ?? []);
}

/** How rows may be grouped: territory (the most specific code), agency, a time period, or a free dimension. */
export type StatGrouping = 'territory' | 'agency' | 'day' | 'month' | 'year' | (string & {});

export interface StatQuery {
  /** Only cells within this territory (the code or any of its ancestors' paths containing it). */
  territory?: string;
  agency?: string;
  /** Half-open time range [from, to). */
  from?: Date;
  to?: Date;
  /** Free dimensions: value wanted. */
  where?: Record<string, string>;
  groupBy?: StatGrouping[];
  /** Time zone of day/month/year groups (the country's, e.g. America/La_Paz); UTC by default. */
  timeZone?: string;
  /** A public read: refused for a figure that is not public; small counts come back suppressed. */
  public?: boolean;
  /** False: add hour cells only, never the day and month cells (the same answer, slower; for tests and benchmarks). */
  rollups?: boolean;
}

export interface StatRow {
  /** The group's values, by grouping name (null where the cell has none). */
  group: Record<string, string | null>;
  /** Null when suppressed. For a count, the total; for a sum or distribution, the number of records. */
  count: number | null;
  /** Null when suppressed or for a count. */
  sum: number | null;
  /** Distribution only: count per bucket (null when suppressed). */
  buckets: number[] | null;
  /** Distribution only: the median estimated from the buckets. */
  median: number | null;
  suppressed: boolean;
}

const PERIOD_FORMATS: Record<string, string> = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY' };

/** Totals plus pending deltas (exact at any moment), filtered and grouped. */
export async function readStat(db: Queryable, stat: StatRef, query: StatQuery = {}): Promise<StatRow[]> {
  if (query.public && !stat.public) throw new Error(`stat ${stat.module}.${stat.name} is not public`);
  const timeZone = query.timeZone ?? 'UTC';
  const groups = (query.groupBy ?? []).map((grouping) => ({ as: grouping, expression: groupExpression(stat, grouping, timeZone) }));
  const filters: RawBuilder<unknown>[] = [];
  if (query.territory !== undefined) filters.push(sql`${query.territory} = ANY(territory_path)`);
  if (query.agency !== undefined) filters.push(sql`agency = ${query.agency}`);
  for (const [dimension, value] of Object.entries(query.where ?? {})) {
    if (!stat.dimensions.includes(dimension) || dimension === 'time') throw new Error(`stat ${stat.module}.${stat.name} has no dimension ${dimension}`);
    filters.push(sql`dims ->> ${dimension} = ${value}`);
  }
  // Day and month cells stand for their hours when the figure has time; grouped by day, no
  // months; grouped by a period, only cells of the zone the periods are in.
  const periods = (query.groupBy ?? []).filter((grouping) => Object.hasOwn(PERIOD_FORMATS, grouping));
  const rollups = query.rollups === false || !stat.dimensions.includes('time') ? null : { zone: timeZone, strict: periods.length > 0, months: !periods.includes('day') };
  const cells = await selectCells(db, { module: stat.module, name: stat.name, groups, filters, from: query.from, to: query.to, rollups });

  const rows = new Map<string, { group: Record<string, string | null>; count: number; sum: number; buckets: number[] }>();
  const bucketCount = (stat.buckets?.length ?? 0) + 1;
  for (const cell of cells) {
    const key = JSON.stringify(cell.group);
    let row = rows.get(key);
    if (!row) {
      row = { group: cell.group, count: 0, sum: 0, buckets: new Array<number>(bucketCount).fill(0) };
      rows.set(key, row);
    }
    row.count += cell.count;
    row.sum += cell.sum;
    if (cell.bucket >= 0) row.buckets[Math.min(cell.bucket, bucketCount - 1)]! += cell.count;
  }
  const threshold = stat.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  return [...rows.values()].map((row) => {
    const suppressed = query.public === true && row.count > 0 && row.count < threshold;
    const distribution = stat.kind === 'distribution';
    return {
      group: row.group,
      count: suppressed ? null : row.count,
      sum: suppressed || stat.kind === 'count' ? null : row.sum,
      buckets: suppressed || !distribution ? null : row.buckets,
      median: suppressed || !distribution ? null : percentile(stat.buckets ?? [], row.buckets, 0.5),
      suppressed,
    };
  });
}

function groupExpression(stat: StatRef, grouping: StatGrouping, timeZone: string): RawBuilder<unknown> {
  const missing = () => new Error(`stat ${stat.module}.${stat.name} cannot be grouped by ${grouping}`);
  if (grouping === 'territory' || grouping === 'agency') {
    if (!stat.dimensions.includes(grouping)) throw missing();
    return grouping === 'territory' ? sql`territory_path[cardinality(territory_path)]` : sql`nullif(agency, '')`;
  }
  const format = PERIOD_FORMATS[grouping];
  if (format) {
    if (!stat.dimensions.includes('time')) throw missing();
    return sql`CASE WHEN hour = '-infinity' THEN NULL ELSE to_char(hour AT TIME ZONE ${timeZone}, ${format}) END`;
  }
  if (!stat.dimensions.includes(grouping) || grouping === 'time') throw missing();
  return sql`dims ->> ${grouping}`;
}

export { median, percentile } from './histogram.ts';
export { defineStats, type StatDeclaration, type StatRef, type StatSet } from './stats.types.ts';
