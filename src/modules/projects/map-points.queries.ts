// Projects with a point for the situation room's map: every project is public; in a territory
// and below, the most recently changed first, at most `limit`.
import { sql } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

export async function findProjectPoints(db: Queryable, query: { territory: string; limit: number }): Promise<Array<{ id: string; title: string; lat: number; lon: number }>> {
  const rows = await typed<Tables>(db)
    .selectFrom('projects.project as p')
    .select(['p.id', 'p.title', 'p.lat', 'p.lon'])
    .where(sql<boolean>`p.territory_path @> ARRAY[${query.territory}]::text[]`)
    .where('p.lat', 'is not', null)
    .where('p.lon', 'is not', null)
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id')
    .limit(query.limit)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, lat: r.lat!, lon: r.lon! }));
}
