// Every SQL statement on territories' boundaries and layers.
import { type Selectable, sql } from 'kysely';
import type { Json } from '../../platform/db/column-types.ts';
import { typed, type Queryable } from '../../platform/db/index.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { LayerFeatureRow, LayerRow, Tables, TerritoryRow } from './db.generated.ts';
import type { BBox, BoundaryGeometry, Point } from './geometry.ts';
import type { Layer, LayerFeature, Names, Territory } from './territory.types.ts';
import { toTerritory } from './territory.queries.ts';

const asJson = (value: unknown): Json => JSON.stringify(value) as unknown as Json;
const geometryOf = (value: Json): BoundaryGeometry => value as unknown as BoundaryGeometry;
const namesOf = (value: Json | null): Names | null => (value === null ? null : (value as unknown as Names));

/** Sets a territory's boundary and bounding box; false when nothing changed. */
export async function saveBoundary(db: Queryable, code: string, geometry: BoundaryGeometry, box: BBox): Promise<boolean> {
  const result = await sql<Pick<TerritoryRow, 'code'>>`
    UPDATE territories.territory
       SET boundary = ${asJson(geometry)}::jsonb, min_lon = ${box.minLon}, min_lat = ${box.minLat}, max_lon = ${box.maxLon}, max_lat = ${box.maxLat},
           boundary_updated_at = now(), updated_at = now()
     WHERE code = ${code} AND boundary IS DISTINCT FROM ${asJson(geometry)}::jsonb
    RETURNING code`.execute(db);
  return result.rows.length > 0;
}

/** Which of the codes name no territory. */
export async function findUnknownCodes(db: Queryable, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await typed<Tables>(db).selectFrom('territories.territory').select('code').where('code', 'in', codes).execute();
  const known = new Set(rows.map((r) => r.code));
  return codes.filter((code) => !known.has(code));
}

export interface BoundaryCandidate {
  territory: Territory;
  boundary: BoundaryGeometry;
}

/** The bounding-box prefilter: territories whose box holds the point (GiST index), deepest first. */
export async function findTerritoriesWhoseBoxHolds(db: Queryable, point: Point): Promise<BoundaryCandidate[]> {
  const result = await sql<Pick<Selectable<TerritoryRow>, 'code' | 'country' | 'level' | 'name' | 'parent_code' | 'path' | 'is_capital' | 'is_demo'> & { boundary: Json }>`
    SELECT code, country, level, name, parent_code, path, is_capital, is_demo, boundary
      FROM territories.territory
     WHERE boundary IS NOT NULL
       AND box(point(min_lon, min_lat), point(max_lon, max_lat)) @> box(point(${point.long}, ${point.lat}), point(${point.long}, ${point.lat}))
     ORDER BY cardinality(path) DESC, code`.execute(db);
  return result.rows.map((row) => ({
    territory: toTerritory(row),
    boundary: geometryOf(row.boundary),
  }));
}

export interface TerritoryShape {
  code: string;
  name: string;
  level: string;
  boundary: BoundaryGeometry | null;
}

/** One unit's boundary alone (null when none is loaded or there is no such unit). */
export async function findBoundary(db: Queryable, code: string): Promise<BoundaryGeometry | null> {
  const row = await typed<Tables>(db).selectFrom('territories.territory').select('boundary').where('code', '=', code).executeTakeFirst();
  return row?.boundary ? geometryOf(row.boundary) : null;
}

/** Boundaries of a unit and of its children (those without one come with `boundary: null`). */
export async function findShapes(db: Queryable, code: string): Promise<{ territory: TerritoryShape | undefined; children: TerritoryShape[] }> {
  const rows = await typed<Tables>(db)
    .selectFrom('territories.territory')
    .select(['code', 'name', 'level', 'boundary', 'parent_code'])
    .where((eb) => eb.or([eb('code', '=', code), eb('parent_code', '=', code)]))
    .orderBy('name')
    .execute();
  const shape = (row: (typeof rows)[number]): TerritoryShape => ({ code: row.code, name: row.name, level: row.level, boundary: row.boundary === null ? null : geometryOf(row.boundary) });
  return { territory: rows.filter((r) => r.code === code).map(shape)[0], children: rows.filter((r) => r.code !== code).map(shape) };
}

export async function countBoundaries(db: Queryable): Promise<number> {
  const row = await typed<Tables>(db)
    .selectFrom('territories.territory')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('boundary', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Layers.

const toLayer = (row: Pick<Selectable<LayerRow>, 'code' | 'name' | 'description'> & { feature_count: number }): Layer => ({
  code: row.code,
  name: namesOf(row.name)!,
  description: namesOf(row.description),
  featureCount: Number(row.feature_count),
});

export async function findLayers(db: Queryable, code?: string): Promise<Layer[]> {
  const result = await sql<Pick<Selectable<LayerRow>, 'code' | 'name' | 'description'> & { feature_count: number }>`
    SELECT l.code, l.name, l.description, (SELECT count(*) FROM territories.layer_feature f WHERE f.layer_code = l.code)::int AS feature_count
      FROM territories.layer l
     WHERE ${code === undefined ? sql`true` : sql`l.code = ${code}`}
     ORDER BY l.code`.execute(db);
  return result.rows.map(toLayer);
}

/** Creates or renames a layer and replaces all its features; false when nothing changed. */
export async function replaceLayer(
  db: Queryable,
  layer: { code: string; name: Names; description: Names | null },
  features: Array<{ code: string; name: Names; geometry: BoundaryGeometry; bbox: BBox }>,
): Promise<boolean> {
  // One import of a layer at a time: the next one (its own transaction) waits, then compares
  // with what the first committed, so identical parallel imports change it once.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`territories.layer:${layer.code}`}))`.execute(db);
  const before = await findLayerFeatures(db, layer.code);
  const saved = await sql<Pick<LayerRow, 'code'>>`
    INSERT INTO territories.layer (code, name, description) VALUES (${layer.code}, ${asJson(layer.name)}::jsonb, ${layer.description === null ? null : asJson(layer.description)}::jsonb)
    ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, updated_at = now()
    WHERE (layer.name, layer.description) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description)
    RETURNING code`.execute(db);
  const same =
    before.length === features.length &&
    features.every((f) => {
      const old = before.find((b) => b.code === f.code);
      return old !== undefined && canonicalJson(old.name) === canonicalJson(f.name) && canonicalJson(old.boundary) === canonicalJson(f.geometry);
    });
  if (same) return saved.rows.length > 0;
  await typed<Tables>(db).deleteFrom('territories.layer_feature').where('layer_code', '=', layer.code).execute();
  await typed<Tables>(db)
    .insertInto('territories.layer_feature')
    .values(
      features.map((f) => ({
        layer_code: layer.code,
        code: f.code,
        name: asJson(f.name),
        boundary: asJson(f.geometry),
        min_lon: f.bbox.minLon,
        min_lat: f.bbox.minLat,
        max_lon: f.bbox.maxLon,
        max_lat: f.bbox.maxLat,
      })),
    )
    .execute();
  return true;
}

export type LayerFeatureShape = LayerFeature & { boundary: BoundaryGeometry };

const toFeature = (row: Pick<Selectable<LayerFeatureRow>, 'layer_code' | 'code' | 'name' | 'boundary'>): LayerFeatureShape => ({
  layerCode: row.layer_code,
  code: row.code,
  name: namesOf(row.name)!,
  boundary: geometryOf(row.boundary),
});

export async function findLayerFeatures(db: Queryable, layerCode: string): Promise<LayerFeatureShape[]> {
  const rows = await typed<Tables>(db).selectFrom('territories.layer_feature').select(['layer_code', 'code', 'name', 'boundary']).where('layer_code', '=', layerCode).orderBy('code').execute();
  return rows.map(toFeature);
}

/** The bounding-box prefilter for a layer's features. */
export async function findLayerFeaturesWhoseBoxHolds(db: Queryable, layerCode: string, point: Point): Promise<LayerFeatureShape[]> {
  const result = await sql<Pick<Selectable<LayerFeatureRow>, 'layer_code' | 'code' | 'name' | 'boundary'>>`
    SELECT layer_code, code, name, boundary
      FROM territories.layer_feature
     WHERE layer_code = ${layerCode}
       AND box(point(min_lon, min_lat), point(max_lon, max_lat)) @> box(point(${point.long}, ${point.lat}), point(${point.long}, ${point.lat}))
     ORDER BY code`.execute(db);
  return result.rows.map(toFeature);
}
