// What the sending agency's system receives at its webhook when one of its messages is
// opened or deemed notified (agency.service.ts enqueues it through src/platform/webhooks).
// The body names the message and the time, never the person or the content.
import type { JsonSchema, WebhookTopicDeclaration } from '../../platform/module.ts';

export const messageNoticePayload: JsonSchema = {
  type: 'object',
  required: ['topic', 'messageId', 'agencyCode', 'at'],
  properties: {
    topic: { type: 'string', enum: ['mailbox.message_opened', 'mailbox.message_deemed_notified'] },
    messageId: { type: 'string', format: 'uuid', description: 'The id returned at delivery' },
    agencyCode: { type: 'string' },
    at: { type: 'string', format: 'date-time', description: 'When it was opened, or deemed notified (the end of the legal period)' },
  },
};

export const MAILBOX_TOPICS = { opened: 'mailbox.message_opened', deemedNotified: 'mailbox.message_deemed_notified' } as const;

export const mailboxWebhookTopics: WebhookTopicDeclaration[] = [
  { name: MAILBOX_TOPICS.opened, descriptionKey: 'mailbox.contract.topic.opened', payload: messageNoticePayload },
  { name: MAILBOX_TOPICS.deemedNotified, descriptionKey: 'mailbox.contract.topic.deemedNotified', payload: messageNoticePayload },
];
