// Reports with a point for the situation room's map: visible (never hidden), not merged into
// another, in a territory and below, the newest first, at most `limit`.
import { sql } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

export interface ReportPointRow {
  id: number;
  categoryName: { es: string; en: string };
  lat: number;
  lon: number;
}

export async function findReportPoints(db: Queryable, query: { territory: string; limit: number }): Promise<ReportPointRow[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('reports.report as r')
    .innerJoin('reports.category as c', 'c.code', 'r.category_code')
    .select(['r.id', 'c.name_es', 'c.name_en', 'r.lat', 'r.lon'])
    .where(sql<boolean>`r.territory_path @> ARRAY[${query.territory}]::text[]`)
    .where('r.hidden_at', 'is', null)
    .where('r.duplicate_of', 'is', null)
    .where('r.lat', 'is not', null)
    .where('r.lon', 'is not', null)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), categoryName: { es: r.name_es, en: r.name_en }, lat: r.lat!, lon: r.lon! }));
}

export interface PublicPointRow {
  id: number;
  createdAt: Date;
  lat: number;
  lon: number;
  territoryPath: string[];
}

/** Public reports with a point (not hidden, not merged into another) after `afterId`, in id order: a page of a rebuild. */
export async function listPublicReportPoints(db: Queryable, afterId: number, limit: number): Promise<PublicPointRow[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('reports.report')
    .select(['id', 'created_at', 'lat', 'lon', 'territory_path'])
    .where('id', '>', afterId)
    .where('hidden_at', 'is', null)
    .where('duplicate_of', 'is', null)
    .where('lat', 'is not', null)
    .where('lon', 'is not', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), createdAt: r.created_at, lat: r.lat!, lon: r.lon!, territoryPath: r.territory_path }));
}
