// The postal API: public tracking by number, and the post's systems' tracking events
// (client credentials, `postal:track`), idempotent and in any order.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireAgencyClient } from '../../identity/index.ts';
import { publicShipment, recordTrackingEvent, shipmentHistory } from '../postal.service.ts';
import { EVENT_KINDS, type EventKind, POSTAL_TRACK, type Shipment } from '../postal.types.ts';

const Params = Type.Object({ number: Type.String({ minLength: 1, maxLength: 40, description: 'The UPU S10 number, e.g. CP000000015BO (spaces and lower case are accepted).' }) });
const EventKindSchema = Type.Unsafe<EventKind>({ type: 'string', enum: [...EVENT_KINDS] });
const TrackingSchema = Type.Object({
  number: Type.String(),
  kind: Type.Union([Type.Literal('parcel'), Type.Literal('registered')]),
  state: EventKindSchema,
  acceptedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  origin: Type.Object({ office: Type.String(), territory: Type.String() }),
  destination: Type.Object({ office: Type.String(), territory: Type.String() }),
  events: Type.Array(Type.Object({ kind: EventKindSchema, occurredAt: Type.String({ format: 'date-time' }), office: Type.Union([Type.String(), Type.Null()]), note: Type.String() })),
});

/** The answer of both routes: the shipment's route and history (read from the primary right after a report). */
export async function trackingBody(deps: Deps, shipment: Shipment, options: { fresh?: boolean } = {}) {
  const { shipment: s, events, state } = await shipmentHistory(deps, shipment, options);
  return {
    number: s.number,
    kind: s.kind,
    state,
    acceptedAt: s.acceptedAt.toISOString(),
    dueAt: s.dueAt.toISOString(),
    origin: { office: s.originOffice, territory: s.originPath.at(-1) ?? '' },
    destination: { office: s.destinationOffice, territory: s.destinationPath.at(-1) ?? '' },
    events: events.map((e) => ({ kind: e.kind, occurredAt: e.occurredAt.toISOString(), office: e.officeCode, note: e.note })),
  };
}

export function registerPostalApi(app: TamboApp, deps: Deps): void {
  app.get(
    '/api/v1/postal/shipments/:number',
    {
      schema: {
        tags: ['postal'],
        operationId: 'trackShipment',
        'x-errors': ['POSTAL_NUMBER_MISTYPED'],
        summary: 'Follow a shipment by its S10 number: its state and history, sorted by when each event happened',
        description:
          'Public: nothing about the addressee. A number with a wrong shape answers 422 `POSTAL_NUMBER_MALFORMED`, one whose check digit does not match (a mistyped digit) 422 `POSTAL_NUMBER_MISTYPED`.',
        params: Params,
        response: { 200: TrackingSchema },
      },
    },
    async (request) => trackingBody(deps, await publicShipment(deps, request.params.number)),
  );

  app.post(
    '/api/v1/postal/shipments/:number/events',
    {
      onRequest: async (request: FastifyRequest) => {
        (request as FastifyRequest & { postalClient?: unknown }).postalClient = await requireAgencyClient(app, request, POSTAL_TRACK, { refused: 'POSTAL_CLIENT_NOT_ALLOWED' });
      },
      config: { csrf: false },
      schema: {
        tags: ['postal'],
        operationId: 'recordTrackingEvent',
        'x-errors': ['POSTAL_CLIENT_NOT_ALLOWED', 'POSTAL_SHIPMENT_NOT_FOUND'],
        security: bearer(POSTAL_TRACK),
        summary: 'Report a tracking event of a shipment of the post (idempotent; any order)',
        description: `Authenticate with \`Authorization: Bearer <token>\`, a client-credentials token of the post's system (a client bound to the post's agency) with the scope \`${POSTAL_TRACK}\`; 401 without a live token, 403 \`POSTAL_CLIENT_NOT_ALLOWED\` without the scope. The same event again (number, kind and time) answers 200 and records nothing; a new one 201. Events may arrive out of order: the history is sorted by \`occurredAt\` and the state is the latest by that time. A shipment is delivered once (a second \`delivered\` answers 200 and records nothing). A parcel registered for cash on delivery is delivered with \`delivered_collected\` and the \`amountMinor\` collected (the amount it carries; 400 otherwise), and only such a parcel (a plain \`delivered\` on it, or \`delivered_collected\` on another: 400). Another agency's client gets 404. \`occurredAt\` without a zone is the country's wall clock. The addressee with an account is told in the mailbox.`,
        params: Params,
        body: Type.Object({
          kind: EventKindSchema,
          occurredAt: Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 date and time' }),
          officeCode: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
          note: Type.Optional(Type.String({ maxLength: 500 })),
          amountMinor: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 100_000_000_000,
              description: 'With `delivered_collected` only (cash on delivery): the amount collected at the door, in minor units; it must be the amount the parcel was registered to collect',
            }),
          ),
        }),
        response: { 200: TrackingSchema, 201: TrackingSchema },
      },
    },
    async (request, reply) => {
      const client = (request as FastifyRequest & { postalClient: { clientId: string; agencyCode: string } }).postalClient;
      const { created, shipment } = await recordTrackingEvent(
        deps,
        { agencyCode: client.agencyCode, actor: { type: 'client', id: client.clientId }, source: `client:${client.clientId}` },
        request.params.number,
        request.body,
        request.id,
      );
      return reply.code(created ? 201 : 200).send(await trackingBody(deps, shipment, { fresh: true }));
    },
  );
}
