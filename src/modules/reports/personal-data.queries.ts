// What reports holds about a person, for "Mis datos" (personal-data.service.ts).
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

export async function findReportData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db)
    .selectFrom('reports.report')
    .select(['id', 'category_code', 'status', 'description', 'address', 'territory_code', 'agency_code', 'contact', 'is_anonymous', 'created_at', 'resolved_at'])
    .where('reporter_account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findSubscriptionData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db).selectFrom('reports.subscription').select(['territory_code', 'lat', 'lon', 'radius_m', 'created_at']).where('account_id', '=', accountId).orderBy('created_at').execute();
}

/** Deletes the account's alert subscriptions; answers how many there were. */
export async function deleteSubscriptions(db: Queryable, accountId: string): Promise<number> {
  const result = await typed<Tables>(db).deleteFrom('reports.subscription').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
