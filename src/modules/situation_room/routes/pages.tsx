// The room's pages: /sala (national), /sala/{code} (a territory), their CSV export
// (…/datos.csv) and their live stream of changes (…/events, Server-Sent Events).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import type { StatRef } from '../../../platform/stats/stats.types.ts';
import { getRoles } from '../../identity/index.ts';
import { roomCsv } from '../room.csv.ts';
import { getRoom, type RoomView } from '../room.service.ts';
import { ROOM_PATH } from '../room.types.ts';
import { RoomPage, roomPath } from '../views/room.views.tsx';
import { registerRoomEvents } from './events.ts';

const Params = Type.Object({ code: Type.String({ maxLength: 64 }) });
const Query = Type.Object({
  cifra: Type.Optional(Type.String({ maxLength: 128 })),
  institucion: Type.Optional(Type.String({ maxLength: 64 })),
});
type RoomQuery = { cifra?: string; institucion?: string };

export function registerRoomPages(app: TamboApp, deps: Deps, registry: readonly StatRef[]): void {
  const levelName = (locale: 'es' | 'en') => (key: string) => deps.country.territoryLevels.find((l) => l.key === key)?.name[locale] ?? key;

  const load = async (request: FastifyRequest, code: string | null, query: RoomQuery): Promise<RoomView> => {
    const account = request.current?.account ?? null;
    const roles = account ? await getRoles(deps, account.id) : [];
    return getRoom(deps, registry, { territoryCode: code, figure: query.cifra, agency: query.institucion, account, roles });
  };

  const page = async (request: FastifyRequest, reply: FastifyReply, code: string | null, query: RoomQuery) => {
    const view = await load(request, code, query);
    reply.header('cache-control', 'private, no-store');
    return reply.page({
      title: request.t('situation_room.title', { place: view.territory?.name ?? request.t('situation_room.national') }),
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        ...(view.territory ? [{ href: ROOM_PATH, label: request.t('situation_room.nav') }] : []),
        ...view.ancestors.map((a) => ({ href: roomPath(a.code), label: a.name })),
      ],
      body: <RoomPage view={view} levelName={levelName(request.locale)} />,
    });
  };

  const csv = async (request: FastifyRequest, reply: FastifyReply, code: string | null, query: RoomQuery) => {
    const view = await load(request, code, query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="sala-${view.territory?.code ?? 'nacional'}.csv"`)
      .send(roomCsv(view, request.t, levelName(request.locale)));
  };

  app.get(ROOM_PATH, { schema: { hide: true, querystring: Query } }, (request, reply) => page(request, reply, null, request.query));
  app.get(`${ROOM_PATH}/datos.csv`, { schema: { hide: true, querystring: Query } }, (request, reply) => csv(request, reply, null, request.query));
  app.get(`${ROOM_PATH}/:code`, { schema: { hide: true, params: Params, querystring: Query } }, (request, reply) => page(request, reply, request.params.code, request.query));
  app.get(`${ROOM_PATH}/:code/datos.csv`, { schema: { hide: true, params: Params, querystring: Query } }, (request, reply) => csv(request, reply, request.params.code, request.query));
  registerRoomEvents(app, deps);
}
