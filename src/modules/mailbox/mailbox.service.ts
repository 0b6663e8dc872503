// Use cases of the mailbox: agencies deliver (validated, idempotent, audited, alerting the
// person through the outbox); agencies read back delivery times of their own messages; the
// person lists, searches, opens (recorded once), archives, downloads attachments and signed
// receipts of their own messages — and nobody else's.
import { enqueueMessageWebhook } from './message-webhooks.service.ts';
import { MAILBOX_TOPICS } from './webhook-topics.ts';
import { recordAudit, type AuditInput } from '../../platform/audit/audit.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent, type DomainEvent } from '../../platform/events/outbox.ts';
import { checkFile, decodeBase64, readFile, safeFilename, sha256Hex, storeFile } from '../../platform/files/index.ts';
import { DEFAULT_LOCALE } from '../../platform/i18n/i18n.ts';
import { assertSameRequest, requestFingerprint } from '../../platform/idempotency/idempotency.ts';
import { enqueueJob } from '../../platform/jobs/queue.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getAgency } from '../agencies/index.ts';
import { findAccount, findAccountByIdentityDocument } from '../identity/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { claimHeldMessages } from './official-mail.service.ts';
import { findDispatches } from './official-mail.queries.ts';
import {
  countUnopened,
  findAgencyMessage,
  findIdempotentDelivery,
  findMessageById,
  findRecipientMessage,
  findRecipientMessages,
  hasAlert,
  insertAlert,
  insertMessageAudited,
  lockMessage,
  markDeemedNotified,
  markOpened,
  setArchived,
} from './mailbox.queries.ts';
import { ATTACHMENT_MEDIA_TYPES, MAX_ATTACHMENT_BYTES, PAGE_SIZE, type Attachment, type ListStateFilter, type Message, type MessageSummary } from './mailbox.types.ts';

export const DEEMED_NOTIFIED_JOB = 'mailbox:mark_deemed_notified';
const DEEMED_NOTIFIED_JOB_KEY = 'mailbox-mark-deemed-notified';
/** How often the job records deemed notifications (reads never wait for it: see mailbox.queries.ts). */
const DEEMED_NOTIFIED_EVERY_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------
// Delivery (agencies)

export interface DeliveryInput {
  recipient: { documentType: string; documentNumber: string };
  subject: string;
  body: string;
  attachments?: Array<{ filename: string; content: string }>;
}

export interface Sender {
  clientId: string;
  agencyCode: string;
  actor: AuditInput['actor'];
}

export interface DeliveryOptions {
  idempotencyKey?: string;
  requestId?: string;
  /** Raise the e-mail/SMS alert (default true; the demo seed does not). */
  alert?: boolean;
  /** Demo seed only: place the message in the past, possibly opened. */
  madeAvailableAt?: Date;
  openedAt?: Date;
}

interface DecodedAttachment {
  filename: string;
  bytes: Buffer;
  mediaType: Attachment['mediaType'];
}

/** Checks a delivery; without a recipient (a unit's mailbox), its content only. */
function validateDelivery(
  deps: Pick<Deps, 'country'>,
  input: Omit<DeliveryInput, 'recipient'> & { recipient?: DeliveryInput['recipient'] },
): { documentType: string; documentNumber: string; subject: string; body: string; attachments: DecodedAttachment[] } {
  const fields: FieldError[] = [];
  const documentType = input.recipient ? deps.country.identityDocuments.find((type) => type.code === input.recipient!.documentType.trim().toUpperCase()) : undefined;
  let documentNumber = '';
  // No recipient: a unit's mailbox, the caller names the unit.
  if (input.recipient && !documentType) {
    fields.push({ field: '/recipient/documentType', messageKey: 'mailbox.errors.documentType', params: { types: deps.country.identityDocuments.map((type) => type.code).join(', ') } });
  } else if (input.recipient && documentType) {
    const check = documentType.check(input.recipient.documentNumber);
    if (check.ok) documentNumber = check.normalized;
    else fields.push({ field: '/recipient/documentNumber', messageKey: 'mailbox.errors.documentNumber', params: { example: documentType.example } });
  }
  const subject = input.subject.trim();
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (!subject) fields.push({ field: '/subject', messageKey: 'mailbox.errors.subjectEmpty' });
  if (!body) fields.push({ field: '/body', messageKey: 'mailbox.errors.bodyEmpty' });
  const attachments: DecodedAttachment[] = [];
  (input.attachments ?? []).forEach((attachment, index) => {
    const field = `/attachments/${index}/content`;
    const bytes = decodeBase64(attachment.content);
    if (!bytes) {
      fields.push({ field, messageKey: 'mailbox.errors.attachmentEncoding' });
      return;
    }
    const check = checkFile(bytes, { maxBytes: MAX_ATTACHMENT_BYTES, allowed: ATTACHMENT_MEDIA_TYPES });
    if (!check.ok) {
      if (check.reason === 'too_large') fields.push({ field, messageKey: 'mailbox.errors.attachmentTooLarge', params: { megabytes: MAX_ATTACHMENT_BYTES / (1024 * 1024) } });
      else fields.push({ field, messageKey: check.reason === 'empty' ? 'mailbox.errors.attachmentEncoding' : 'mailbox.errors.attachmentType' });
      return;
    }
    attachments.push({ filename: safeFilename(attachment.filename, check.mediaType), bytes, mediaType: check.mediaType });
  });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  return { documentType: documentType?.code ?? '', documentNumber, subject, body, attachments };
}

async function agencyName(deps: Pick<Deps, 'db'>, code: string): Promise<string> {
  try {
    return (await getAgency(deps, code)).name;
  } catch {
    return code;
  }
}

async function idempotentReplay(deps: Pick<Deps, 'db'>, clientId: string, key: string, requestSha256: string): Promise<Message | undefined> {
  const existing = await findIdempotentDelivery(deps.db, clientId, key);
  if (!existing) return undefined;
  assertSameRequest(existing.requestSha256, requestSha256);
  return findMessageById(deps.db, existing.id);
}

/**
 * Delivers a message to the person holding the addressed document (or holds it for the document
 * when nobody has an account for it yet: it goes by post). With an idempotency
 * key, a retry (same client, key and request) returns the first message (`created: false`);
 * the same key with a different request is refused.
 */
export async function deliverMessage(deps: Deps, sender: Sender, input: DeliveryInput, options: DeliveryOptions = {}): Promise<{ message: Message; created: boolean }> {
  return deliverValid(deps, sender, validateDelivery(deps, input), options);
}

/**
 * Empresa digital: delivers a message to an economic unit's mailbox (its NIT/RIF, as the registry
 * of units keeps it; the caller names a unit that exists). Its current representatives read it
 * (`openUnitMessage`); it is never held nor sent by post. Idempotent by key as `deliverMessage`.
 */
export async function deliverToUnit(
  deps: Deps,
  sender: Sender,
  input: Omit<DeliveryInput, 'recipient'> & { unitKey: string },
  options: DeliveryOptions = {},
): Promise<{ message: Message; created: boolean }> {
  const documentType = deps.country.code === 've' ? 'RIF' : 'NIT';
  const { subject, body, attachments } = validateDelivery(deps, input);
  return deliverValid(deps, sender, { documentType, documentNumber: input.unitKey, subject, body, attachments }, options, input.unitKey);
}

async function deliverValid(deps: Deps, sender: Sender, valid: ReturnType<typeof validateDelivery>, options: DeliveryOptions, unitKey?: string): Promise<{ message: Message; created: boolean }> {
  // The key is kept on the message row (its unique index is the claim: the write stays one statement).
  const requestSha256 = requestFingerprint({
    recipient: unitKey ? { unitKey } : { documentType: valid.documentType, documentNumber: valid.documentNumber },
    subject: valid.subject,
    body: valid.body,
    attachments: valid.attachments.map((a) => ({ filename: a.filename, sha256: sha256Hex(a.bytes) })),
  });
  const key = options.idempotencyKey ?? null;
  if (key) {
    const replay = await idempotentReplay(deps, sender.clientId, key, requestSha256);
    if (replay) return { message: replay, created: false };
  }
  // Nobody holds an account for the document: the message is held for it (claimed by the account
  // that later holds it) and goes by post (docs/postal.md, "Official mail").
  const recipient = unitKey ? null : ((await findAccountByIdentityDocument(deps, valid.documentType, valid.documentNumber)) ?? null);
  const name = await agencyName(deps, sender.agencyCode);

  const id = uuidv7();
  const contentSha256 = sha256Hex(valid.body);
  // The write pattern: one statement writes the message, its attachments' rows, the audit
  // entry and the event; a transaction is opened only when files are stored with it.
  const write = async (q: Queryable): Promise<Message | undefined> => {
    // The files go into the platform's content-addressed store in the same transaction.
    const attachments: Attachment[] = [];
    for (const [position, attachment] of valid.attachments.entries()) {
      const stored = await storeFile(q, attachment.bytes, attachment.mediaType);
      attachments.push({ id: uuidv7(), position, filename: attachment.filename, mediaType: attachment.mediaType, sizeBytes: stored.size, sha256: stored.sha256 });
    }
    return insertMessageAudited(
      q,
      {
        id,
        recipientAccountId: recipient?.id ?? null,
        recipientUnitKey: unitKey ?? null,
        recipientDocumentType: valid.documentType,
        recipientDocumentNumber: valid.documentNumber,
        agencyCode: sender.agencyCode,
        agencyName: name,
        clientId: sender.clientId,
        subject: valid.subject,
        body: valid.body,
        contentSha256,
        idempotencyKey: key,
        requestSha256,
        deemedAfterDays: deps.country.mailboxDeemedNotifiedDays,
        madeAvailableAt: options.madeAvailableAt,
        openedAt: options.openedAt,
      },
      attachments,
      {
        audit: {
          actor: sender.actor,
          action: 'mailbox.message_delivered',
          subject: { type: 'mailbox_message', id },
          data: {
            agencyCode: sender.agencyCode,
            recipientAccountId: recipient?.id ?? null,
            ...(unitKey ? { recipientUnitKey: unitKey } : {}),
            contentSha256,
            attachments: attachments.map((a) => a.sha256),
          },
          requestId: options.requestId,
        },
        events: options.alert === false || !recipient ? [] : [{ topic: 'mailbox.message_delivered', payload: { messageId: id, recipientAccountId: recipient.id, agencyCode: sender.agencyCode } }],
      },
    );
  };
  const message = valid.attachments.length > 0 ? await deps.db.transaction().execute(write) : await write(deps.db);
  if (message) return { message, created: true };
  // Another request with the same key got there first: answer as a retry.
  const replay = key ? await idempotentReplay(deps, sender.clientId, key, requestSha256) : undefined;
  if (!replay) throw new Error('delivered message not found');
  return { message: replay, created: false };
}

/** A notice from one of Tambo's own modules (a case receipt, a report's follow-up) to a person. */
export interface PlatformNotice {
  accountId: string;
  /** The agency the notice speaks for. */
  agencyCode: string;
  subject: string;
  body: string;
  /** The module that sends it (recorded as client `tambo:<module>` and as the audit actor). */
  source: string;
  /** Makes a retried job deliver once (e.g. the id of the event that caused the notice). */
  key: string;
}

/**
 * Delivers a platform module's notice to a person's mailbox, with the same times, receipt and
 * alert as an agency's delivery. Idempotent by `key`. Returns undefined when the account is gone.
 */
export async function notifyAccount(deps: Deps, notice: PlatformNotice): Promise<Message | undefined> {
  const account = await findAccount(deps, notice.accountId);
  if (!account) return undefined;
  const { message } = await deliverMessage(
    deps,
    { clientId: `tambo:${notice.source}`, agencyCode: notice.agencyCode, actor: { type: 'system', id: notice.source } },
    { recipient: { documentType: account.documentType, documentNumber: account.documentNumber }, subject: notice.subject, body: notice.body },
    { idempotencyKey: notice.key },
  );
  return message;
}

/** Delivery times of a message, for the agency that sent it only (others get "not found"). */
export async function getDeliveryStatus(deps: Pick<Deps, 'db'>, agencyCode: string, id: string): Promise<Message> {
  const message = await findAgencyMessage(deps.db, id, agencyCode);
  if (!message) throw new AppError('MAILBOX_MESSAGE_NOT_FOUND');
  // Official mail: the postal number, the letter's events and the proof of notification.
  message.postal = (await findDispatches(deps.db, [id])).get(id) ?? null;
  return message;
}

// ---------------------------------------------------------------------------------------
// The person's mailbox

export interface MessagePage {
  items: MessageSummary[];
  total: number;
  page: number;
  pages: number;
  unopened: number;
}

export async function listMessages(
  deps: Pick<Deps, 'db'>,
  account: { id: string; documentType: string; documentNumber: string },
  filter: { archived: boolean; search?: string; state?: ListStateFilter; page: number },
): Promise<MessagePage> {
  // What was addressed to her document before she had an account becomes hers (see official-mail.service.ts).
  await claimHeldMessages(deps, account);
  const accountId = account.id;
  const page = Math.max(1, Math.trunc(filter.page));
  const { items, total } = await findRecipientMessages(deps.db, accountId, { archived: filter.archived, search: filter.search, state: filter.state, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { items, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), unopened: await countUnopened(deps.db, accountId) };
}

async function ownMessage(deps: Pick<Deps, 'db'>, accountId: string, id: string): Promise<Message> {
  const message = await findRecipientMessage(deps.db, id, accountId);
  // Another person's message is "not found", exactly like one that does not exist.
  if (!message) throw new AppError('MAILBOX_MESSAGE_NOT_FOUND');
  return message;
}

/** The person reads their message; the first time records (and audits) when it was opened. */
export async function openMessage(deps: Pick<Deps, 'db'>, accountId: string, id: string, requestId?: string): Promise<Message> {
  const message = await ownMessage(deps, accountId, id);
  // Sent by post too (official mail): she sees the letter's number and its delivery.
  message.postal = (await findDispatches(deps.db, [id])).get(id) ?? null;
  if (message.openedAt) return message;
  await deps.db.transaction().execute(async (trx) => {
    const opened = await markOpened(trx, id, accountId);
    if (!opened) return;
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'mailbox.message_opened',
      subject: { type: 'mailbox_message', id },
      data: { openedAt: opened.openedAt.toISOString(), deemedNotifiedAt: opened.deemedNotifiedAt?.toISOString() ?? null },
      requestId,
    });
    await emitEvent(trx, 'mailbox.message_opened', { messageId: id, agencyCode: message.agencyCode, openedAt: opened.openedAt.toISOString() });
    await enqueueMessageWebhook(trx, MAILBOX_TOPICS.opened, { messageId: id, agencyCode: message.agencyCode, at: opened.openedAt });
  });
  return { ...(await ownMessage(deps, accountId, id)), postal: message.postal };
}

/** Files the message away (or brings it back to the inbox); audited when something changed. */
export async function archiveMessage(deps: Pick<Deps, 'db'>, accountId: string, id: string, archived: boolean, requestId?: string): Promise<void> {
  await ownMessage(deps, accountId, id);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await setArchived(trx, id, accountId, archived))) return;
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: archived ? 'mailbox.message_archived' : 'mailbox.message_unarchived',
      subject: { type: 'mailbox_message', id },
      requestId,
    });
  });
}

/** An attachment of the person's own message, with its bytes (checked against their hash). */
export async function getAttachment(deps: Pick<Deps, 'db'>, accountId: string, messageId: string, attachmentId: string): Promise<{ attachment: Attachment; bytes: Buffer }> {
  const message = await ownMessage(deps, accountId, messageId);
  const attachment = message.attachments.find((a) => a.id === attachmentId);
  if (!attachment) throw new AppError('MAILBOX_ATTACHMENT_NOT_FOUND');
  const bytes = (await readFile(deps.db, attachment.sha256))?.content;
  if (!bytes || sha256Hex(bytes) !== attachment.sha256) throw new Error(`stored file ${attachment.sha256} is missing or damaged`);
  return { attachment, bytes };
}

export const RECEIPT_TYPE = 'tambo-mailbox-receipt+jws';

/** What a receipt states; signed as a compact JWS with the platform keyring (`deps.keyring.sign`). */
export function receiptPayload(deps: Pick<Deps, 'config'>, message: Message, issuedAt: Date): Record<string, unknown> {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    iss: deps.config.publicUrl,
    iat: Math.floor(issuedAt.getTime() / 1000),
    type: 'mailbox_receipt',
    messageId: message.id,
    recipient: { documentType: message.recipientDocumentType, documentNumber: message.recipientDocumentNumber },
    agency: { code: message.agencyCode, name: message.agencyName },
    subject: message.subject,
    contentSha256: message.contentSha256,
    attachments: message.attachments.map((a) => ({ filename: a.filename, mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256 })),
    madeAvailableAt: iso(message.madeAvailableAt),
    openedAt: iso(message.openedAt),
    deemedNotifiedAt: iso(message.deemedNotifiedAt),
    legalPeriodDays: message.deemedAfterDays,
    ...(message.postal?.shipmentNumber
      ? { post: { number: message.postal.shipmentNumber, deliveredAt: iso(message.postal.deliveredAt), deliveredOffice: message.postal.deliveredOffice, returnedAt: iso(message.postal.returnedAt) } }
      : {}),
  };
}

/** The signed receipt of the person's own message. `sign` signs with the platform's key. */
export async function issueReceipt(
  deps: Pick<Deps, 'db' | 'config'>,
  accountId: string,
  id: string,
  sign: (payload: Record<string, unknown>) => Promise<string>,
): Promise<{ message: Message; jws: string }> {
  const message = await ownMessage(deps, accountId, id);
  return { message, jws: await sign(receiptPayload(deps, message, new Date())) };
}

// ---------------------------------------------------------------------------------------
// Background work

/**
 * Alerts the person of a new message by e-mail and SMS through messaging's outbox; once per
 * channel (a retried job finds the alert recorded). The alert says only that a message from
 * an agency is waiting and where: never its subject or content.
 */
export async function sendDeliveryAlert(event: DomainEvent, deps: Deps): Promise<void> {
  const messageId = String(event.payload.messageId ?? '');
  const message = await findMessageById(deps.db, messageId);
  if (!message) return;
  const account = message.recipientAccountId ? await findAccount(deps, message.recipientAccountId) : undefined;
  if (!account) return;
  const params = { name: account.givenName, agency: message.agencyName, url: `${deps.config.publicUrl}/buzon/${message.id}`, days: message.deemedAfterDays };
  const channels = [...(account.email ? [{ channel: 'email' as const, to: account.email }] : []), ...(account.phone ? [{ channel: 'sms' as const, to: account.phone }] : [])];
  await deps.db.transaction().execute(async (trx) => {
    await lockMessage(trx, messageId);
    for (const { channel, to } of channels) {
      if (await hasAlert(trx, messageId, channel)) continue;
      const outgoingId = await queueMessage(trx, { channel, to, templateKey: 'mailboxMessage', params, locale: DEFAULT_LOCALE });
      await insertAlert(trx, { messageId, channel, outgoingId });
    }
  });
}

/** Records deemed notifications that are due (audited, with an event each); returns how many. */
export async function recordDeemedNotifications(deps: Pick<Deps, 'db'>, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const marked = await deps.db.transaction().execute(async (trx) => {
      const rows = await markDeemedNotified(trx, batchSize);
      for (const row of rows) {
        await recordAudit(trx, {
          actor: { type: 'system', id: DEEMED_NOTIFIED_JOB },
          action: 'mailbox.message_deemed_notified',
          subject: { type: 'mailbox_message', id: row.id },
          data: { deemedNotifiedAt: row.deemedNotifiedAt.toISOString() },
        });
        await emitEvent(trx, 'mailbox.message_deemed_notified', { messageId: row.id, agencyCode: row.agencyCode, deemedNotifiedAt: row.deemedNotifiedAt.toISOString() });
        await enqueueMessageWebhook(trx, MAILBOX_TOPICS.deemedNotified, { messageId: row.id, agencyCode: row.agencyCode, at: row.deemedNotifiedAt });
      }
      return rows.length;
    });
    total += marked;
    if (marked < batchSize) return total;
  }
}

/** (Re)schedules the deemed-notification job; one pending run at a time (job key). */
export async function scheduleDeemedNotifications(deps: Pick<Deps, 'db'>, runAt: Date): Promise<void> {
  await enqueueJob(deps.db, DEEMED_NOTIFIED_JOB, {}, { key: DEEMED_NOTIFIED_JOB_KEY, runAt });
}

/** The job: record what is due, then run again in an hour. */
export async function runDeemedNotificationsJob(deps: Pick<Deps, 'db'>): Promise<void> {
  await recordDeemedNotifications(deps);
  await scheduleDeemedNotifications(deps, new Date(Date.now() + DEEMED_NOTIFIED_EVERY_MS));
}
