// Every SQL statement of the social map (schema `cartography`).
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { SocialPoint, SocialPointKind } from './social-map.types.ts';

interface Row {
  id: string;
  territory_path: string[];
  kind: string;
  subcategory: string;
  name: string;
  description: string;
  lat: number;
  lon: number;
  added_by: string;
  created_at: string;
  updated_at: string;
  retired_at: string | null;
}

const COLUMNS = sql`id, territory_path, kind, subcategory, name, description, lat, lon, added_by,
  to_json(created_at) #>> '{}' AS created_at, to_json(updated_at) #>> '{}' AS updated_at, to_json(retired_at) #>> '{}' AS retired_at`;

const toPoint = (r: Row): SocialPoint => ({
  id: r.id,
  territoryPath: r.territory_path,
  kind: r.kind as SocialPointKind,
  subcategory: r.subcategory,
  name: r.name,
  description: r.description,
  lat: r.lat,
  lon: r.lon,
  addedBy: r.added_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  retiredAt: r.retired_at,
});

export type NewSocialPoint = Pick<SocialPoint, 'id' | 'territoryPath' | 'kind' | 'subcategory' | 'name' | 'description' | 'lat' | 'lon' | 'addedBy'>;

export async function insertSocialPoint(db: Queryable, p: NewSocialPoint): Promise<void> {
  await sql`INSERT INTO cartography.social_point (id, territory_path, kind, subcategory, name, description, lat, lon, added_by)
    VALUES (${p.id}, ${p.territoryPath}, ${p.kind}, ${p.subcategory}, ${p.name}, ${p.description}, ${p.lat}, ${p.lon}, ${p.addedBy})`.execute(db);
}

export async function findSocialPoint(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<SocialPoint | undefined> {
  const lock = options.forUpdate ? sql`FOR UPDATE` : sql``;
  const result = await sql<Row>`SELECT ${COLUMNS} FROM cartography.social_point WHERE id = ${id} ${lock}`.execute(db);
  return result.rows[0] && toPoint(result.rows[0]);
}

export async function updateSocialPoint(db: Queryable, id: string, p: Pick<SocialPoint, 'kind' | 'subcategory' | 'name' | 'description' | 'lat' | 'lon'>, by: string): Promise<void> {
  await sql`UPDATE cartography.social_point
     SET kind = ${p.kind}, subcategory = ${p.subcategory}, name = ${p.name}, description = ${p.description}, lat = ${p.lat}, lon = ${p.lon},
         updated_at = now(), updated_by = ${by}
   WHERE id = ${id} AND retired_at IS NULL`.execute(db);
}

export async function retireSocialPoint(db: Queryable, id: string, by: string): Promise<boolean> {
  const result = await sql`UPDATE cartography.social_point SET retired_at = now(), retired_by = ${by} WHERE id = ${id} AND retired_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** The points shown at a territory and below (never a retired one), the most recently changed first, at most `limit`. */
export async function findSocialPointsIn(db: Queryable, territory: string, limit: number): Promise<SocialPoint[]> {
  const result = await sql<Row>`
    SELECT ${COLUMNS} FROM cartography.social_point
     WHERE territory_path @> ARRAY[${territory}]::text[] AND retired_at IS NULL
     ORDER BY updated_at DESC, id
     LIMIT ${limit}`.execute(db);
  return result.rows.map(toPoint);
}

/** Every point shown (the open dataset), oldest first. */
export async function findAllSocialPoints(db: Queryable): Promise<SocialPoint[]> {
  const result = await sql<Row>`SELECT ${COLUMNS} FROM cartography.social_point WHERE retired_at IS NULL ORDER BY created_at, id`.execute(db);
  return result.rows.map(toPoint);
}
