// Public surface of the territorial registry.
export { territoriesModule } from './module.ts';
export { getTerritory, getTerritoryWithAncestors, listTerritories } from './territory.service.ts';
export type { Territory } from './territory.types.ts';
