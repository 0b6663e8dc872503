// Demo data (DEMO=true): simplified boundaries made for the demo around the demo reports'
// coordinates, and one illustrative layer per country profile (demo/*.json). Not official
// boundaries. Idempotent; each change audited as the seed's.
import { readFileSync } from 'node:fs';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/module.ts';
import { replaceLayer, saveBoundary } from './boundary.queries.ts';
import { readFeatureCollection, readNames } from './feature-collection.ts';

const readDemo = (name: string): unknown => JSON.parse(readFileSync(new URL(`./demo/${name}`, import.meta.url), 'utf8'));

export async function seedDemoBoundaries(deps: Pick<Deps, 'db' | 'country'>): Promise<void> {
  const country = deps.country.code;
  const boundaries = readFeatureCollection(readDemo(`boundaries-${country}.json`), { names: false });
  const layerDocument = readDemo(`layer-${country}.json`) as { code: string; name: unknown; description?: unknown };
  const layer = readFeatureCollection(layerDocument, { names: true });
  const layerName = readNames(layerDocument.name);
  if (boundaries.fields.length > 0 || layer.fields.length > 0 || !layerName) throw new Error(`territories: invalid demo boundaries or layer for ${country}`);
  const seed = { type: 'system' as const, id: 'seed' };
  await deps.db.transaction().execute(async (trx) => {
    for (const feature of boundaries.features) {
      if (!(await saveBoundary(trx, feature.code, feature.geometry, feature.bbox))) continue;
      await recordAudit(trx, { actor: seed, action: 'territories.boundary_imported', subject: { type: 'territory', id: feature.code }, data: { demo: true } });
    }
    const features = layer.features.map((f) => ({ code: f.code, name: f.name!, geometry: f.geometry, bbox: f.bbox }));
    if (await replaceLayer(trx, { code: layerDocument.code, name: layerName, description: readNames(layerDocument.description) ?? null }, features)) {
      await recordAudit(trx, { actor: seed, action: 'territories.layer_imported', subject: { type: 'territory_layer', id: layerDocument.code }, data: { features: features.length, demo: true } });
    }
  });
}
