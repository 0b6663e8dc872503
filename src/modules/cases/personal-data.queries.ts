// What cases holds about a person, for "Mis datos" (personal-data.service.ts); row types: db.generated.ts.
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

export async function findCaseData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db)
    .selectFrom('cases.case')
    .select([
      'tracking_code',
      'procedure_name',
      'agency_code',
      'state',
      'outcome',
      'answers',
      'channel',
      'submitted_at',
      sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due_date'),
      'decided_at',
      'satisfaction',
      'satisfaction_comment',
    ])
    .where('account_id', '=', accountId)
    .orderBy('submitted_at', 'desc')
    .execute();
}

export async function findDraftData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db).selectFrom('cases.draft').select(['version_id', 'answers', 'created_at', 'updated_at']).where('account_id', '=', accountId).orderBy('updated_at', 'desc').execute();
}

/** Deletes the account's drafts; answers how many there were. */
export async function deleteDrafts(db: Queryable, accountId: string): Promise<number> {
  const result = await typed<Tables>(db).deleteFrom('cases.draft').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
