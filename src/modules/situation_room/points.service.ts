// The room's map of points: every module's `mapPoints` declaration (the module contract), public
// items only (a hidden report never), at most `MAP_POINTS` per module, drawn on the territory's
// own map (`getTerritoryPage`) and listed in a table beside it. The room never reads a module's tables.
import type { Deps, MapPointItem, MapPointsDeclaration, ModuleDefinition } from '../../platform/module.ts';
import { projectPoint, type ProjectedMap } from '../territories/index.ts';

export interface MapPointSource {
  module: string;
  declaration: MapPointsDeclaration;
}

export interface RoomPoint extends MapPointItem {
  /** Message key naming the kind of item (the declaring module's `labelKey`). */
  labelKey: string;
  /** The declaring module's place among the sources: its mark on the map, the same in every room. */
  mark: number;
  /** Its place on the room's map; undefined when the map does not reach it (or there is no map). */
  at: { x: number; y: number } | undefined;
}

/** Every module that declares items with a point, in module order. */
export function mapPointSources(modules: readonly ModuleDefinition[]): MapPointSource[] {
  return modules.flatMap((m) => (m.mapPoints ? [{ module: m.name, declaration: m.mapPoints }] : []));
}

/** At most this many items of each declaring module on a room's map (the newest). */
export const MAP_POINTS = 50;

export async function roomPoints(
  deps: Deps,
  sources: readonly MapPointSource[],
  scope: { territory: string; locale: 'es' | 'en'; map: ProjectedMap | undefined },
  limit = MAP_POINTS,
): Promise<RoomPoint[]> {
  const lists = await Promise.all(
    sources.map(async (s, mark) =>
      (await s.declaration.list(deps, { territory: scope.territory, limit, locale: scope.locale })).slice(0, limit).map((item) => ({
        ...item,
        labelKey: s.declaration.labelKey,
        mark,
        at: scope.map ? projectPoint(scope.map, item.lon, item.lat) : undefined,
      })),
    ),
  );
  return lists.flat();
}
