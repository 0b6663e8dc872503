// Boundaries of territorial units: the administrators' import (audited) and the placing of a
// point in the deepest territory that contains it (bounding box in SQL, then the exact test).
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole } from '../../platform/contract/roles.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { countBoundaries, findLayers, findTerritoriesWhoseBoxHolds, findUnknownCodes, saveBoundary } from './boundary.queries.ts';
import { byFeature, readFeatureCollection } from './feature-collection.ts';
import { geometryContains, type Point } from './geometry.ts';
import type { Layer, Territory } from './territory.types.ts';

/** Who imports: an account and its grants (identity's `roleGrantsOf`); only platform administrators may. */
export interface TerritoryAdmin {
  accountId: string;
  grants: readonly RoleGrant[];
}

export function requireTerritoryAdmin(admin: TerritoryAdmin): void {
  if (!hasRole(admin.grants, { role: 'platform_admin' })) throw new AppError('FORBIDDEN');
}

/** What the administration page shows: how many units have a boundary, and the layers. */
export async function getBoundaryStatus(deps: Pick<Deps, 'db'>, admin: TerritoryAdmin): Promise<{ boundaries: number; layers: Layer[] }> {
  requireTerritoryAdmin(admin);
  const [boundaries, layers] = await Promise.all([countBoundaries(deps.db), findLayers(deps.db)]);
  return { boundaries, layers };
}

export interface ImportOutcome {
  /** Features whose boundary was stored or changed. */
  saved: number;
  /** Features identical to what was stored. */
  unchanged: number;
}

/**
 * Imports boundaries from a GeoJSON FeatureCollection whose features carry `properties.code`
 * (a territory code) and a Polygon or MultiPolygon geometry. All or nothing: any problem (an
 * unknown code, a ring not closed, too many points…) refuses the whole document, with every
 * problem named by feature. Each stored boundary is audited.
 */
export async function importBoundaries(deps: Pick<Deps, 'db'>, admin: TerritoryAdmin, document: unknown, requestId?: string): Promise<ImportOutcome> {
  requireTerritoryAdmin(admin);
  const read = readFeatureCollection(document, { names: false });
  const unknown = new Set(await findUnknownCodes(deps.db, [...new Set(read.codes.map((c) => c.code))]));
  const fields: FieldError[] = [
    ...read.fields,
    ...read.codes
      .filter((c) => unknown.has(c.code))
      .map((c) => ({ field: `/features/${c.index}/properties/code`, messageKey: 'territories.import.errors.unknownCode', params: { feature: c.index + 1, code: c.code } })),
  ];
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields: byFeature(fields) });
  return deps.db.transaction().execute(async (trx) => {
    let saved = 0;
    for (const feature of read.features) {
      if (!(await saveBoundary(trx, feature.code, feature.geometry, feature.bbox))) continue;
      saved += 1;
      await recordAudit(trx, {
        actor: { type: 'admin', id: admin.accountId },
        action: 'territories.boundary_imported',
        subject: { type: 'territory', id: feature.code },
        data: { type: feature.geometry.type, bbox: [feature.bbox.minLon, feature.bbox.minLat, feature.bbox.maxLon, feature.bbox.maxLat] },
        requestId: requestId ?? null,
      });
    }
    return { saved, unchanged: read.features.length - saved };
  });
}

export function checkPoint(point: Point): void {
  const fields: FieldError[] = [];
  if (!Number.isFinite(point.lat) || Math.abs(point.lat) > 90) fields.push({ field: '/lat', messageKey: 'territories.locate.errors.lat' });
  if (!Number.isFinite(point.long) || Math.abs(point.long) > 180) fields.push({ field: '/long', messageKey: 'territories.locate.errors.long' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
}

/**
 * The deepest territory whose boundary contains the point (a point on a shared edge belongs to
 * one territory only: docs/territories.md), or null when no boundary contains it.
 */
export async function locateTerritory(deps: Pick<Deps, 'db'>, point: Point): Promise<Territory | null> {
  checkPoint(point);
  const candidates = await findTerritoriesWhoseBoxHolds(deps.db, point);
  return candidates.find((candidate) => geometryContains(candidate.boundary, point))?.territory ?? null;
}
