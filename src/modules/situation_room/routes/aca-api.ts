import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import type { Deps } from '../../../platform/module.ts';
import { acaProgressOf, acaPublic, createAcaAction, getAcaAction, MAX_LINKS, updateAcaProgress } from '../aca.service.ts';
import type { AcaAction } from '../aca.types.ts';
import { todayIn } from '../instruction.service.ts';
import { bearerPerson } from './actor.ts';

export const ACA_SCOPE = 'situation_room:aca';
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const AcaActionSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    territory: Type.String({ description: 'The commune or communal circuit (territory code)' }),
    territoryPath: Type.Array(Type.String()),
    title: Type.String(),
    description: Type.String(),
    responsible: Type.String({ description: 'A committee, spokesperson or agency' }),
    responsibleAgency: Type.Union([Type.String(), Type.Null()]),
    dueOn: Type.String({ format: 'date' }),
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    status: Type.Union([Type.Literal('planned'), Type.Literal('in_progress'), Type.Literal('done')]),
    projects: Type.Array(Type.String({ format: 'uuid' }), { description: 'Linked projects (ids)' }),
    reports: Type.Array(Type.String(), { description: 'Linked reports (public codes, R-n)' }),
    overdue: Type.Boolean({ description: 'The deadline passed (in the country’s zone) and it is not done' }),
    progressLog: Type.Array(Type.Object({ percent: Type.Integer(), note: Type.Union([Type.String(), Type.Null()]), at: Type.String({ format: 'date-time' }) }), {
      description: 'Every progress update, oldest first (not who made it)',
    }),
  },
  { $id: 'AcaAction' },
);

const AUTH = `A person's access token with the scope \`${ACA_SCOPE}\`; a token without it, or a person who is not a spokesperson (\`room_responder\`) over the territory, answers 403 \`SITUATION_ROOM_FORBIDDEN\`.`;

export function registerAcaApi(app: TamboApp, deps: Deps): void {
  const person = bearerPerson(app, deps, ACA_SCOPE);
  app.addSchema(AcaActionSchema);

  const toBody = async (a: AcaAction) => ({
    ...acaPublic(a, todayIn(deps)),
    progressLog: (await acaProgressOf(deps, a.id)).map((p) => ({ percent: p.percent, note: p.note, at: p.createdAt.toISOString() })),
  });

  app.get(
    '/api/v1/situation-room/aca-actions/:id',
    {
      schema: {
        tags: ['situation-room'],
        operationId: 'getAcaAction',
        summary: "An action of a commune's Agenda Concreta de Acción, with its progress log and overdue flag (public)",
        params: IdParams,
        'x-errors': ['SITUATION_ROOM_ACA_NOT_FOUND'],
        response: { 200: Type.Ref('AcaAction') },
      },
    },
    async (request) => toBody(await getAcaAction(deps, request.params.id)),
  );

  app.post(
    '/api/v1/situation-room/aca-actions',
    {
      config: { csrf: false },
      onRequest: person.hook(),
      schema: {
        tags: ['situation-room'],
        operationId: 'createAcaAction',
        summary: "Add an action to a commune's Agenda Concreta de Acción (its spokespeople)",
        description: `${AUTH} Once per person and \`requestKey\`: a repeat answers 200 with the action (a burst of identical requests creates one); the key reused for another title or territory answers 409 \`SITUATION_ROOM_ACA_KEY_REUSED\`. Linked projects (ids) and reports (R-n) must exist; the deadline may not be past.`,
        security: bearer(ACA_SCOPE),
        body: Type.Object({
          territoryCode: Type.String({ maxLength: 64 }),
          title: Type.String({ maxLength: 200 }),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
          responsible: Type.String({ maxLength: 200 }),
          responsibleAgency: Type.Optional(Type.String({ maxLength: 64 })),
          dueOn: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
          projects: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX_LINKS })),
          reports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: MAX_LINKS })),
          requestKey: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Chosen by the client, unique per action: a retry with the same key creates nothing new' }),
        }),
        'x-errors': ['SITUATION_ROOM_INVALID_ACA', 'SITUATION_ROOM_FORBIDDEN', 'SITUATION_ROOM_ACA_KEY_REUSED'],
        response: { 201: Type.Ref('AcaAction'), 200: Type.Ref('AcaAction') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { action, created } = await createAcaAction(deps, person.of(request), { ...b, territory: b.territoryCode }, { requestId: request.id });
      return reply.code(created ? 201 : 200).send(await toBody(action));
    },
  );

  app.post(
    '/api/v1/situation-room/aca-actions/:id/progress',
    {
      config: { csrf: false },
      onRequest: person.hook(),
      schema: {
        tags: ['situation-room'],
        operationId: 'updateAcaProgress',
        summary: "Update an ACA action's progress (its commune's spokespeople): 0–100, 100 is done",
        description: `${AUTH} Each update is a line of the action's progress log; a done action answers 409 \`SITUATION_ROOM_ACA_DONE\`.`,
        security: bearer(ACA_SCOPE),
        params: IdParams,
        body: Type.Object({ percent: Type.Integer({ minimum: 0, maximum: 100 }), note: Type.Optional(Type.String({ maxLength: 1000 })) }),
        'x-errors': ['SITUATION_ROOM_ACA_NOT_FOUND', 'SITUATION_ROOM_FORBIDDEN', 'SITUATION_ROOM_ACA_DONE'],
        response: { 200: Type.Ref('AcaAction') },
      },
    },
    async (request) => toBody(await updateAcaProgress(deps, person.of(request), request.params.id, request.body, request.id)),
  );
}
