// Every SQL statement on mailbox.message, mailbox.attachment and mailbox.alert.
import { type RawBuilder, type Selectable, sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { AttachmentRow, MessageRow, Tables } from './db.generated.ts';
import type { Attachment, AttachmentMediaType, ListStateFilter, Message, MessageSummary } from './mailbox.types.ts';

/**
 * End of the legal period of the message row `m`: its calendar days as 24-hour days (the
 * countries of the profiles keep no daylight-saving time), so the result never depends on
 * the database session's time zone.
 */
const dueAt = sql`(m.made_available_at + make_interval(hours => 24 * m.deemed_after_days))`;
/**
 * When `m` was deemed notified: as the job recorded it, or — until the job gets there — as it
 * follows from the times, so every read is right whenever the job last ran. A message held for
 * a person without an account is never deemed notified (nobody could open it): it goes by post.
 */
const deemedAt = sql`COALESCE(m.deemed_notified_at, CASE WHEN (m.recipient_account_id IS NOT NULL OR m.recipient_unit_key IS NOT NULL) AND ${dueAt} <= now() AND (m.opened_at IS NULL OR m.opened_at > ${dueAt}) THEN ${dueAt} END)`;

const messageColumns = [
  'id',
  'recipient_account_id',
  'recipient_unit_key',
  'recipient_document_type',
  'recipient_document_number',
  'agency_code',
  'agency_name',
  'client_id',
  'subject',
  'body',
  'content_sha256',
  'deemed_after_days',
  'made_available_at',
  'opened_at',
  'archived_at',
] as const;

/** A message's columns as selected, with its computed due and deemed-notified times. */
type MessageSelection = Pick<Selectable<MessageRow>, (typeof messageColumns)[number]> & { due_at: Date; deemed_at: Date | null };

const attachmentColumns = ['id', 'message_id', 'position', 'filename', 'media_type', 'size_bytes', 'sha256'] as const;

/** `media_type` is one of AttachmentMediaType: only checked files are stored. */
const toAttachment = (r: Pick<Selectable<AttachmentRow>, (typeof attachmentColumns)[number]>): Attachment => ({
  id: r.id,
  position: r.position,
  filename: r.filename,
  mediaType: r.media_type as AttachmentMediaType,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
});

const toMessage = (r: MessageSelection, attachments: Attachment[]): Message => ({
  id: r.id,
  recipientAccountId: r.recipient_account_id,
  recipientUnitKey: r.recipient_unit_key,
  recipientDocumentType: r.recipient_document_type,
  recipientDocumentNumber: r.recipient_document_number,
  agencyCode: r.agency_code,
  agencyName: r.agency_name,
  clientId: r.client_id,
  subject: r.subject,
  body: r.body,
  contentSha256: r.content_sha256,
  deemedAfterDays: r.deemed_after_days,
  madeAvailableAt: r.made_available_at,
  openedAt: r.opened_at,
  deemedNotifiedDueAt: r.due_at,
  deemedNotifiedAt: r.deemed_at,
  archivedAt: r.archived_at,
  attachments,
});

const messageSelection = sql.join([...messageColumns.map((c) => sql.ref(`m.${c}`)), sql`${dueAt} AS due_at`, sql`${deemedAt} AS deemed_at`]);

export interface NewMessage
  extends Pick<
    Message,
    'id' | 'recipientAccountId' | 'recipientDocumentType' | 'recipientDocumentNumber' | 'agencyCode' | 'agencyName' | 'clientId' | 'subject' | 'body' | 'contentSha256' | 'deemedAfterDays'
  > {
  /** Empresa digital: the unit's NIT/RIF when the message is to a unit's mailbox. */
  recipientUnitKey?: string | null;
  idempotencyKey: string | null;
  requestSha256: string | null;
  /** Default: now. (Only the demo seed places messages in the past.) */
  madeAvailableAt?: Date;
  openedAt?: Date | null;
}

const rows = rowsInto<Tables>();

/**
 * Delivers in one statement (the write pattern, src/platform/db/audited-insert.ts): the
 * message, its attachments' rows, and the audit entry and events the service gives. Returns
 * the message as stored (from RETURNING), or undefined (writing nothing) when its client
 * already used the idempotency key.
 */
export async function insertMessageAudited(
  db: Queryable,
  m: NewMessage,
  attachments: Attachment[],
  consequences: Pick<AuditedInsert<MessageSelection>, 'audit' | 'events'>,
): Promise<Message | undefined> {
  const row = await auditedInsert(db, {
    insert: rows('mailbox.message', {
      id: m.id,
      recipient_account_id: m.recipientAccountId,
      recipient_unit_key: m.recipientUnitKey ?? null,
      recipient_document_type: m.recipientDocumentType,
      recipient_document_number: m.recipientDocumentNumber,
      agency_code: m.agencyCode,
      agency_name: m.agencyName,
      client_id: m.clientId,
      subject: m.subject,
      body: m.body,
      content_sha256: m.contentSha256,
      idempotency_key: m.idempotencyKey,
      request_sha256: m.requestSha256,
      deemed_after_days: m.deemedAfterDays,
      opened_at: m.openedAt ?? null,
      // Default: the statement's now().
      ...(m.madeAvailableAt ? { made_available_at: m.madeAvailableAt } : {}),
    }),
    insertAs: 'm',
    returning: sql<MessageSelection>`${messageSelection}`,
    onConflictDoNothing: true,
    also:
      attachments.length === 0
        ? []
        : [
            rows(
              'mailbox.attachment',
              attachments.map((a) => ({ id: a.id, message_id: m.id, position: a.position, filename: a.filename, media_type: a.mediaType, size_bytes: a.sizeBytes, sha256: a.sha256 })),
            ),
          ],
    ...consequences,
  });
  return row ? toMessage(row, attachments) : undefined;
}

export async function findIdempotentDelivery(db: Queryable, clientId: string, idempotencyKey: string): Promise<{ id: string; requestSha256: string | null } | undefined> {
  const row = await typed<Tables>(db).selectFrom('mailbox.message').select(['id', 'request_sha256']).where('client_id', '=', clientId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return row ? { id: row.id, requestSha256: row.request_sha256 } : undefined;
}

async function withAttachments(db: Queryable, rows: MessageSelection[]): Promise<Message[]> {
  if (rows.length === 0) return [];
  const attachments = await typed<Tables>(db)
    .selectFrom('mailbox.attachment')
    .select(attachmentColumns)
    .where(
      'message_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('message_id')
    .orderBy('position')
    .execute();
  return rows.map((row) => toMessage(row, attachments.filter((a) => a.message_id === row.id).map(toAttachment)));
}

/** A message as its sending agency sees it (undefined for another agency's message). */
export async function findAgencyMessage(db: Queryable, id: string, agencyCode: string): Promise<Message | undefined> {
  const result = await sql<MessageSelection>`SELECT ${messageSelection} FROM mailbox.message m WHERE m.id = ${id} AND m.agency_code = ${agencyCode}`.execute(db);
  return (await withAttachments(db, result.rows))[0];
}

/**
 * A page of what an agency sent, newest first: those made available before the position
 * `before` (time and id of the last message of the previous page), up to `limit`.
 */
export async function findAgencyMessages(db: Queryable, agencyCode: string, limit: number, before?: { at: Date; id: string }): Promise<Message[]> {
  const after = before ? sql`(m.made_available_at, m.id) < (${before.at}, ${before.id}::uuid)` : sql`true`;
  const result = await sql<MessageSelection>`
    SELECT ${messageSelection} FROM mailbox.message m
     WHERE m.agency_code = ${agencyCode} AND ${after}
     ORDER BY m.made_available_at DESC, m.id DESC LIMIT ${limit}`.execute(db);
  return withAttachments(db, result.rows);
}

/** A message of one person (undefined for anyone else's). */
export async function findRecipientMessage(db: Queryable, id: string, accountId: string): Promise<Message | undefined> {
  const result = await sql<MessageSelection>`SELECT ${messageSelection} FROM mailbox.message m WHERE m.id = ${id} AND m.recipient_account_id = ${accountId}`.execute(db);
  return (await withAttachments(db, result.rows))[0];
}

export async function findMessageById(db: Queryable, id: string): Promise<Message | undefined> {
  const result = await sql<MessageSelection>`SELECT ${messageSelection} FROM mailbox.message m WHERE m.id = ${id}`.execute(db);
  return (await withAttachments(db, result.rows))[0];
}

export interface ListFilter {
  archived: boolean;
  /** Words to look for in the subject, the body or the agency's name (case and accents ignored). */
  search?: string;
  state?: ListStateFilter;
  limit: number;
  offset: number;
}

function stateCondition(state: ListStateFilter | undefined): RawBuilder<unknown> {
  switch (state) {
    case 'sin-abrir':
      return sql`m.opened_at IS NULL`;
    case 'leidos':
      return sql`m.opened_at IS NOT NULL`;
    case 'notificados-por-plazo':
      return sql`${deemedAt} IS NOT NULL`;
    default:
      return sql`true`;
  }
}

function searchCondition(search: string | undefined): RawBuilder<unknown> {
  const text = search?.trim();
  if (!text) return sql`true`;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const like = (column: RawBuilder<unknown>) => sql`lower(unaccent(${column})) LIKE lower(unaccent(${pattern}))`;
  return sql`(${like(sql`m.subject`)} OR ${like(sql`m.body`)} OR ${like(sql`m.agency_name`)})`;
}

/** A page of a person's messages, newest first, with the total count of the filter. */
export async function findRecipientMessages(db: Queryable, accountId: string, filter: ListFilter): Promise<{ items: MessageSummary[]; total: number }> {
  const where = sql`m.recipient_account_id = ${accountId} AND ${filter.archived ? sql`m.archived_at IS NOT NULL` : sql`m.archived_at IS NULL`} AND ${searchCondition(filter.search)} AND ${stateCondition(filter.state)}`;
  const rows = await sql<Pick<Selectable<MessageRow>, 'id' | 'agency_name' | 'subject' | 'made_available_at' | 'opened_at' | 'archived_at'> & { deemed_at: Date | null; attachment_count: number }>`
    SELECT m.id, m.agency_name, m.subject, m.made_available_at, m.opened_at, ${deemedAt} AS deemed_at, m.archived_at,
           (SELECT count(*)::int FROM mailbox.attachment a WHERE a.message_id = m.id) AS attachment_count
      FROM mailbox.message m WHERE ${where}
     ORDER BY m.made_available_at DESC, m.id DESC LIMIT ${filter.limit} OFFSET ${filter.offset}`.execute(db);
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message m WHERE ${where}`.execute(db);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      agencyName: r.agency_name,
      subject: r.subject,
      madeAvailableAt: r.made_available_at,
      openedAt: r.opened_at,
      deemedNotifiedAt: r.deemed_at,
      archivedAt: r.archived_at,
      attachmentCount: r.attachment_count,
    })),
    total: count.rows[0]?.n ?? 0,
  };
}

export async function countUnopened(db: Queryable, accountId: string): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM mailbox.message WHERE recipient_account_id = ${accountId} AND opened_at IS NULL AND archived_at IS NULL`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/**
 * Records the first opening of a person's message; returns its time, or undefined when it
 * was opened before (or is not theirs). Opened after the legal period, it also records when
 * it had been deemed notified (the job may not have got there yet).
 */
export async function markOpened(db: Queryable, id: string, accountId: string): Promise<{ openedAt: Date; deemedNotifiedAt: Date | null } | undefined> {
  const result = await sql<{ opened_at: Date } & Pick<Selectable<MessageRow>, 'deemed_notified_at'>>`
    UPDATE mailbox.message m SET opened_at = now(),
           deemed_notified_at = COALESCE(m.deemed_notified_at, CASE WHEN ${dueAt} <= now() THEN ${dueAt} END)
     WHERE m.id = ${id} AND m.recipient_account_id = ${accountId} AND m.opened_at IS NULL
     RETURNING m.opened_at, m.deemed_notified_at`.execute(db);
  const row = result.rows[0];
  return row ? { openedAt: row.opened_at, deemedNotifiedAt: row.deemed_notified_at } : undefined;
}

/** Archives or brings back a person's message; returns whether anything changed. */
export async function setArchived(db: Queryable, id: string, accountId: string, archived: boolean): Promise<boolean> {
  const result = await sql`
    UPDATE mailbox.message SET archived_at = ${archived ? sql`now()` : null}
     WHERE id = ${id} AND recipient_account_id = ${accountId} AND ${archived ? sql`archived_at IS NULL` : sql`archived_at IS NOT NULL`}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface DeemedNotified {
  id: string;
  recipientAccountId: string | null;
  agencyCode: string;
  deemedNotifiedAt: Date;
}

/** Records, for up to `limit` unopened messages whose period has ended, that they are deemed notified. */
export async function markDeemedNotified(db: Queryable, limit: number): Promise<DeemedNotified[]> {
  const result = await sql<Pick<Selectable<MessageRow>, 'id' | 'recipient_account_id' | 'agency_code'> & { deemed_notified_at: Date }>`
    UPDATE mailbox.message m SET deemed_notified_at = ${dueAt}
     WHERE m.id IN (SELECT id FROM mailbox.message WHERE deemed_notified_at IS NULL AND opened_at IS NULL AND (recipient_account_id IS NOT NULL OR recipient_unit_key IS NOT NULL)
                       AND made_available_at + make_interval(hours => 24 * deemed_after_days) <= now()
                     ORDER BY made_available_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
     RETURNING m.id, m.recipient_account_id, m.agency_code, m.deemed_notified_at`.execute(db);
  return result.rows.map((r) => ({ id: r.id, recipientAccountId: r.recipient_account_id, agencyCode: r.agency_code, deemedNotifiedAt: r.deemed_notified_at }));
}

/** Holds the message's row until the transaction ends (one alert job at a time per message). */
export async function lockMessage(db: Queryable, id: string): Promise<void> {
  await sql`SELECT 1 FROM mailbox.message WHERE id = ${id} FOR UPDATE`.execute(db);
}

/** Records that a message's alert on a channel was queued; false when it had been already. */
export async function insertAlert(db: Queryable, alert: { messageId: string; channel: 'email' | 'sms'; outgoingId: string }): Promise<boolean> {
  const result = await sql`
    INSERT INTO mailbox.alert (message_id, channel, outgoing_id) VALUES (${alert.messageId}, ${alert.channel}, ${alert.outgoingId})
    ON CONFLICT (message_id, channel) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function hasAlert(db: Queryable, messageId: string, channel: 'email' | 'sms'): Promise<boolean> {
  const result = await sql`SELECT 1 FROM mailbox.alert WHERE message_id = ${messageId} AND channel = ${channel}`.execute(db);
  return result.rows.length > 0;
}

// ---------------------------------------------------------------------------------------
// The mailbox of an economic unit (empresa digital): read by its representatives.

/** The unit's messages, newest first (the unit's mailbox page lists up to `limit`). */
export async function findUnitMessages(db: Queryable, unitKey: string, limit: number): Promise<Message[]> {
  const result = await sql<MessageSelection>`
    SELECT ${messageSelection} FROM mailbox.message m WHERE m.recipient_unit_key = ${unitKey}
     ORDER BY m.made_available_at DESC, m.id DESC LIMIT ${limit}`.execute(db);
  return result.rows.map((r) => toMessage(r, []));
}

/** One message of the unit, with its attachments; undefined for another unit's or anyone's. */
export async function findUnitMessage(db: Queryable, id: string, unitKey: string): Promise<Message | undefined> {
  const result = await sql<MessageSelection>`SELECT ${messageSelection} FROM mailbox.message m WHERE m.id = ${id} AND m.recipient_unit_key = ${unitKey}`.execute(db);
  const row = result.rows[0];
  return row ? (await withAttachments(db, [row]))[0] : undefined;
}

/**
 * A representative reads the unit's message: their first reading is kept (with who), and the
 * first reading of anyone makes the message opened. Returns whether this was this person's first reading
 * and, when the message became opened now, when.
 */
export async function recordUnitReading(db: Queryable, id: string, unitKey: string, accountId: string): Promise<{ first: boolean; openedAt: Date | null; deemedNotifiedAt: Date | null }> {
  const result = await sql<{ first: boolean; opened_at: Date | null; deemed_notified_at: Date | null }>`
    WITH reading AS (
      INSERT INTO mailbox.unit_reading (message_id, account_id)
      SELECT id, ${accountId} FROM mailbox.message WHERE id = ${id} AND recipient_unit_key = ${unitKey}
      ON CONFLICT DO NOTHING RETURNING message_id
    ), opened AS (
      UPDATE mailbox.message m SET opened_at = now(),
             deemed_notified_at = COALESCE(m.deemed_notified_at, CASE WHEN ${dueAt} <= now() THEN ${dueAt} END)
       WHERE m.id = ${id} AND m.recipient_unit_key = ${unitKey} AND m.opened_at IS NULL
       RETURNING m.opened_at, m.deemed_notified_at
    )
    SELECT EXISTS (SELECT 1 FROM reading) AS first, (SELECT opened_at FROM opened) AS opened_at, (SELECT deemed_notified_at FROM opened) AS deemed_notified_at`.execute(db);
  const row = result.rows[0]!;
  return { first: row.first, openedAt: row.opened_at, deemedNotifiedAt: row.deemed_notified_at };
}

/** Who of the representatives read the message, first reading each, oldest first. */
export async function findUnitReadings(db: Queryable, id: string): Promise<Array<{ accountId: string; readAt: Date }>> {
  const rows = await typed<Tables>(db).selectFrom('mailbox.unit_reading').select(['account_id', 'read_at']).where('message_id', '=', id).orderBy('read_at').execute();
  return rows.map((r) => ({ accountId: r.account_id, readAt: r.read_at }));
}
