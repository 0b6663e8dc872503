// What the mailbox holds about a person, for "Mis datos" (personal-data.service.ts).
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

export async function findMessageData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db)
    .selectFrom('mailbox.message')
    .select(['id', 'agency_code', 'agency_name', 'subject', 'body', 'made_available_at', 'opened_at', 'deemed_notified_at', 'archived_at'])
    .where('recipient_account_id', '=', accountId)
    .orderBy('made_available_at', 'desc')
    .execute();
}

/** The messages to economic units that the person read as a representative, with when (mailbox.unit_reading). */
export async function findUnitReadingData(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  return typed<Tables>(db)
    .selectFrom('mailbox.unit_reading as r')
    .innerJoin('mailbox.message as m', 'm.id', 'r.message_id')
    .select(['m.id', 'm.recipient_unit_key', 'm.agency_name', 'm.subject', 'r.read_at'])
    .where('r.account_id', '=', accountId)
    .orderBy('r.read_at', 'desc')
    .execute();
}
