// Projects on the situation room's map (the module contract's `mapPoints`): public, with their title.
import type { MapPointsDeclaration } from '../../platform/module.ts';
import { findProjectPoints } from './map-points.queries.ts';

export const projectsMapPoints: MapPointsDeclaration = {
  labelKey: 'projects.mapPoints.label',
  list: async (deps, query) => (await findProjectPoints(deps.dbRead, query)).map((p) => ({ kind: 'project', ref: p.id, title: p.title, lat: p.lat, lon: p.lon, href: `/proyectos/${p.id}` })),
};
