// Reports on the situation room's map (the module contract's `mapPoints`): public, as the reports
// themselves are (a hidden report never); the category names what each is, never its text.
import type { Deps, MapPointsDeclaration } from '../../platform/module.ts';
import { findReportPoints, listPublicReportPoints } from './map-points.queries.ts';

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

/** A public report's point, as another module's rebuild counts it (never the report's text). */
export interface PublicReportPoint {
  /** The report's public number (`/reportes/<id>`), increasing: a rebuild's watermark. */
  id: number;
  createdAt: Date;
  lat: number;
  lon: number;
  territoryPath: string[];
}

/**
 * Every public report with a point (not hidden, not merged into another), in batches of at most
 * `batchSize` (1 to 5000), oldest id first, read from the primary page by page (keyset on id):
 * what a figure counted from reports' points is rebuilt from (the situation room's layers).
 */
export async function* publicReportPoints(deps: Pick<Deps, 'db'>, options: { batchSize?: number } = {}): AsyncGenerator<PublicReportPoint[]> {
  const size = Math.min(5000, Math.max(1, Math.floor(options.batchSize ?? 1000)));
  let afterId = 0;
  for (;;) {
    const page = await listPublicReportPoints(deps.db, afterId, size);
    if (page.length === 0) return;
    afterId = page[page.length - 1]!.id;
    yield page.map((r) => ({ id: r.id, createdAt: r.createdAt, lat: r.lat, lon: r.lon, territoryPath: r.territoryPath }));
    if (page.length < size) return;
  }
}
