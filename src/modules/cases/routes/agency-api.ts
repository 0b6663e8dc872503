// The API of an agency's own system for its cases (/api/v1/agency/*): a client bound to the
// agency, acting by itself with a client credentials token (docs/api-auth.md) — the feed of
// changes (`cases:feed`), its webhook subscription to `cases.*` (`cases:feed`), and the
// officials' transitions made by the system (`cases:handle`).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import { CASES_SCOPES } from '../case.types.ts';
import { agencyFeed, FEED_PAGE_SIZE, performSystemTransition, saveCasesWebhook, type AgencySystem } from '../services/agency.service.ts';
import { casesWebhookTopics } from '../webhook-topics.ts';
import { summary } from './api.ts';

const AUTH = (scope: string) =>
  `Authorization: Bearer <access token from /auth/token with grant_type=client_credentials and scope=${scope}>, of a client bound to an agency that holds the right \`${scope}\` (docs/api-auth.md); 401 UNAUTHENTICATED without a live token, 403 INSUFFICIENT_SCOPE when the client does not hold the right, 403 FORBIDDEN when it belongs to no agency.`;

/** The agency's system behind a client credentials token holding `scope`. */
function agencySystem(app: TamboApp, request: FastifyRequest, scope: string): Promise<AgencySystem> {
  return requireAgencyClient(app, request, scope, { refused: 'INSUFFICIENT_SCOPE', withoutAgency: 'FORBIDDEN' });
}

const ChangeSchema = Type.Object(
  {
    eventId: Type.String({ description: "The history entry's id (also in the webhook body)" }),
    trackingCode: Type.String({ examples: ['TR-7K3M-9QXD'] }),
    procedureId: Type.String({ format: 'uuid' }),
    procedureName: Type.String(),
    agencyCode: Type.String(),
    action: Type.String({ description: 'The workflow transition; submit for a new case' }),
    fromState: Type.Union([Type.String(), Type.Null()]),
    state: Type.String({ description: 'The state the case entered' }),
    outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Null()], { description: "The case's outcome when read (null until decided)" }),
    occurredAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'AgencyCaseChange' },
);

const topicNames = casesWebhookTopics.map((t) => t.name);

export function registerAgencyCaseApi(app: TamboApp, deps: Deps): void {
  app.addSchema(ChangeSchema);
  // The agency's system is found in onRequest, before the input is validated.
  const systems = authenticatedBy((request, scope: string) => agencySystem(app, request, scope));

  app.get(
    '/api/v1/agency/cases',
    {
      onRequest: systems.hook(CASES_SCOPES.feed),
      schema: {
        tags: ['agency'],
        operationId: 'listAgencyCaseChanges',
        security: bearer(CASES_SCOPES.feed),
        summary: "The feed of the agency's cases: every submission and state change, oldest first",
        description: `${AUTH(CASES_SCOPES.feed)} Poll with \`since\` set to the previous answer's \`next\` (leave it out the first time to start from the beginning); \`next\` stays the same while nothing new happens, and \`hasMore\` says another page is already waiting. Each change comes once, in the order written. The same changes arrive as webhooks (PUT /api/v1/agency/webhooks/cases).`,
        querystring: Type.Object(
          {
            since: Type.Optional(Type.String({ maxLength: 64, description: 'The cursor: `next` of the previous answer' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: FEED_PAGE_SIZE })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('AgencyCaseChange')), next: Type.String(), hasMore: Type.Boolean() }) },
      },
    },
    async (request) => {
      const system = systems.of(request);
      const page = await agencyFeed(deps, system, request.query);
      return { ...page, items: page.items.map((c) => ({ ...c, occurredAt: c.occurredAt.toISOString() })) };
    },
  );

  app.put(
    '/api/v1/agency/webhooks/cases',
    {
      onRequest: systems.hook(CASES_SCOPES.feed),
      schema: {
        tags: ['agency'],
        operationId: 'saveAgencyCasesWebhook',
        security: bearer(CASES_SCOPES.feed),
        summary: "Subscribes the agency's system to its cases' webhooks (cases.submitted, cases.state_changed, cases.decided)",
        description: `${AUTH(CASES_SCOPES.feed)} One subscription per agency; saving again replaces the address and topics. Without \`secret\` a new subscription gets a generated \`whsec_…\` secret, returned in this answer only; an existing one keeps its secret. Deliveries are signed as Standard Webhooks (docs/webhooks.md).`,
        body: Type.Object(
          {
            url: Type.String({ maxLength: 500, description: 'https address on the public internet (docs/webhooks.md)' }),
            topics: Type.Optional(Type.Array(Type.String({ enum: topicNames }), { maxItems: topicNames.length, description: 'All of them when left out' })),
            secret: Type.Optional(Type.String({ maxLength: 200, description: 'whsec_… or 16 to 200 characters' })),
            isActive: Type.Optional(Type.Boolean({ default: true })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer(), topics: Type.Array(Type.String()), secret: Type.Optional(Type.String({ description: 'The generated secret, shown once' })) }) },
      },
    },
    async (request, reply) => {
      const system = systems.of(request);
      const { url, topics, secret, isActive } = request.body;
      const saved = await saveCasesWebhook(deps, system, { url, topics, secret, isActive: isActive ?? true, requestId: request.id });
      reply.header('cache-control', 'no-store');
      return { id: saved.id, topics: saved.topics, ...(saved.generatedSecret ? { secret: saved.generatedSecret } : {}) };
    },
  );

  app.post(
    '/api/v1/agency/cases/:code/transitions',
    {
      onRequest: systems.hook(CASES_SCOPES.handle),
      schema: {
        tags: ['agency'],
        operationId: 'transitionAgencyCase',
        'x-errors': ['CASES_NOT_FOUND', 'CASES_TRANSITION_NOT_ALLOWED'],
        security: bearer(CASES_SCOPES.handle),
        summary: "The agency's system moves one of its cases (take, request_correction, approve, reject, complete…), as a case handler may",
        description: `${AUTH(CASES_SCOPES.handle)} Only cases of the client's agency (404 CASES_NOT_FOUND otherwise); 409 CASES_TRANSITION_NOT_ALLOWED when the workflow does not allow it from the current state. The history shows the system as the actor; the audit names the client.`,
        params: Type.Object({ code: Type.String({ maxLength: 20, description: 'Tracking code' }) }),
        body: Type.Object(
          { transition: Type.String({ maxLength: 64 }), reason: Type.Optional(Type.String({ maxLength: 5000, description: 'Written reason; required for decisions and correction requests' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('CaseSummary') },
      },
    },
    async (request) => {
      const system = systems.of(request);
      return summary(await performSystemTransition(deps, system, { code: request.params.code, transition: request.body.transition, reason: request.body.reason, requestId: request.id }));
    },
  );
}
