// What cases holds about a person, for "Mis datos" (personal-data.service.ts).
import type { Queryable } from '../../platform/db/index.ts';

export async function findCaseData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return db
    .selectFrom('cases.case')
    .select(['tracking_code', 'procedure_name', 'agency_code', 'state', 'outcome', 'answers', 'channel', 'submitted_at', 'due_date', 'decided_at', 'satisfaction', 'satisfaction_comment'])
    .where('account_id', '=', accountId)
    .orderBy('submitted_at', 'desc')
    .execute();
}

export async function findDraftData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return db.selectFrom('cases.draft').select(['version_id', 'answers', 'created_at', 'updated_at']).where('account_id', '=', accountId).orderBy('updated_at', 'desc').execute();
}

export async function deleteDrafts(db: Queryable, accountId: string): Promise<void> {
  await db.deleteFrom('cases.draft').where('account_id', '=', accountId).execute();
}
