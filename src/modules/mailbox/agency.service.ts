// What the sending agency's system (a client with the `mailbox:send` right) reads about what
// it sent: the list, the signed receipt of each message, and its webhook subscription to
// `mailbox.*` (the deliveries are enqueued by message-webhooks.service.ts).
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { saveWebhookSubscription } from '../../platform/webhooks/webhooks.ts';
import { findAgencyMessage, findAgencyMessages } from './mailbox.queries.ts';
import { receiptPayload } from './mailbox.service.ts';
import { findDispatches } from './official-mail.queries.ts';
import type { Message } from './mailbox.types.ts';
import { mailboxWebhookTopics } from './webhook-topics.ts';

export interface SendingSystem {
  clientId: string;
  agencyCode: string;
}

export const SENT_PAGE_SIZE = 50;

const encode = (m: Message) => Buffer.from(`${m.madeAvailableAt.toISOString()}|${m.id}`).toString('base64url');
function decode(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/cursor', messageKey: 'mailbox.errors.cursorInvalid' }] });
  return { at: date, id: id! };
}

/** A page of what the agency sent, newest first; `next` is the cursor of the following page (null on the last). */
export async function listSentMessages(deps: Pick<Deps, 'db'>, system: SendingSystem, page: { cursor?: string; limit?: number }): Promise<{ items: Message[]; next: string | null }> {
  const limit = Math.min(Math.max(page.limit ?? SENT_PAGE_SIZE, 1), 200);
  const rows = await findAgencyMessages(deps.db, system.agencyCode, limit + 1, decode(page.cursor));
  const items = rows.slice(0, limit);
  const postal = await findDispatches(
    deps.db,
    items.map((m) => m.id),
  );
  for (const m of items) m.postal = postal.get(m.id) ?? null;
  return { items, next: rows.length > limit ? encode(items.at(-1)!) : null };
}

/** The signed receipt (compact JWS, the same the person downloads) of a message the agency sent. */
export async function agencyReceipt(deps: Pick<Deps, 'db' | 'config'>, system: SendingSystem, id: string, sign: (payload: Record<string, unknown>) => Promise<string>): Promise<string> {
  const message = await findAgencyMessage(deps.db, id, system.agencyCode);
  if (!message) throw new AppError('MAILBOX_MESSAGE_NOT_FOUND');
  message.postal = (await findDispatches(deps.db, [message.id])).get(message.id) ?? null;
  return sign(receiptPayload(deps, message, new Date()));
}

/** Subscribes the agency's system to `mailbox.*` (both topics), or changes it; audited. The generated secret comes back once. */
export async function saveMailboxWebhook(
  deps: Pick<Deps, 'db' | 'config'>,
  system: SendingSystem,
  input: { url: string; secret?: string; isActive: boolean; requestId?: string },
): Promise<{ id: number; topics: string[]; generatedSecret?: string }> {
  const topics = mailboxWebhookTopics.map((t) => t.name);
  const saved = await saveWebhookSubscription(
    deps,
    { owner: { kind: 'agency', id: system.agencyCode }, module: 'mailbox', url: input.url, topics, secret: input.secret, isActive: input.isActive },
    async (trx, subscriptionId) => {
      await recordAudit(trx, {
        actor: { type: 'client', id: system.clientId },
        action: 'mailbox.webhook_saved',
        subject: { type: 'agency', id: system.agencyCode },
        data: { url: input.url, isActive: input.isActive, subscriptionId, newSecret: input.secret ? true : undefined },
        requestId: input.requestId ?? null,
      });
    },
  );
  return { id: saved.id, topics, generatedSecret: saved.generatedSecret };
}
