// Layers: named polygons that are not a tree (communal circuits, cuadrantes de paz, indigenous
// autonomies, a commune's social map). An administrator imports a layer whole; modules ask which
// features of a layer contain a point.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { findLayerFeatures, findLayerFeaturesWhoseBoxHolds, findLayers, type LayerFeatureShape, replaceLayer } from './boundary.queries.ts';
import { byFeature, readFeatureCollection, readNames } from './feature-collection.ts';
import { geometryContains, type Point } from './geometry.ts';
import { checkPoint, requireTerritoryAdmin, type TerritoryAdmin } from './boundary.service.ts';
import type { Layer, LayerFeature } from './territory.types.ts';

export const LAYER_CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export async function listLayers(deps: Pick<Deps, 'db'>): Promise<Layer[]> {
  return findLayers(deps.db);
}

export async function getLayer(deps: Pick<Deps, 'db'>, code: string): Promise<{ layer: Layer; features: LayerFeatureShape[] }> {
  const layer = await getLayerOrThrow(deps, code);
  return { layer, features: await findLayerFeatures(deps.db, code) };
}

/** The features of the layer that contain the point (features may overlap: any number). */
export async function locateInLayer(deps: Pick<Deps, 'db'>, layerCode: string, point: Point): Promise<LayerFeature[]> {
  checkPoint(point);
  await getLayerOrThrow(deps, layerCode);
  const candidates = await findLayerFeaturesWhoseBoxHolds(deps.db, layerCode, point);
  return candidates.filter((c) => geometryContains(c.boundary, point)).map(({ layerCode: l, code, name }) => ({ layerCode: l, code, name }));
}

async function getLayerOrThrow(deps: Pick<Deps, 'db'>, code: string): Promise<Layer> {
  const [layer] = LAYER_CODE.test(code) ? await findLayers(deps.db, code) : [];
  if (!layer) throw new AppError('TERRITORY_LAYER_NOT_FOUND', { params: { code } });
  return layer;
}

/**
 * Creates a layer or replaces it whole from a GeoJSON FeatureCollection: the collection's
 * foreign members `name` (`{ es, en }`) and optional `description` name the layer; each feature
 * carries `properties.code`, `properties.name` and a Polygon or MultiPolygon. Audited; a change
 * emits `territories.layer_imported` (`{ layer }`) in the same transaction.
 */
export async function importLayer(deps: Pick<Deps, 'db'>, admin: TerritoryAdmin, code: string, document: unknown, requestId?: string): Promise<{ layer: Layer; changed: boolean }> {
  requireTerritoryAdmin(admin);
  const fields: FieldError[] = [];
  if (!LAYER_CODE.test(code)) fields.push({ field: '/code', messageKey: 'territories.import.errors.layerCode' });
  const head = (document ?? {}) as { name?: unknown; description?: unknown };
  const name = readNames(head.name);
  if (!name) fields.push({ field: '/name', messageKey: 'territories.import.errors.layerName' });
  const description = head.description === undefined || head.description === null ? null : readNames(head.description);
  if (description === undefined) fields.push({ field: '/description', messageKey: 'territories.import.errors.layerDescription' });
  const read = readFeatureCollection(document, { names: true });
  fields.push(...byFeature(read.fields));
  if (fields.length > 0 || !name || description === undefined) throw new AppError('VALIDATION_FAILED', { fields });
  const features = read.features.map((f) => ({ code: f.code, name: f.name!, geometry: f.geometry, bbox: f.bbox }));
  const changed = await deps.db.transaction().execute(async (trx) => {
    const changed = await replaceLayer(trx, { code, name, description }, features);
    if (changed) {
      await recordAudit(trx, {
        actor: { type: 'admin', id: admin.accountId },
        action: 'territories.layer_imported',
        subject: { type: 'territory_layer', id: code },
        data: { features: features.length },
        requestId: requestId ?? null,
      });
      // Modules that count things by the layer's features recount them (the situation room).
      await emitEvent(trx, 'territories.layer_imported', { layer: code });
    }
    return changed;
  });
  return { layer: await getLayerOrThrow(deps, code), changed };
}
