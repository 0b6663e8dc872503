// What the situation room shows for a territory (or the whole country): every module's declared
// figures, read only through the stats contract (`readStat` over the platform's cells and
// rollups; never another module's tables), the chosen figure's trend by month, by child
// territory and by agency, and the child territories' map for the choropleth.
import type { Account, RoleAssignment } from '../identity/index.ts';
import { roleGrantsOf } from '../identity/index.ts';
import { getTerritoryPage, getTerritoryWithAncestors, listTerritories, type ProjectedMap, type Territory } from '../territories/index.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps, ModuleDefinition } from '../../platform/module.ts';
import { readStat, type StatQuery, type StatRow } from '../../platform/stats/stats.ts';
import type { StatRef } from '../../platform/stats/stats.types.ts';
import { ROOM_OPERATOR } from './room.types.ts';

/** Every figure the modules declare, in module order: the room's registry (read from the definitions). */
export function figureRegistry(modules: readonly ModuleDefinition[]): StatRef[] {
  return modules.flatMap((m) => Object.values(m.stats ?? {}));
}

export const figureId = (stat: StatRef) => `${stat.module}.${stat.name}`;

/** Whether the person operates the room over this territory (the national room: platform administrators). */
export function isOperator(account: Pick<Account, 'id' | 'isPlatformAdmin'> | null, roles: readonly RoleAssignment[], path: string[] | null): boolean {
  if (!account) return false;
  const grants = roleGrantsOf(account, roles);
  if (hasRole(grants, { role: PLATFORM_ADMIN })) return true;
  return path !== null && hasRole(grants, { role: ROOM_OPERATOR, territory: path });
}

/**
 * The figure a row shows: a count's total, a sum's total, a distribution's median; null when
 * withheld (a small count in public), undefined when there is nothing to show (no observation).
 */
export type FigureValue = number | null | undefined;

export function figureValue(stat: StatRef, row: StatRow | undefined): FigureValue {
  if (!row) return stat.kind === 'distribution' ? undefined : 0;
  if (row.suppressed) return null;
  if (stat.kind === 'count') return row.count ?? 0;
  if (stat.kind === 'sum') return row.sum ?? 0;
  return row.median === null ? undefined : Math.round(row.median * 10) / 10;
}

export interface RoomFigure {
  id: string;
  stat: StatRef;
  value: FigureValue;
}

export interface RoomView {
  /** Null for the national room. */
  territory: Territory | null;
  ancestors: Territory[];
  children: Territory[];
  agency: string | null;
  operator: boolean;
  figures: RoomFigure[];
  chosen: RoomFigure | undefined;
  /** The chosen figure by month, the last 12 months in the country's zone (YYYY-MM). */
  trend: Array<{ month: string; value: FigureValue }>;
  byChild: Array<{ territory: Territory; value: FigureValue }>;
  byAgency: Array<{ agency: string; value: FigureValue }>;
  /** The territory's children drawn for the choropleth; undefined without boundaries (and nationally). */
  map: ProjectedMap | undefined;
}

/** The last `count` months (YYYY-MM) ending with the current one, in a time zone, and the first one's start (UTC, a day early: the read is grouped by month in the zone). */
export function lastMonths(now: Date, timeZone: string, count = 12): { months: string[]; from: Date } {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(now).split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(year, month - 1 - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return { months, from: new Date(Date.UTC(year, month - count, 1) - 86_400_000) };
}

export interface RoomRequest {
  territoryCode: string | null;
  /** `module.name` of the figure to break down; the first visible one by default. */
  figure?: string;
  agency?: string;
  account: Pick<Account, 'id' | 'isPlatformAdmin'> | null;
  roles: readonly RoleAssignment[];
  now?: Date;
}

export async function getRoom(deps: Deps, registry: readonly StatRef[], request: RoomRequest): Promise<RoomView> {
  const chain = request.territoryCode === null ? [] : await getTerritoryWithAncestors(deps, request.territoryCode);
  const territory = chain.at(-1) ?? null;
  const operator = isOperator(request.account, request.roles, territory ? territory.path : null);
  const visible = registry.filter((s) => (s.public || operator) && (territory === null || s.dimensions.includes('territory')));
  if (request.figure !== undefined && !visible.some((s) => figureId(s) === request.figure)) throw new AppError('SITUATION_ROOM_FIGURE_NOT_FOUND');
  const agency = request.agency || undefined;
  const base = (stat: StatRef): StatQuery => ({
    public: !operator,
    timeZone: deps.country.timeZone,
    ...(territory ? { territory: territory.code } : {}),
    ...(agency !== undefined && stat.dimensions.includes('agency') ? { agency } : {}),
  });
  const read = (stat: StatRef, query: StatQuery = {}) => readStat(deps.dbRead, stat, { ...base(stat), ...query });

  const children = await listTerritories(deps, territory?.code ?? null);
  const figures = await Promise.all(visible.map(async (stat) => ({ id: figureId(stat), stat, value: figureValue(stat, (await read(stat))[0]) })));
  const chosen = figures.find((f) => f.id === request.figure) ?? figures.find((f) => f.stat.dimensions.includes('territory')) ?? figures[0];
  const view: RoomView = { territory, ancestors: chain.slice(0, -1), children, agency: agency ?? null, operator, figures, chosen, trend: [], byChild: [], byAgency: [], map: undefined };
  if (!chosen) return view;
  const stat = chosen.stat;
  const { months, from } = lastMonths(request.now ?? new Date(), deps.country.timeZone);
  const [trendRows, childRows, agencyRows, page] = await Promise.all([
    stat.dimensions.includes('time') ? read(stat, { from, groupBy: ['month'] }) : Promise.resolve([]),
    stat.dimensions.includes('territory') ? Promise.all(children.map(async (child) => (await read(stat, { territory: child.code }))[0])) : Promise.resolve([]),
    stat.dimensions.includes('agency') && agency === undefined ? read(stat, { groupBy: ['agency'] }) : Promise.resolve([]),
    territory ? getTerritoryPage(deps, territory.code) : Promise.resolve(undefined),
  ]);
  if (stat.dimensions.includes('time')) {
    const byMonth = new Map(trendRows.map((row) => [row.group.month, row]));
    view.trend = months.map((month) => ({ month, value: figureValue(stat, byMonth.get(month)) }));
  }
  if (stat.dimensions.includes('territory')) view.byChild = children.map((child, i) => ({ territory: child, value: figureValue(stat, childRows[i]) }));
  view.byAgency = agencyRows
    .filter((row) => row.group.agency)
    .map((row) => ({ agency: row.group.agency!, value: figureValue(stat, row) }))
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  view.map = page?.map;
  return view;
}
