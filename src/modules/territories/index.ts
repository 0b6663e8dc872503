// Public surface of the territorial registry.
export { territoriesModule } from './module.ts';
export { getTerritory, getTerritoryWithAncestors, listTerritories } from './territory.service.ts';
/** Versions: each change of a unit with who and why; the unit, or every unit, "as of" an instant. */
export { getTerritoryAsOf, getTerritoryHistory, listTerritoriesAsOf, renameTerritoryUnit } from './territory.service.ts';
/** Boundaries: the administrators' import, and the deepest territory containing a point. */
export { getBoundaryStatus, importBoundaries, locateTerritory, type ImportOutcome, type TerritoryAdmin } from './boundary.service.ts';
/** Layers of named polygons that are not a tree: which features contain a point; the administrators' import. */
export { getLayer, importLayer, listLayers, locateInLayer } from './layer.service.ts';
/** Server-drawn maps: project boundaries to SVG paths, and the accessible SVG component. */
export { projectMap, projectPoint, type MapShapeInput, type ProjectedMap } from './map.ts';
/** A unit with its children and their projected map (the territory pages' and the situation room's). */
export { getTerritoryPage, type TerritoryPage } from './map.service.ts';
export { MapMark, TerritoryMap } from './views/territory.views.tsx';
export type { Point } from './geometry.ts';
export type { Layer, LayerFeature, Names, Territory, TerritoryVersion } from './territory.types.ts';
