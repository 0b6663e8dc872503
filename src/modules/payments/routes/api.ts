// The payment orders API for agencies' systems (client credentials, `payments:read` /
// `payments:write`), and the endpoint where the gateway notifies payments.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { IdempotencyKeyHeaders } from '../../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import { OrderBodySchema, OrderCodeParams, PAYMENTS_SCOPES, PaymentOrderSchema, toOrderBody } from '../payments.schemas.ts';
import { receiveNotification } from '../payments.service.ts';
import { createAgencyOrder, getOrderForClient } from '../payees.service.ts';

const AUTH = `Authenticate with \`Authorization: Bearer <token>\`, a token from \`/auth/token\` (OAuth 2 client credentials) carrying the scope named below, of a client bound to an agency. A missing or invalid token gets 401; a token without the scope 403 \`PAYMENTS_CLIENT_NOT_ALLOWED\`. An agency reads and creates only its own orders (and those of the economic units it collects for): another agency's code answers 404.`;

interface Principal {
  clientId: string;
  agencyCode: string;
}

export function registerPaymentsApi(app: TamboApp, deps: Deps): void {
  const principals = new WeakMap<FastifyRequest, Principal>();
  const authenticate = (scope: string) => async (request: FastifyRequest, _reply: FastifyReply) => {
    principals.set(request, await requireAgencyClient(app, request, scope, { refused: 'PAYMENTS_CLIENT_NOT_ALLOWED' }));
  };
  const principal = (request: FastifyRequest): Principal => {
    const found = principals.get(request);
    if (!found) throw new AppError('UNAUTHENTICATED');
    return found;
  };

  app.addSchema(PaymentOrderSchema);

  app.post(
    '/api/v1/payment-orders',
    {
      onRequest: authenticate(PAYMENTS_SCOPES.write),
      config: { csrf: false },
      schema: {
        tags: ['payments'],
        operationId: 'createPaymentOrder',
        'x-errors': ['PAYMENTS_CLIENT_NOT_ALLOWED', 'PAYMENTS_PAYEE_NOT_ALLOWED', 'PAYMENTS_PAYEE_NOT_CONFIGURED', 'IDEMPOTENCY_KEY_REUSED'],
        security: bearer(PAYMENTS_SCOPES.write),
        summary: 'Create a payment order for one of the agency’s services, or for an economic unit it collects for',
        description: `${AUTH} Scope \`${PAYMENTS_SCOPES.write}\`.\n\nThe payer is addressed by identity document; the amount is in minor units of the country currency. The answer carries the payment code the person pays online ("Mis pagos") or at a bank counter. With \`payeeUnit\` (an economic unit's registry key) the unit is paid, not the agency: allowed only when the unit's representative named the calling agency among those collecting for it (403 \`PAYMENTS_PAYEE_NOT_ALLOWED\` otherwise; 404 \`PAYMENTS_PAYEE_NOT_CONFIGURED\` when the unit has no settlement account). With an \`Idempotency-Key\` header, a retry returns the first order (200, \`Idempotent-Replayed: true\`).`,
        headers: IdempotencyKeyHeaders,
        body: OrderBodySchema,
        response: { 201: Type.Ref('PaymentOrder'), 200: Type.Ref('PaymentOrder') },
      },
    },
    async (request, reply) => {
      const { clientId, agencyCode } = principal(request);
      const { order, created } = await createAgencyOrder(deps, { clientId, agencyCode }, request.body, { idempotencyKey: request.headers['idempotency-key'] ?? null, requestId: request.id });
      reply.header('location', `/api/v1/payment-orders/${order.code}`);
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.code(created ? 201 : 200).send(toOrderBody(order));
    },
  );

  app.get(
    '/api/v1/payment-orders/:code',
    {
      onRequest: authenticate(PAYMENTS_SCOPES.read),
      schema: {
        tags: ['payments'],
        operationId: 'getPaymentOrder',
        'x-errors': ['PAYMENTS_CLIENT_NOT_ALLOWED', 'PAYMENTS_ORDER_NOT_FOUND'],
        security: bearer(PAYMENTS_SCOPES.read),
        summary: 'A payment order of the agency, with its status',
        description: `${AUTH} Scope \`${PAYMENTS_SCOPES.read}\`.`,
        params: OrderCodeParams,
        response: { 200: Type.Ref('PaymentOrder') },
      },
    },
    async (request) => toOrderBody(await getOrderForClient(deps, principal(request).agencyCode, request.params.code)),
  );

  // The gateway's notifications: the body is verified as received (its exact bytes are signed).
  app.register(async (scoped) => {
    const api = scoped as unknown as TamboApp;
    api.removeContentTypeParser('application/json');
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    api.post(
      '/api/v1/payment-notifications/:payee',
      {
        config: { csrf: false },
        schema: {
          tags: ['payments'],
          operationId: 'receivePaymentNotification',
          'x-errors': ['PAYMENTS_NOTIFICATION_REFUSED'],
          summary: 'Where the payment gateway notifies payments, declines and refunds (Standard Webhooks signatures)',
          description:
            'Called by the gateway, not by agencies. The body is signed as Standard Webhooks sign (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the payee’s secret; an unsigned, wrongly signed or older than 5 minutes notification is refused (401 `PAYMENTS_NOTIFICATION_REFUSED`) and logged. A duplicate, replayed or out-of-order notification is accepted (200) and changes nothing: an order is paid at most once and never un-paid.',
          params: Type.Object({ payee: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }) }),
          response: { 200: Type.Object({ result: Type.String({ description: 'applied, duplicate, ignored or unknown_order' }) }) },
        },
      },
      async (request) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        return { result: await receiveNotification(deps, request.params.payee, request.headers, raw) };
      },
    );
  });
}
