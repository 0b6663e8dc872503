// The CLAP JSON API (docs/situation-room.md): a delivery's public fields, and, with a person's
// bearer token carrying `situation_room:clap`, what each role records through the forms: the
// room's operators schedule a cycle's delivery to a council, the distributor reports it, the
// council's spokespeople confirm or dispute it. Every write audited; a schedule is once per
// council and cycle (a repeat answers 200 with the delivery), a report and a confirmation once.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { Deps } from '../../../platform/module.ts';
import { getClapDelivery, recordClap, scheduleClapDelivery } from '../clap.service.ts';
import { type ClapDelivery, hasDiscrepancy, isOverdue } from '../clap.types.ts';
import { todayIn } from '../instruction.service.ts';
import { bearerPerson } from './actor.ts';

export const CLAP_SCOPE = 'situation_room:clap';
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Families = Type.Integer({ minimum: 0, maximum: 999_999 });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const ClapDeliverySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    council: Type.String({ description: 'The community council (territory code)' }),
    territoryPath: Type.Array(Type.String()),
    cycle: Type.String({ description: 'YYYY-MM' }),
    scheduledOn: Type.String({ format: 'date' }),
    familiesPlanned: Type.Integer(),
    deliveredOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    familiesServed: Type.Union([Type.Integer(), Type.Null()]),
    items: Type.Union([Type.String(), Type.Null()]),
    confirmation: Type.Union([Type.Literal('confirmed'), Type.Literal('disputed'), Type.Null()]),
    familiesCounted: Type.Union([Type.Integer(), Type.Null()]),
    overdue: Type.Boolean({ description: 'Not reported by its scheduled day' }),
    discrepancy: Type.Boolean({ description: 'Disputed, or the families counted differ from those reported' }),
  },
  { $id: 'ClapDelivery' },
);

/** The public fields (never the spokespeople's note). */
const toBody = (d: ClapDelivery, today: string) => ({
  id: d.id,
  council: d.territoryPath.at(-1)!,
  territoryPath: d.territoryPath,
  cycle: d.cycle,
  scheduledOn: d.scheduledOn,
  familiesPlanned: d.familiesPlanned,
  deliveredOn: d.deliveredOn,
  familiesServed: d.familiesServed,
  items: d.items,
  confirmation: d.confirmation,
  familiesCounted: d.familiesCounted,
  overdue: isOverdue(d, today),
  discrepancy: hasDiscrepancy(d),
});

const AUTH = `A person's access token with the scope \`${CLAP_SCOPE}\`; a token without it, or a person without the role over the council, answers 403 \`SITUATION_ROOM_FORBIDDEN\`.`;

export function registerClapApi(app: TamboApp, deps: Deps): void {
  const person = bearerPerson(app, deps, CLAP_SCOPE);
  app.addSchema(ClapDeliverySchema);

  app.get(
    '/api/v1/situation-room/clap-deliveries/:id',
    {
      schema: {
        tags: ['situation-room'],
        operationId: 'getClapDelivery',
        summary: 'A CLAP delivery to a community council, with its flags (public)',
        params: IdParams,
        'x-errors': ['SITUATION_ROOM_CLAP_NOT_FOUND'],
        response: { 200: Type.Ref('ClapDelivery') },
      },
    },
    async (request) => toBody(await getClapDelivery(deps, request.params.id), todayIn(deps)),
  );

  app.post(
    '/api/v1/situation-room/clap-deliveries',
    {
      config: { csrf: false },
      onRequest: person.hook(),
      schema: {
        tags: ['situation-room'],
        operationId: 'scheduleClapDelivery',
        summary: "Schedule a cycle's delivery to a community council (the room's operators)",
        description: `${AUTH} One delivery per council and cycle: a repeat with the same day and families answers 200 with the delivery (a burst of identical requests schedules one); with another day or number, 409 \`SITUATION_ROOM_CLAP_EXISTS\`. The territory must be a community council (the deepest level).`,
        security: bearer(CLAP_SCOPE),
        body: Type.Object({ territoryCode: Type.String({ maxLength: 64 }), cycle: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }), scheduledOn: Day, familiesPlanned: Families }),
        'x-errors': ['SITUATION_ROOM_INVALID_CLAP', 'SITUATION_ROOM_FORBIDDEN', 'SITUATION_ROOM_CLAP_EXISTS'],
        response: { 201: Type.Ref('ClapDelivery'), 200: Type.Ref('ClapDelivery') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { delivery, created } = await scheduleClapDelivery(deps, person.of(request), {
        territory: b.territoryCode,
        cycle: b.cycle,
        scheduledOn: b.scheduledOn,
        familiesPlanned: b.familiesPlanned,
      });
      return reply.code(created ? 201 : 200).send(toBody(delivery, todayIn(deps)));
    },
  );

  const write = (kind: 'report' | 'confirm', path: string, operationId: string, summary: string, body: ReturnType<typeof Type.Object>) =>
    app.post(
      path,
      {
        config: { csrf: false },
        onRequest: person.hook(),
        schema: {
          tags: ['situation-room'],
          operationId,
          summary,
          description: `${AUTH} Once: a second answers 409 \`SITUATION_ROOM_CLAP_DONE\`.`,
          security: bearer(CLAP_SCOPE),
          params: IdParams,
          body,
          'x-errors': ['SITUATION_ROOM_CLAP_NOT_FOUND', 'SITUATION_ROOM_INVALID_CLAP', 'SITUATION_ROOM_FORBIDDEN', 'SITUATION_ROOM_CLAP_DONE'],
          response: { 200: Type.Ref('ClapDelivery') },
        },
      },
      async (request: FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> }>) => {
        const input = Object.fromEntries(Object.entries(request.body).map(([k, v]) => [k, String(v)]));
        await recordClap(deps, person.of(request), request.params.id, kind, input, request.id);
        return toBody(await getClapDelivery(deps, request.params.id), todayIn(deps));
      },
    );
  write(
    'report',
    '/api/v1/situation-room/clap-deliveries/:id/report',
    'reportClapDelivery',
    "The distributor's report of a delivery (the role clap_distributor over the council): the day, the families served, what was delivered",
    Type.Object({ deliveredOn: Day, familiesServed: Families, items: Type.String({ minLength: 1, maxLength: 500 }) }),
  );
  write(
    'confirm',
    '/api/v1/situation-room/clap-deliveries/:id/confirmation',
    'confirmClapDelivery',
    "The council's spokespeople (room_responder over it) confirm or dispute a reported delivery; a dispute needs its note",
    Type.Object({ confirmation: Type.Union([Type.Literal('confirmed'), Type.Literal('disputed')]), familiesCounted: Families, note: Type.Optional(Type.String({ maxLength: 1000 })) }),
  );
}
