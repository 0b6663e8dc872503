// SQL of alert subscriptions (a territory and below, or a circle).
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export async function insertSubscription(db: Queryable, s: { accountId: string; territoryCode?: string | null; lat?: number | null; lon?: number | null; radiusM?: number | null }): Promise<number> {
  const result = await sql<{ id: number }>`
    INSERT INTO reports.subscription (account_id, territory_code, lat, lon, radius_m) VALUES (${s.accountId}, ${s.territoryCode ?? null}, ${s.lat ?? null}, ${s.lon ?? null}, ${s.radiusM ?? null})
    RETURNING id`.execute(db);
  return Number(result.rows[0]!.id);
}

export async function deleteSubscription(db: Queryable, accountId: string, id: number): Promise<boolean> {
  const result = await sql`DELETE FROM reports.subscription WHERE id = ${id} AND account_id = ${accountId}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface Subscription {
  id: number;
  accountId: string;
  territoryCode: string | null;
  lat: number | null;
  lon: number | null;
  radiusM: number | null;
}

export async function findSubscriptionsOf(db: Queryable, accountId: string): Promise<Subscription[]> {
  const result = await sql<{ id: number; account_id: string; territory_code: string | null; lat: number | null; lon: number | null; radius_m: number | null }>`
    SELECT id, account_id, territory_code, lat, lon, radius_m FROM reports.subscription WHERE account_id = ${accountId} ORDER BY id`.execute(db);
  return result.rows.map((r) => ({ id: Number(r.id), accountId: r.account_id, territoryCode: r.territory_code, lat: r.lat, lon: r.lon, radiusM: r.radius_m }));
}

/** Subscriptions a report matches: its territory or an ancestor, or a circle (`platform.within_m`) its point lies in. */
export async function findMatchingSubscriptions(db: Queryable, territoryPath: string[], lat: number | null, lon: number | null): Promise<Subscription[]> {
  const result = await sql<{ id: number; account_id: string; territory_code: string | null; lat: number | null; lon: number | null; radius_m: number | null }>`
    SELECT id, account_id, territory_code, lat, lon, radius_m FROM reports.subscription
     WHERE territory_code = ANY(${territoryPath}::text[])
        OR (${lat}::float8 IS NOT NULL AND lat IS NOT NULL AND platform.within_m(${lat}::float8, ${lon}::float8, lat, lon, radius_m))`.execute(db);
  return result.rows.map((r) => ({ id: Number(r.id), accountId: r.account_id, territoryCode: r.territory_code, lat: r.lat, lon: r.lon, radiusM: r.radius_m }));
}
