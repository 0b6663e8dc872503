// SQL of alert subscriptions (a territory and below, or a circle).
import { type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { SubscriptionRow, Tables } from './db.generated.ts';

export interface Subscription {
  id: number;
  accountId: string;
  territoryCode: string | null;
  lat: number | null;
  lon: number | null;
  radiusM: number | null;
}

const columns = ['id', 'account_id', 'territory_code', 'lat', 'lon', 'radius_m'] as const;
const toSubscription = (r: Pick<Selectable<SubscriptionRow>, (typeof columns)[number]>): Subscription => ({
  id: Number(r.id),
  accountId: r.account_id,
  territoryCode: r.territory_code,
  lat: r.lat,
  lon: r.lon,
  radiusM: r.radius_m,
});

export async function insertSubscription(db: Queryable, s: { accountId: string; territoryCode?: string | null; lat?: number | null; lon?: number | null; radiusM?: number | null }): Promise<number> {
  const row = await typed<Tables>(db)
    .insertInto('reports.subscription')
    .values({ account_id: s.accountId, territory_code: s.territoryCode ?? null, lat: s.lat ?? null, lon: s.lon ?? null, radius_m: s.radiusM ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function deleteSubscription(db: Queryable, accountId: string, id: number): Promise<boolean> {
  const result = await typed<Tables>(db).deleteFrom('reports.subscription').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findSubscriptionsOf(db: Queryable, accountId: string): Promise<Subscription[]> {
  const rows = await typed<Tables>(db).selectFrom('reports.subscription').select(columns).where('account_id', '=', accountId).orderBy('id').execute();
  return rows.map(toSubscription);
}

/** Subscriptions a report matches: its territory or an ancestor, or a circle (`platform.within_m`) its point lies in. */
export async function findMatchingSubscriptions(db: Queryable, territoryPath: string[], lat: number | null, lon: number | null): Promise<Subscription[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('reports.subscription')
    .select(columns)
    .where((eb) => {
      const matches = [];
      if (territoryPath.length > 0) matches.push(eb('territory_code', 'in', territoryPath));
      if (lat !== null && lon !== null) matches.push(eb.and([eb('lat', 'is not', null), sql<boolean>`platform.within_m(${lat}::float8, ${lon}::float8, lat, lon, radius_m)`]));
      return eb.or(matches);
    })
    .execute();
  return rows.map(toSubscription);
}
