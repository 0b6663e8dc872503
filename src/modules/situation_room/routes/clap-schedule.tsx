// Scheduling CLAP cycles: GET/POST /sala/{code}/clap/programar (the room's operators: a council,
// the cycle, the day, the families planned); errors come back with the input kept.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { getTerritory, listTerritories } from '../../territories/index.ts';
import { scheduleClapDelivery, scheduleErrors } from '../clap.service.ts';
import { requireOperator } from '../instruction.service.ts';
import { ROOM_PATH } from '../room.types.ts';
import { ClapScheduleForm } from '../views/clap-schedule.views.tsx';
import { clapPath } from '../views/clap.views.tsx';
import { actorOf, roomSubPage } from './actor.ts';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
const Body = Type.Object({
  territory: Type.Optional(Type.String({ maxLength: 64 })),
  cycle: Type.Optional(Type.String({ maxLength: 16 })),
  scheduledOn: Type.Optional(Type.String({ maxLength: 32 })),
  familiesPlanned: Type.Optional(Type.String({ maxLength: 16 })),
});

export function registerClapSchedulePages(app: TamboApp, deps: Deps): void {
  const show = async (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply, values: Record<string, string> = {}, errors: Record<string, string> = {}) => {
    requireSignedIn(request);
    const { actor } = await actorOf(deps, request);
    await requireOperator(deps, actor!, request.params.code);
    const room = await getTerritory(deps, request.params.code);
    const councilLevel = deps.country.territoryLevels.at(-1)?.key;
    const councils = (room.level === councilLevel ? [room] : (await listTerritories(deps, room.code)).filter((c) => c.level === councilLevel)).map((c) => ({ value: c.code, label: c.name }));
    const title = request.t('situation_room.clap.schedule.title', { place: room.name });
    return roomSubPage(request, reply, {
      title,
      room,
      errors,
      body: <ClapScheduleForm code={room.code} place={room.name} councils={councils} values={values} errors={errors} />,
    });
  };

  const path = `${ROOM_PATH}/:code/clap/programar`;
  app.get(path, { schema: { hide: true, params: CodeParams } }, (request, reply) => show(request, reply));
  app.post(path, { schema: { hide: true, params: CodeParams, body: Body } }, async (request, reply) => {
    requireSignedIn(request);
    const { actor } = await actorOf(deps, request);
    await requireOperator(deps, actor!, request.params.code);
    const values = Object.fromEntries(Object.entries(request.body).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const errors = scheduleErrors(values);
    if (Object.keys(errors).length > 0) return show(request, reply, values, errors);
    try {
      const { delivery } = await scheduleClapDelivery(deps, actor, values);
      return reply.redirect(clapPath(delivery.id), 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'SITUATION_ROOM_INVALID_CLAP') return show(request, reply, values, { territory: 'situation_room.clap.error.council' });
      if (error instanceof AppError && error.code === 'SITUATION_ROOM_CLAP_EXISTS') return show(request, reply, values, { cycle: 'situation_room.clap.error.exists' });
      throw error;
    }
  });
}
