// What signed documents hold about a person, for "Mis datos" (personal-data.ts).
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

/** The documents issued in the person's name, newest first, with the day each is kept until. */
export async function findDocumentData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db)
    .selectFrom('documents.document')
    .select(['number', 'kind', 'title', 'agency_name', 'holder_name', 'holder_document', 'verification_code', 'sha256', 'issued_at', 'revoked_at'])
    .select(sql<string>`to_char(retain_until, 'YYYY-MM-DD')`.as('retain_until'))
    .where('account_id', '=', accountId)
    .orderBy('issued_at', 'desc')
    .execute();
}
