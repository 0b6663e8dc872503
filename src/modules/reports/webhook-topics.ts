// What an agency's system receives at its webhook (report.delivery.ts sends it, signed):
// one topic per kind of timeline entry delivered, all with the same body.
import type { JsonSchema, WebhookTopicDeclaration } from '../../platform/module.ts';

const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });

export const deliveryPayload: JsonSchema = {
  type: 'object',
  required: ['deliveryId', 'event', 'report'],
  properties: {
    deliveryId: { type: 'integer', description: "The timeline entry's id, the same on every attempt (drop repeats by the webhook-id header)" },
    event: {
      type: ['object', 'null'],
      properties: { id: { type: 'integer' }, kind: { type: 'string' }, status: nullable('string'), text: nullable('string'), at: { type: 'string', format: 'date-time' } },
    },
    report: {
      type: 'object',
      required: ['id', 'code', 'url', 'category', 'status', 'description', 'createdAt', 'dueAt'],
      properties: {
        id: { type: 'integer' },
        code: { type: 'string' },
        url: { type: 'string', format: 'uri' },
        category: { type: 'string' },
        status: { type: 'string', enum: ['received', 'in_progress', 'resolved', 'rejected', 'duplicate'] },
        description: { type: 'string' },
        answers: { type: 'object' },
        lat: nullable('number'),
        lon: nullable('number'),
        address: nullable('string'),
        territoryCode: nullable('string'),
        agencyCode: nullable('string'),
        createdAt: { type: 'string', format: 'date-time' },
        dueAt: { type: 'string', format: 'date-time' },
        photos: { type: 'array', items: { type: 'string', format: 'uri' } },
        isAnonymous: { type: 'boolean' },
        contact: { description: "The reporter's contact when given (the agency is the competent authority)" },
      },
    },
  },
};

export const reportsWebhookTopics: WebhookTopicDeclaration[] = [
  { name: 'reports.routed', descriptionKey: 'reports.contract.topic.routed', payload: deliveryPayload },
  { name: 'reports.reassigned', descriptionKey: 'reports.contract.topic.reassigned', payload: deliveryPayload },
  { name: 'reports.contested', descriptionKey: 'reports.contract.topic.contested', payload: deliveryPayload },
];
