// What identity holds about a person, for "Mis datos" (personal-data.service.ts).
import type { Queryable } from '../../platform/db/index.ts';

export async function findAccountData(db: Queryable, accountId: string): Promise<Record<string, unknown> | undefined> {
  return db
    .selectFrom('identity.account')
    .select([
      'country',
      'document_type',
      'document_number',
      'given_name',
      'family_name',
      'birth_date',
      'email',
      'email_verified_at',
      'phone',
      'phone_verified_at',
      'address',
      'territory_code',
      'level',
      'verified_at',
      'created_at',
    ])
    .where('id', '=', accountId)
    .executeTakeFirst();
}

export async function findRoleData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return db.selectFrom('identity.role_assignment').select(['agency_code', 'role', 'granted_at']).where('account_id', '=', accountId).orderBy('granted_at').execute();
}
