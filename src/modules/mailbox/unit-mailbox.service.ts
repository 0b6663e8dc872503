// Empresa digital (issue #17): the mailbox of an economic unit. Agencies and Tambo's modules
// deliver to the unit (deliverToUnit, notifyUnit); whoever represents the unit now reads it. The
// caller says which units the person represents (the registry of units, read on every request):
// a representative removed from the unit loses its mailbox at once, anyone else gets "not found".
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { findUnitMessage, findUnitMessages, findUnitReadings, recordUnitReading } from './mailbox.queries.ts';
import { deliverToUnit } from './mailbox.service.ts';
import type { Message } from './mailbox.types.ts';
import { enqueueMessageWebhook } from './message-webhooks.service.ts';
import { MAILBOX_TOPICS } from './webhook-topics.ts';

/** A person reading a unit's mailbox, with the units they represent now. */
export interface UnitReader {
  accountId: string;
  unitKeys: readonly string[];
}

/** The newest messages a unit's mailbox lists. */
export const UNIT_MAILBOX_LIMIT = 100;

function requireRepresentative(reader: UnitReader, unitKey: string): void {
  // Not a representative (any more): the mailbox is "not found", with no hint that it exists.
  if (!reader.unitKeys.includes(unitKey)) throw new AppError('MAILBOX_MESSAGE_NOT_FOUND');
}

/** A notice from one of Tambo's modules to a unit (a case of the unit moved on). Idempotent by `key`. */
export async function notifyUnit(deps: Deps, notice: { unitKey: string; agencyCode: string; subject: string; body: string; source: string; key: string }): Promise<Message> {
  const { message } = await deliverToUnit(
    deps,
    { clientId: `tambo:${notice.source}`, agencyCode: notice.agencyCode, actor: { type: 'system', id: notice.source } },
    { unitKey: notice.unitKey, subject: notice.subject, body: notice.body },
    { idempotencyKey: notice.key },
  );
  return message;
}

/** The unit's messages, newest first, for one of its current representatives. */
export async function listUnitMessages(deps: Pick<Deps, 'db'>, reader: UnitReader, unitKey: string): Promise<Message[]> {
  requireRepresentative(reader, unitKey);
  return findUnitMessages(deps.db, unitKey, UNIT_MAILBOX_LIMIT);
}

/**
 * A representative reads the unit's message: each representative's first reading is recorded
 * and audited with who read it; the first reading of all makes the message opened (its legal
 * delivery time, as for a person's message: event and webhook `mailbox.message_opened`).
 */
export async function openUnitMessage(
  deps: Pick<Deps, 'db'>,
  reader: UnitReader,
  unitKey: string,
  id: string,
  requestId?: string,
): Promise<{ message: Message; readings: Array<{ accountId: string; readAt: Date }> }> {
  requireRepresentative(reader, unitKey);
  const found = await findUnitMessage(deps.db, id, unitKey);
  if (!found) throw new AppError('MAILBOX_MESSAGE_NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    const reading = await recordUnitReading(trx, id, unitKey, reader.accountId);
    if (!reading.first) return;
    await recordAudit(trx, {
      actor: { type: 'person', id: reader.accountId },
      action: 'mailbox.unit_message_read',
      subject: { type: 'mailbox_message', id },
      data: { unitKey, openedAt: reading.openedAt?.toISOString() ?? null },
      requestId,
    });
    if (!reading.openedAt) return;
    await emitEvent(trx, 'mailbox.message_opened', { messageId: id, agencyCode: found.agencyCode, openedAt: reading.openedAt.toISOString() });
    await enqueueMessageWebhook(trx, MAILBOX_TOPICS.opened, { messageId: id, agencyCode: found.agencyCode, at: reading.openedAt });
  });
  const message = (await findUnitMessage(deps.db, id, unitKey))!;
  return { message, readings: await findUnitReadings(deps.db, id) };
}
