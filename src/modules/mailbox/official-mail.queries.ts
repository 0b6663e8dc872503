// Every SQL statement of official mail on the mailbox's side: messages held for a person without
// an account (claimed by the account that later holds the document), and the dispatch by post
// with its events and proof of notification (mailbox.postal_dispatch, mailbox.postal_event).
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { PostalDispatch, PostalEventKind } from './mailbox.types.ts';

const rows = rowsInto<Tables>();
type Consequences = Pick<AuditedInsert<unknown>, 'audit' | 'events'>;

/** Whether messages are held for this document (one indexed read: the list's usual case is none). */
export async function hasHeld(db: Queryable, documentType: string, documentNumber: string): Promise<boolean> {
  const { rows: found } = await sql`
    SELECT 1 FROM mailbox.message WHERE recipient_account_id IS NULL AND recipient_unit_key IS NULL AND recipient_document_type = ${documentType} AND recipient_document_number = ${documentNumber} LIMIT 1`.execute(
    db,
  );
  return found.length > 0;
}

/** Gives the held messages of this document to the account; returns the ids claimed. */
export async function claimHeld(db: Queryable, accountId: string, documentType: string, documentNumber: string): Promise<Array<{ id: string; agencyCode: string }>> {
  const { rows: found } = await sql<{ id: string; agency_code: string }>`
    UPDATE mailbox.message SET recipient_account_id = ${accountId},
           -- Available to her from now: the legal period runs from when she can open it.
           made_available_at = CASE WHEN opened_at IS NULL THEN now() ELSE made_available_at END
     WHERE recipient_account_id IS NULL AND recipient_unit_key IS NULL AND recipient_document_type = ${documentType} AND recipient_document_number = ${documentNumber}
     RETURNING id, agency_code`.execute(db);
  return found.map((r) => ({ id: r.id, agencyCode: r.agency_code }));
}

export interface PostCandidate {
  id: string;
  agencyCode: string;
  agencyName: string;
  documentType: string;
  documentNumber: string;
  subject: string;
  body: string;
  contentSha256: string;
  madeAvailableAt: Date;
  reason: 'no_account' | 'unopened';
}

/**
 * Messages to send by post, oldest first: held for a person without an account, or unopened
 * `unopenedDays` after they were made available; none already dispatched (or found not sendable).
 */
export async function findPostCandidates(db: Queryable, unopenedDays: number, limit: number): Promise<PostCandidate[]> {
  const { rows: found } = await sql<{
    id: string;
    agency_code: string;
    agency_name: string;
    recipient_document_type: string;
    recipient_document_number: string;
    subject: string;
    body: string;
    content_sha256: string;
    made_available_at: Date;
    held: boolean;
  }>`
    SELECT m.id, m.agency_code, m.agency_name, m.recipient_document_type, m.recipient_document_number, m.subject, m.body, m.content_sha256,
           m.made_available_at, m.recipient_account_id IS NULL AS held
      FROM mailbox.message m
     WHERE m.opened_at IS NULL
       AND m.recipient_unit_key IS NULL AND (m.recipient_account_id IS NULL OR m.made_available_at + make_interval(hours => 24 * ${unopenedDays}) <= now())
       AND NOT EXISTS (SELECT 1 FROM mailbox.postal_dispatch d WHERE d.message_id = m.id)
     ORDER BY m.made_available_at, m.id LIMIT ${limit}`.execute(db);
  return found.map((r) => ({
    id: r.id,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    documentType: r.recipient_document_type,
    documentNumber: r.recipient_document_number,
    subject: r.subject,
    body: r.body,
    contentSha256: r.content_sha256,
    madeAvailableAt: r.made_available_at,
    reason: r.held ? 'no_account' : 'unopened',
  }));
}

/** The dispatch with its audit entry and event, once per message; false when it was recorded before. */
export async function insertDispatchAudited(
  db: Queryable,
  d: { messageId: string; shipmentNumber: string | null; reason: PostalDispatch['reason']; addresseeName: string | null; address: string | null; letterSha256: string | null },
  consequences: Consequences,
): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('mailbox.postal_dispatch', {
      message_id: d.messageId,
      shipment_number: d.shipmentNumber,
      reason: d.reason,
      addressee_name: d.addresseeName,
      address: d.address,
      letter_sha256: d.letterSha256,
    }),
    onConflictDoNothing: true,
    ...consequences,
  });
  return row !== undefined;
}

export async function findDispatchByNumber(db: Queryable, shipmentNumber: string): Promise<{ messageId: string; agencyCode: string } | undefined> {
  const { rows: found } = await sql<{ message_id: string; agency_code: string }>`
    SELECT d.message_id, m.agency_code FROM mailbox.postal_dispatch d JOIN mailbox.message m ON m.id = d.message_id WHERE d.shipment_number = ${shipmentNumber}`.execute(db);
  return found[0] ? { messageId: found[0].message_id, agencyCode: found[0].agency_code } : undefined;
}

/**
 * One tracking event of the letter, and on a delivery (the first) or a return the proof on the
 * dispatch, with its audit entry and event; false when the same event was recorded before.
 */
export async function insertPostalEventAudited(
  db: Queryable,
  e: { messageId: string; kind: PostalEventKind; occurredAt: Date; officeCode: string | null; officeName: string | null },
  consequences: Consequences,
): Promise<boolean> {
  const proof =
    e.kind === 'delivered'
      ? [sql`UPDATE mailbox.postal_dispatch SET delivered_at = ${e.occurredAt}, delivered_office = ${e.officeName ?? e.officeCode} WHERE message_id = ${e.messageId} AND delivered_at IS NULL`]
      : e.kind === 'returned'
        ? [sql`UPDATE mailbox.postal_dispatch SET returned_at = ${e.occurredAt} WHERE message_id = ${e.messageId} AND returned_at IS NULL`]
        : [];
  const row = await auditedInsert(db, {
    insert: rows('mailbox.postal_event', { message_id: e.messageId, kind: e.kind, occurred_at: e.occurredAt, office_code: e.officeCode, office_name: e.officeName }),
    onConflictDoNothing: true,
    // Unconditional, but each sets its proof once (a repeated or later delivery changes nothing).
    statements: proof,
    ...consequences,
  });
  return row !== undefined;
}

/** The dispatches of these messages with their events (sorted by when they happened). */
export async function findDispatches(db: Queryable, messageIds: string[]): Promise<Map<string, PostalDispatch>> {
  const result = new Map<string, PostalDispatch>();
  if (messageIds.length === 0) return result;
  const { rows: dispatches } = await sql<{
    message_id: string;
    shipment_number: string | null;
    reason: PostalDispatch['reason'];
    created_at: Date;
    delivered_at: Date | null;
    delivered_office: string | null;
    returned_at: Date | null;
  }>`SELECT message_id, shipment_number, reason, created_at, delivered_at, delivered_office, returned_at FROM mailbox.postal_dispatch WHERE message_id = ANY(${messageIds}::uuid[])`.execute(db);
  for (const d of dispatches)
    result.set(d.message_id, {
      shipmentNumber: d.shipment_number,
      reason: d.reason,
      postedAt: d.created_at,
      deliveredAt: d.delivered_at,
      deliveredOffice: d.delivered_office,
      returnedAt: d.returned_at,
      events: [],
    });
  if (dispatches.length === 0) return result;
  const { rows: events } = await sql<{ message_id: string; kind: PostalEventKind; occurred_at: Date; office_code: string | null; office_name: string | null }>`
    SELECT message_id, kind, occurred_at, office_code, office_name FROM mailbox.postal_event WHERE message_id = ANY(${messageIds}::uuid[]) ORDER BY occurred_at, recorded_at`.execute(db);
  for (const e of events) result.get(e.message_id)?.events.push({ kind: e.kind, occurredAt: e.occurred_at, officeCode: e.office_code, officeName: e.office_name });
  return result;
}
