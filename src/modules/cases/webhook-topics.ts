// What an agency's system receives at its webhook for its cases (services/agency.service.ts
// enqueues it through the platform's mechanism, src/platform/webhooks). The body names the
// case and its state, never the applicant's data: the system reads the case through the API.
import type { JsonSchema, WebhookTopicDeclaration } from '../../platform/module.ts';

export const caseChangePayload: JsonSchema = {
  type: 'object',
  required: ['topic', 'eventId', 'trackingCode', 'procedureId', 'procedureName', 'agencyCode', 'action', 'fromState', 'state', 'outcome', 'occurredAt'],
  properties: {
    topic: { type: 'string', enum: ['cases.submitted', 'cases.state_changed', 'cases.decided'] },
    eventId: { type: 'string', description: "The case history entry's id, the same as in GET /api/v1/agency/cases (drop repeats by the webhook-id header)" },
    trackingCode: { type: 'string' },
    procedureId: { type: 'string', format: 'uuid' },
    procedureName: { type: 'string' },
    agencyCode: { type: 'string' },
    action: { type: 'string', description: 'The workflow transition (submit for a new case)' },
    fromState: { type: ['string', 'null'] },
    state: { type: 'string', description: 'The state the case entered' },
    outcome: { type: ['string', 'null'], enum: ['approved', 'rejected', null], description: "The case's outcome right after this change (null until decided)" },
    occurredAt: { type: 'string', format: 'date-time' },
  },
};

export const CASES_TOPICS = { submitted: 'cases.submitted', stateChanged: 'cases.state_changed', decided: 'cases.decided' } as const;

export const casesWebhookTopics: WebhookTopicDeclaration[] = [
  { name: CASES_TOPICS.submitted, descriptionKey: 'cases.contract.topic.submitted', payload: caseChangePayload },
  { name: CASES_TOPICS.stateChanged, descriptionKey: 'cases.contract.topic.stateChanged', payload: caseChangePayload },
  { name: CASES_TOPICS.decided, descriptionKey: 'cases.contract.topic.decided', payload: caseChangePayload },
];
