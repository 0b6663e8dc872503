// Reports on the situation room's map (the module contract's `mapPoints`): public, as the reports
// themselves are (a hidden report never); the category names what each is, never its text.
import type { MapPointsDeclaration } from '../../platform/module.ts';
import { findReportPoints } from './map-points.queries.ts';

export const reportsMapPoints: MapPointsDeclaration = {
  labelKey: 'reports.mapPoints.label',
  list: async (deps, query) =>
    (await findReportPoints(deps.dbRead, query)).map((r) => ({
      kind: 'report',
      ref: String(r.id),
      title: r.categoryName[query.locale],
      lat: r.lat,
      lon: r.lon,
      href: `/reportes/${r.id}`,
    })),
};
