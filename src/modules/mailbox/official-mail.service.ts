// Official mail on the mailbox's side (docs/postal.md, "Official mail"): a message addressed to
// a document nobody holds an account for is held until an account with that document claims
// it; the post (postal's sweep) asks which messages to send as registered mail, records the
// dispatch, and reports the letter's tracking events, kept on the message as proof of
// notification that the sending agency reads.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { findAccount } from '../identity/index.ts';
import { claimHeld, hasHeld, findDispatchByNumber, findPostCandidates, insertDispatchAudited, insertPostalEventAudited, type PostCandidate } from './official-mail.queries.ts';
import { POSTAL_EVENT_KINDS, type PostalDispatch, type PostalEventKind } from './mailbox.types.ts';

export type { PostCandidate } from './official-mail.queries.ts';

/**
 * Gives the person the messages held for her document (addressed before she had an account);
 * each claim audited. Called when an account is created and before her list is read.
 */
export async function claimHeldMessages(deps: Pick<Deps, 'db'>, account: { id: string; documentType: string; documentNumber: string }): Promise<number> {
  if (!(await hasHeld(deps.db, account.documentType, account.documentNumber))) return 0;
  return deps.db.transaction().execute(async (trx) => {
    const claimed = await claimHeld(trx, account.id, account.documentType, account.documentNumber);
    for (const message of claimed) {
      await recordAudit(trx, {
        actor: { type: 'person', id: account.id },
        action: 'mailbox.message_claimed',
        subject: { type: 'mailbox_message', id: message.id },
        data: { agencyCode: message.agencyCode },
      });
      await emitEvent(trx, 'mailbox.message_delivered', { messageId: message.id, recipientAccountId: account.id, agencyCode: message.agencyCode });
    }
    return claimed.length;
  });
}

/** The `identity.account_created` handler: the new account claims what was held for its document. */
export async function claimOnAccountCreated(event: DomainEvent, deps: Deps): Promise<void> {
  const account = await findAccount(deps, String(event.payload.accountId ?? ''));
  if (account) await claimHeldMessages(deps, account);
}

/** Messages the post should send as registered mail (see `findPostCandidates`). */
export function messagesToPost(deps: Pick<Deps, 'db'>, options: { unopenedDays: number; limit: number }): Promise<PostCandidate[]> {
  return findPostCandidates(deps.db, options.unopenedDays, options.limit);
}

/**
 * Records that the message went by post (its S10 number and letter) or could not (no postal
 * address); once per message (a second sweep's record is a no-op, answering false). Audited.
 */
export async function recordPostalDispatch(
  deps: Pick<Deps, 'db'>,
  candidate: Pick<PostCandidate, 'id' | 'agencyCode' | 'reason'>,
  sent: { shipmentNumber: string; addresseeName: string; address: string; letterSha256: string } | null,
): Promise<boolean> {
  const reason: PostalDispatch['reason'] = sent ? candidate.reason : 'no_address';
  return insertDispatchAudited(
    deps.db,
    {
      messageId: candidate.id,
      shipmentNumber: sent?.shipmentNumber ?? null,
      reason,
      addresseeName: sent?.addresseeName ?? null,
      address: sent?.address ?? null,
      letterSha256: sent?.letterSha256 ?? null,
    },
    {
      audit: {
        actor: { type: 'system', id: 'postal' },
        action: sent ? 'mailbox.message_posted' : 'mailbox.message_not_postable',
        subject: { type: 'mailbox_message', id: candidate.id },
        data: { reason, shipmentNumber: sent?.shipmentNumber ?? null, letterSha256: sent?.letterSha256 ?? null },
      },
      events: [{ topic: 'mailbox.message_posted', payload: { messageId: candidate.id, agencyCode: candidate.agencyCode, shipmentNumber: sent?.shipmentNumber ?? null, reason } }],
    },
  );
}

/**
 * A tracking event of a letter of official mail, kept on its message; a delivery is the proof of
 * notification (when and at which office), a return is recorded too. The same event twice is
 * one. Returns false for a number that is no letter; throws while the dispatch is not recorded
 * yet (the sweep is between registering the shipment and recording it: the job retries).
 */
export async function recordPostalEvent(
  deps: Pick<Deps, 'db'>,
  event: { shipmentNumber: string; kind: string; occurredAt: Date; officeCode: string | null; officeName: string | null },
): Promise<boolean> {
  if (!POSTAL_EVENT_KINDS.includes(event.kind as PostalEventKind)) return false;
  const dispatch = await findDispatchByNumber(deps.db, event.shipmentNumber);
  if (!dispatch) throw new Error(`no postal dispatch recorded yet for ${event.shipmentNumber}`);
  const kind = event.kind as PostalEventKind;
  const data = { shipmentNumber: event.shipmentNumber, kind, occurredAt: event.occurredAt.toISOString(), office: event.officeCode };
  return insertPostalEventAudited(
    deps.db,
    { messageId: dispatch.messageId, kind, occurredAt: event.occurredAt, officeCode: event.officeCode, officeName: event.officeName },
    {
      audit: {
        actor: { type: 'system', id: 'postal' },
        action: kind === 'delivered' ? 'mailbox.message_notified_by_post' : 'mailbox.postal_event_recorded',
        subject: { type: 'mailbox_message', id: dispatch.messageId },
        data,
      },
      events: kind === 'delivered' ? [{ topic: 'mailbox.message_notified_by_post', payload: { messageId: dispatch.messageId, agencyCode: dispatch.agencyCode, ...data } }] : [],
    },
  );
}
