// The mailbox API for agencies' systems: deliver a message, read back its delivery times.
// Authentication: an OAuth 2 access token from /auth/token (client credentials grant,
// scope `mailbox:send`), checked before the body is read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { IdempotencyKeyHeaders } from '../../../platform/idempotency/idempotency.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import { DeliveryBodySchema, DeliveryStatusSchema, MessageParamsSchema, toDeliveryStatus } from '../mailbox.schemas.ts';
import { deliverMessage, getDeliveryStatus, RECEIPT_TYPE } from '../mailbox.service.ts';
import { agencyReceipt, listSentMessages, saveMailboxWebhook, SENT_PAGE_SIZE } from '../agency.service.ts';
import { MAILBOX_SEND_SCOPE, MAX_ATTACHMENTS } from '../mailbox.types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';

const AUTH_DESCRIPTION = `Authenticate with \`Authorization: Bearer <token>\`, a token obtained from \`/auth/token\` with the OAuth 2 client credentials grant and the scope \`${MAILBOX_SEND_SCOPE}\` by a client granted that right (docs/api-auth.md). A missing or invalid token gets 401 with \`WWW-Authenticate: Bearer\`; a live token of a client that does not hold that right gets 403 \`MAILBOX_CLIENT_NOT_ALLOWED\`.`;

/** Room for the largest delivery: every attachment at its limit, in base64, plus the text. */
const DELIVERY_BODY_LIMIT = MAX_ATTACHMENTS * 8_000_000 + 1_000_000;

interface Principal {
  clientId: string;
  agencyCode: string;
}

export function registerMailboxApi(app: TamboApp, deps: Deps): void {
  const principals = new WeakMap<FastifyRequest, Principal>();

  async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    principals.set(request, await requireAgencyClient(app, request, MAILBOX_SEND_SCOPE, { refused: 'MAILBOX_CLIENT_NOT_ALLOWED', withoutAgency: 'MAILBOX_CLIENT_WITHOUT_AGENCY' }));
  }
  const principal = (request: FastifyRequest): Principal => {
    const found = principals.get(request);
    if (!found) throw new AppError('UNAUTHENTICATED');
    return found;
  };

  app.addSchema(DeliveryStatusSchema);

  app.post(
    '/api/v1/mailbox/messages',
    {
      bodyLimit: DELIVERY_BODY_LIMIT,
      onRequest: authenticate,
      config: { csrf: false },
      schema: {
        tags: ['mailbox'],
        operationId: 'deliverMailboxMessage',
        security: bearer(MAILBOX_SEND_SCOPE),
        'x-errors': ['MAILBOX_CLIENT_NOT_ALLOWED', 'MAILBOX_CLIENT_WITHOUT_AGENCY', 'IDEMPOTENCY_KEY_REUSED'],
        summary: "Deliver a notification or document to a person's mailbox",
        description: `${AUTH_DESCRIPTION}\n\nThe person is addressed by identity document. Attachments (at most ${MAX_ATTACHMENTS}) are PDF, PNG or JPEG, recognized by their content, at most 5 MB each. With an \`Idempotency-Key\` header, a retry returns the first message (200, \`Idempotent-Replayed: true\`); the same key with a different request is refused (422 \`IDEMPOTENCY_KEY_REUSED\`). A document nobody holds an account for: the message is held for it (\`hasAccount: false\`; the account that later holds the document finds it) and goes by post as registered mail to the address in the persons registry (\`post\`, docs/postal.md). Invalid fields: 400 with a pointer per field.`,
        headers: IdempotencyKeyHeaders,
        body: DeliveryBodySchema,
        response: {
          201: Type.Ref('MailboxDeliveryStatus', { description: 'Delivered; `Location` names the message' }),
          200: Type.Ref('MailboxDeliveryStatus', { description: 'A retry with the same idempotency key: the message delivered the first time' }),
        },
      },
    },
    async (request, reply) => {
      const { clientId, agencyCode } = principal(request);
      const { message, created } = await deliverMessage(deps, { clientId, agencyCode, actor: { type: 'client', id: clientId } }, request.body, {
        idempotencyKey: request.headers['idempotency-key'],
        requestId: request.id,
      });
      reply.header('location', `/api/v1/mailbox/messages/${message.id}`);
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.code(created ? 201 : 200).send(toDeliveryStatus(message));
    },
  );

  app.get(
    '/api/v1/mailbox/messages/:id',
    {
      onRequest: authenticate,
      schema: {
        tags: ['mailbox'],
        operationId: 'getMailboxDeliveryStatus',
        security: bearer(MAILBOX_SEND_SCOPE),
        'x-errors': ['MAILBOX_CLIENT_NOT_ALLOWED', 'MAILBOX_CLIENT_WITHOUT_AGENCY', 'MAILBOX_MESSAGE_NOT_FOUND'],
        summary: 'Delivery times of a message the calling agency sent',
        description: `${AUTH_DESCRIPTION}\n\nWhen the message was made available, when the person opened it, and when it was (or will be) deemed notified; sent by post, its S10 number, the post's events and the proof of notification (delivered when and where). Only the agency that sent it may read it; any other message is 404 \`MAILBOX_MESSAGE_NOT_FOUND\`.`,
        params: MessageParamsSchema,
        response: { 200: Type.Ref('MailboxDeliveryStatus') },
      },
    },
    async (request) => toDeliveryStatus(await getDeliveryStatus(deps, principal(request).agencyCode, request.params.id)),
  );

  app.get(
    '/api/v1/mailbox/messages',
    {
      onRequest: authenticate,
      schema: {
        tags: ['mailbox'],
        operationId: 'listSentMailboxMessages',
        'x-errors': ['MAILBOX_CLIENT_NOT_ALLOWED'],
        security: bearer(MAILBOX_SEND_SCOPE),
        summary: 'What the calling agency sent, newest first',
        description: `${AUTH_DESCRIPTION}\n\nPaged: follow \`next\` as \`cursor\` until it is null. Only the agency's own messages.`,
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.String({ maxLength: 200, description: '`next` of the previous page' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: SENT_PAGE_SIZE })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('MailboxDeliveryStatus')), next: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      const page = await listSentMessages(deps, principal(request), request.query);
      return { items: page.items.map(toDeliveryStatus), next: page.next };
    },
  );

  app.get(
    '/api/v1/mailbox/messages/:id/receipt',
    {
      onRequest: authenticate,
      schema: {
        tags: ['mailbox'],
        operationId: 'getMailboxReceipt',
        'x-errors': ['MAILBOX_CLIENT_NOT_ALLOWED', 'MAILBOX_MESSAGE_NOT_FOUND'],
        security: bearer(MAILBOX_SEND_SCOPE),
        summary: 'The signed receipt of a message the calling agency sent (compact JWS, application/jose)',
        description: `${AUTH_DESCRIPTION}\n\nThe same receipt the person downloads: a JWS signed with the platform's key (verify it with /api/v1/keys or /auth/jwks), stating when the message was made available, opened and deemed notified, and the SHA-256 of its content and attachments. Another agency's message is 404 \`MAILBOX_MESSAGE_NOT_FOUND\`.`,
        params: MessageParamsSchema,
        response: { 200: Type.String({ description: 'Compact JWS (header.payload.signature)' }) },
      },
    },
    async (request, reply) => {
      const jws = await agencyReceipt(deps, principal(request), request.params.id, (payload) => deps.keyring.sign(payload, RECEIPT_TYPE));
      return reply.header('content-type', 'application/jose').header('cache-control', 'no-store').send(jws);
    },
  );

  app.put(
    '/api/v1/mailbox/webhooks',
    {
      onRequest: authenticate,
      config: { csrf: false },
      schema: {
        tags: ['mailbox'],
        operationId: 'saveMailboxWebhook',
        'x-errors': ['MAILBOX_CLIENT_NOT_ALLOWED'],
        security: bearer(MAILBOX_SEND_SCOPE),
        summary: "Subscribes the calling agency's system to mailbox.message_opened and mailbox.message_deemed_notified",
        description: `${AUTH_DESCRIPTION}\n\nOne subscription per agency; saving again replaces the address. Without \`secret\` a new subscription gets a generated \`whsec_…\` secret, returned in this answer only. Deliveries are signed as Standard Webhooks (docs/webhooks.md).`,
        body: Type.Object(
          {
            url: Type.String({ maxLength: 500, description: 'https address on the public internet (docs/webhooks.md)' }),
            secret: Type.Optional(Type.String({ maxLength: 200, description: 'whsec_… or 16 to 200 characters' })),
            isActive: Type.Optional(Type.Boolean({ default: true })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.Integer(), topics: Type.Array(Type.String()), secret: Type.Optional(Type.String({ description: 'The generated secret, shown once' })) }) },
      },
    },
    async (request, reply) => {
      const { url, secret, isActive } = request.body;
      const saved = await saveMailboxWebhook(deps, principal(request), { url, secret, isActive: isActive ?? true, requestId: request.id });
      reply.header('cache-control', 'no-store');
      return { id: saved.id, topics: saved.topics, ...(saved.generatedSecret ? { secret: saved.generatedSecret } : {}) };
    },
  );
}
