// Settlement of cash on delivery (docs/postal.md, "Settlement"): the post's system reports the
// remittances it paid to sellers and the refunds it paid to buyers (client credentials,
// `postal:track`, as its tracking events); its back office downloads what it owes per payee.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireAgencyClient, requireSignedIn } from '../../identity/index.ts';
import { requireClerk } from '../postal.service.ts';
import { POSTAL_TRACK } from '../postal.types.ts';
import { pendingCsv, recordCodRefund, recordRemittance } from '../settlement.service.ts';

type Client = { clientId: string; agencyCode: string };
const Reference = Type.String({ minLength: 1, maxLength: 60, description: 'The operator’s own reference of the payment: the same reference again is the same report (idempotent)' });
const PaidOn = Type.String({ minLength: 10, maxLength: 10, description: 'The day the post paid, `YYYY-MM-DD` (not in the future)' });
const Amount = Type.Integer({ minimum: 1, maximum: 100_000_000_000, description: 'The amount paid, in minor units' });
const ShipmentNumber = Type.String({ minLength: 1, maxLength: 40, description: 'An S10 number of a cash-on-delivery parcel' });
const RemittanceSchema = Type.Object({
  reference: Type.String(),
  kind: Type.Union([Type.Literal('remittance'), Type.Literal('refund')]),
  payee: Type.Union([Type.String(), Type.Null()]),
  paidOn: Type.String(),
  amountMinor: Type.Integer(),
  shipments: Type.Array(Type.String()),
});
const body = (r: { reference: string; kind: 'remittance' | 'refund'; payee: string | null; paidOn: string; amountMinor: number; numbers: string[] }) => ({
  reference: r.reference,
  kind: r.kind,
  payee: r.payee,
  paidOn: r.paidOn,
  amountMinor: r.amountMinor,
  shipments: r.numbers,
});

export function registerSettlementRoutes(app: TamboApp, deps: Deps): void {
  const client = async (request: FastifyRequest) => {
    (request as FastifyRequest & { postalClient?: unknown }).postalClient = await requireAgencyClient(app, request, POSTAL_TRACK, { refused: 'POSTAL_CLIENT_NOT_ALLOWED' });
  };
  const reporter = (request: FastifyRequest) => {
    const c = (request as FastifyRequest & { postalClient: Client }).postalClient;
    return { agencyCode: c.agencyCode, actor: { type: 'client' as const, id: c.clientId } };
  };

  app.post(
    '/api/v1/postal/remittances',
    {
      onRequest: client,
      config: { csrf: false },
      schema: {
        tags: ['postal'],
        operationId: 'recordRemittance',
        'x-errors': [
          'POSTAL_CLIENT_NOT_ALLOWED',
          'POSTAL_SHIPMENT_NOT_FOUND',
          'POSTAL_NOT_COLLECTED',
          'POSTAL_ALREADY_REMITTED',
          'POSTAL_ALREADY_REFUNDED',
          'POSTAL_SHIPMENT_RETURNED',
          'POSTAL_PAYEE_MISMATCH',
          'POSTAL_AMOUNT_MISMATCH',
          'POSTAL_REFERENCE_REUSED',
        ],
        security: bearer(POSTAL_TRACK),
        summary: 'Report a remittance: what the post paid a seller of the cash it collected on delivery (idempotent on the reference)',
        description: `The post's system (the client and scope \`${POSTAL_TRACK}\` of its tracking events) reports that it paid \`payee\` (the seller's settlement account as payments knows it: the payee key the parcel was registered with, e.g. \`PE-<account id>\` or \`UE-<unit>\`) the cash collected for \`shipments\`. Each must be a parcel of the post delivered with \`delivered_collected\` (404 \`POSTAL_SHIPMENT_NOT_FOUND\`, 409 \`POSTAL_NOT_COLLECTED\`), collected for that payee (422 \`POSTAL_PAYEE_MISMATCH\`), not sent back to the seller (409 \`POSTAL_SHIPMENT_RETURNED\`: its cash goes back to the buyer, \`POST /api/v1/postal/refunds\`), not covered by another report (409 \`POSTAL_ALREADY_REMITTED\`, \`POSTAL_ALREADY_REFUNDED\`); \`amountMinor\` must be their sum (422 \`POSTAL_AMOUNT_MISMATCH\`, the sum in the title). Each problem points at the shipment (\`/shipments/{i}\`) or field. The same reference again with the same content answers 200 and records nothing (20 identical posts record one); with another content 409 \`POSTAL_REFERENCE_REUSED\`. Each order covered becomes settled in the marketplace.`,
        body: Type.Object({
          reference: Reference,
          paidOn: PaidOn,
          payee: Type.String({ minLength: 1, maxLength: 80 }),
          shipments: Type.Array(ShipmentNumber, { minItems: 1, maxItems: 500 }),
          amountMinor: Amount,
        }),
        response: { 200: RemittanceSchema, 201: RemittanceSchema },
      },
    },
    async (request, reply) => {
      const { created, remittance } = await recordRemittance(deps, reporter(request), request.body, request.id);
      return reply.code(created ? 201 : 200).send(body(remittance));
    },
  );

  app.post(
    '/api/v1/postal/refunds',
    {
      onRequest: client,
      config: { csrf: false },
      schema: {
        tags: ['postal'],
        operationId: 'recordCodRefund',
        'x-errors': [
          'POSTAL_CLIENT_NOT_ALLOWED',
          'POSTAL_SHIPMENT_NOT_FOUND',
          'POSTAL_NOT_COLLECTED',
          'POSTAL_NOT_RETURNED',
          'POSTAL_ALREADY_REMITTED',
          'POSTAL_ALREADY_REFUNDED',
          'POSTAL_AMOUNT_MISMATCH',
          'POSTAL_REFERENCE_REUSED',
        ],
        security: bearer(POSTAL_TRACK),
        summary: 'Report a refund: the post paid the buyer back at her office the cash collected for a parcel that came back (idempotent on the reference)',
        description: `For a cash-on-delivery parcel whose return parcel was delivered back to the seller (409 \`POSTAL_NOT_RETURNED\` before that) and that no remittance covers (409 \`POSTAL_ALREADY_REMITTED\`: then the seller refunds the buyer, outside the platform); \`amountMinor\` must be what was collected (422 \`POSTAL_AMOUNT_MISMATCH\`). Idempotent on \`reference\` as remittances are. The order becomes refunded in the marketplace.`,
        body: Type.Object({ reference: Reference, paidOn: PaidOn, shipment: ShipmentNumber, amountMinor: Amount }),
        response: { 200: RemittanceSchema, 201: RemittanceSchema },
      },
    },
    async (request, reply) => {
      const { created, remittance } = await recordCodRefund(deps, reporter(request), request.body, request.id);
      return reply.code(created ? 201 : 200).send(body(remittance));
    },
  );

  // The post's back office: what it owes, per payee (cash collected, not remitted nor refunded).
  app.get('/envios/oficina/liquidaciones.csv', async (request, reply) => {
    const { account } = requireSignedIn(request);
    const clerk = await requireClerk(deps, account);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="contra-entrega-por-liquidar.csv"')
      .header('cache-control', 'private, no-store')
      .send(await pendingCsv(deps, clerk.agencyCode));
  });
}
