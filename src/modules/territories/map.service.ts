// What the public territory pages and the boundary API read: a unit's boundary, and a map of
// a unit with its children (or of a layer) projected for SVG.
import type { Deps } from '../../platform/module.ts';
import { findBoundary, findShapes } from './boundary.queries.ts';
import type { BoundaryGeometry } from './geometry.ts';
import { getLayer } from './layer.service.ts';
import { type MapShapeInput, type ProjectedMap, projectMap } from './map.ts';
import { getTerritory, getTerritoryWithAncestors, listTerritories } from './territory.service.ts';
import type { Layer, Names, Territory } from './territory.types.ts';

export async function getTerritoryBoundary(deps: Pick<Deps, 'db'>, code: string): Promise<{ territory: Territory; boundary: BoundaryGeometry | null }> {
  const [territory, boundary] = await Promise.all([getTerritory(deps, code), findBoundary(deps.db, code)]);
  return { territory, boundary };
}

export interface TerritoryPage {
  territory: Territory;
  ancestors: Territory[];
  children: Array<Territory & { hasBoundary: boolean }>;
  hasBoundary: boolean;
  /** Undefined when neither the unit nor any child has a boundary. */
  map: ProjectedMap | undefined;
}

/** A unit, the units above it, its children and their map (the unit under its children). */
export async function getTerritoryPage(deps: Pick<Deps, 'db'>, code: string): Promise<TerritoryPage> {
  const chain = await getTerritoryWithAncestors(deps, code);
  const territory = chain[chain.length - 1]!;
  const [children, shapes] = await Promise.all([listTerritories(deps, territory.code), findShapes(deps.db, territory.code)]);
  const withBoundary = new Set(shapes.children.filter((s) => s.boundary).map((s) => s.code));
  const inputs: MapShapeInput[] = [];
  if (shapes.territory?.boundary) inputs.push({ code: territory.code, label: territory.name, geometry: shapes.territory.boundary, role: 'frame' });
  for (const child of shapes.children) {
    if (child.boundary) inputs.push({ code: child.code, label: child.name, geometry: child.boundary, role: 'part', href: `/territorios/${child.code}` });
  }
  return {
    territory,
    ancestors: chain.slice(0, -1),
    children: children.map((c) => ({ ...c, hasBoundary: withBoundary.has(c.code) })),
    hasBoundary: shapes.territory?.boundary != null,
    map: projectMap(inputs),
  };
}

/** A layer with its features' names and its map. */
export async function getLayerPage(
  deps: Pick<Deps, 'db'>,
  code: string,
  locale: keyof Names,
): Promise<{ layer: Layer; features: Array<{ code: string; name: Names }>; map: ProjectedMap | undefined }> {
  const { layer, features } = await getLayer(deps, code);
  const map = projectMap(features.map((f) => ({ code: f.code, label: f.name[locale], geometry: f.boundary, role: 'part' as const })));
  return { layer, features: features.map((f) => ({ code: f.code, name: f.name })), map };
}
