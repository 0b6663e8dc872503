// The communes' Agenda Concreta de Acción: GET /sala/{code}/aca (public: the territory's whole
// agenda), GET/POST /sala/{code}/aca/nueva (its spokespeople: a new action, once per form),
// GET /sala/aca/{id} (public: an action, its progress log, linked items, the instructions about
// it) and POST /sala/aca/{id} (the spokespeople's progress update).
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { getProject } from '../../projects/index.ts';
import { getTerritory, getTerritoryWithAncestors } from '../../territories/index.ts';
import { acaErrors, acaProgressErrors, acaProgressOf, canEditAca, createAcaAction, getAcaAction, listAcaActions, updateAcaProgress } from '../aca.service.ts';
import type { AcaAction } from '../aca.types.ts';
import { type Actor, instructionsAboutNamed, isOperatorOver, todayIn } from '../instruction.service.ts';
import { ROOM_PATH } from '../room.types.ts';
import { AcaAgendaPage, AcaForm, AcaPage, acaPath } from '../views/aca.views.tsx';
import { actorOf, roomSubPage } from './actor.ts';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const NewBody = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  responsible: Type.Optional(Type.String({ maxLength: 1000 })),
  responsibleAgency: Type.Optional(Type.String({ maxLength: 200 })),
  dueOn: Type.Optional(Type.String({ maxLength: 32 })),
  projects: Type.Optional(Type.String({ maxLength: 2000 })),
  reports: Type.Optional(Type.String({ maxLength: 1000 })),
  requestKey: Type.Optional(Type.String({ maxLength: 64 })),
});
const ProgressBody = Type.Object({ percent: Type.Optional(Type.String({ maxLength: 16 })), note: Type.Optional(Type.String({ maxLength: 4000 })) });

/** The names of the territories the actions belong to. */
export async function acaTerritoryNames(deps: Deps, actions: AcaAction[]): Promise<Map<string, string>> {
  const codes = [...new Set(actions.map((a) => a.territoryPath.at(-1)!))];
  return new Map(await Promise.all(codes.map(async (c) => [c, (await getTerritory(deps, c)).name] as [string, string])));
}

const stringsOf = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));

export function registerAcaRoutes(app: TamboApp, deps: Deps): void {
  app.get(`${ROOM_PATH}/:code/aca`, { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const path = (await getTerritoryWithAncestors(deps, request.params.code)).map((t) => t.code);
    const room = await getTerritory(deps, request.params.code);
    const { actor } = await actorOf(deps, request);
    const actions = await listAcaActions(deps, room.code, 200);
    const title = request.t('situation_room.aca.agendaTitle', { place: room.name });
    return roomSubPage(request, reply, {
      title,
      room,
      body: (
        <AcaAgendaPage
          code={room.code}
          place={room.name}
          actions={actions}
          today={todayIn(deps)}
          names={await acaTerritoryNames(deps, actions)}
          operator={actor !== null && isOperatorOver(actor.grants, path)}
          responder={canEditAca(actor, path)}
        />
      ),
    });
  });

  /** The new action's form, for the spokespeople over the territory only. */
  const showNew = async (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, values: Record<string, string> = {}, errors: Record<string, string> = {}) => {
    requireSignedIn(request);
    const { actor } = await actorOf(deps, request);
    const path = (await getTerritoryWithAncestors(deps, request.params.code)).map((t) => t.code);
    if (!canEditAca(actor, path)) throw new AppError('SITUATION_ROOM_FORBIDDEN');
    const room = await getTerritory(deps, request.params.code);
    const title = request.t('situation_room.aca.newTitle', { place: room.name });
    return roomSubPage(request, reply, {
      title,
      room,
      errors,
      // The same key again after errors: the form still creates the action once.
      body: <AcaForm code={room.code} place={room.name} values={values} errors={errors} requestKey={values.requestKey || randomUUID()} />,
    });
  };
  const newPath = `${ROOM_PATH}/:code/aca/nueva`;
  app.get(newPath, { schema: { hide: true, params: CodeParams } }, (request, reply) => showNew(request, reply));
  app.post(newPath, { schema: { hide: true, params: CodeParams, body: NewBody } }, async (request, reply) => {
    requireSignedIn(request);
    const { actor } = await actorOf(deps, request);
    const values = { ...stringsOf(request.body), territory: request.params.code };
    const errors = acaErrors(values, todayIn(deps));
    if (errors.requestKey) throw new AppError('SITUATION_ROOM_INVALID_ACA', { fields: [{ field: '/requestKey', messageKey: errors.requestKey }] });
    if (Object.keys(errors).length > 0) return showNew(request, reply, values, errors);
    try {
      const { action } = await createAcaAction(deps, actor, values, { requestId: request.id });
      return reply.redirect(acaPath(action.id), 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'SITUATION_ROOM_INVALID_ACA') {
        return showNew(request, reply, values, Object.fromEntries(error.fields.map((f) => [f.field.replace(/^\//, ''), f.messageKey])));
      }
      throw error;
    }
  });

  const show = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, values: Record<string, string> = {}, errors: Record<string, string> = {}) => {
    const action = await getAcaAction(deps, request.params.id);
    const { actor } = await actorOf(deps, request);
    const place = (await getTerritory(deps, action.territoryPath.at(-1)!)).name;
    const projects = (
      await Promise.all(
        action.projectIds.map((id) =>
          getProject(deps, id).then(
            (p) => ({ id: p.id, title: p.title }),
            () => undefined,
          ),
        ),
      )
    ).filter((p) => p !== undefined);
    const instructions = await instructionsAboutNamed(deps, 'aca_action', action.id);
    return roomSubPage(request, reply, {
      title: action.title,
      room: { code: action.territoryPath.at(-1)!, name: place },
      errors,
      body: (
        <AcaPage
          action={action}
          place={place}
          today={todayIn(deps)}
          log={await acaProgressOf(deps, action.id)}
          projects={projects}
          form={action.status !== 'done' && canEditAca(actor, action.territoryPath)}
          operator={actor !== null && isOperatorOver(actor.grants, action.territoryPath)}
          values={values}
          errors={errors}
          instructions={instructions}
        />
      ),
    });
  };

  app.get(`${ROOM_PATH}/aca/:id`, { schema: { hide: true, params: IdParams } }, (request, reply) => show(request, reply));
  app.post(`${ROOM_PATH}/aca/:id`, { schema: { hide: true, params: IdParams, body: ProgressBody } }, async (request, reply) => {
    requireSignedIn(request);
    const { actor } = await actorOf(deps, request);
    const action = await getAcaAction(deps, request.params.id);
    if (!canEditAca(actor, action.territoryPath)) throw new AppError('SITUATION_ROOM_FORBIDDEN');
    const values = stringsOf(request.body);
    const errors = acaProgressErrors(values);
    if (Object.keys(errors).length > 0) return show(request, reply, values, errors);
    await updateAcaProgress(deps, actor as Actor, action.id, values, request.id);
    return reply.redirect(acaPath(action.id), 303);
  });
}
