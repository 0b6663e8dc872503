// What identity holds about a person, for "Mis datos" (personal-data.service.ts).
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import { personColumns } from './account.queries.ts';
import type { Tables } from './db.generated.ts';

export async function findAccountData(db: Queryable, accountId: string): Promise<Record<string, unknown> | undefined> {
  return typed<Tables>(db)
    .selectFrom('identity.account')
    .select([...personColumns, sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_date'), 'verified_at', 'created_at'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}

export async function findRoleData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db).selectFrom('identity.role_assignment').select(['agency_code', 'territory_code', 'role', 'granted_at']).where('account_id', '=', accountId).orderBy('granted_at').execute();
}

/** A correction of the person's contact data, approved by the platform's operator (a corrected phone is no longer verified). */
export async function correctAccountField(db: Queryable, accountId: string, field: 'phone' | 'address', value: string): Promise<void> {
  const change = field === 'phone' ? { phone: value, phone_verified_at: null } : { address: value };
  await typed<Tables>(db).updateTable('identity.account').set(change).where('id', '=', accountId).execute();
}
