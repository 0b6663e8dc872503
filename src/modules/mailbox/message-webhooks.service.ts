// The sending agency's webhooks (topics in webhook-topics.ts), enqueued through the platform's
// one mechanism in the transaction of the change (opened, deemed notified).
import type { Queryable } from '../../platform/db/index.ts';
import { enqueueWebhook } from '../../platform/webhooks/webhooks.ts';

/** In the transaction of the change: the sending agency's webhook, once per message and topic. */
export async function enqueueMessageWebhook(trx: Queryable, topic: string, notice: { messageId: string; agencyCode: string; at: Date }): Promise<void> {
  await enqueueWebhook(trx, {
    owner: { kind: 'agency', id: notice.agencyCode },
    topic,
    sourceKey: `mailbox-${notice.messageId}-${topic}`,
    payload: { topic, messageId: notice.messageId, agencyCode: notice.agencyCode, at: notice.at.toISOString() },
  });
}
