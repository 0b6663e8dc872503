// The room's pages: /sala (national), /sala/{code} (a territory), their CSV export
// (…/datos.csv) and their live stream of changes (…/events, Server-Sent Events); on a
// territory's room, the instructions its operators send and its recipients answer.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import type { StatRef } from '../../../platform/stats/stats.types.ts';
import { getTerritory } from '../../territories/index.ts';
import { canEditAca, listAcaActions } from '../aca.service.ts';
import { listClapDeliveries } from '../clap.service.ts';
import { reportsByLayer } from '../layers.service.ts';
import { type Actor, listRoomInstructions, todayIn } from '../instruction.service.ts';
import type { Instruction } from '../instruction.types.ts';
import { type OverdueSource, worstOverdue } from '../overdue.service.ts';
import { type MapPointSource, roomPoints } from '../points.service.ts';
import { roomCsv } from '../room.csv.ts';
import { getRoom, type RoomView } from '../room.service.ts';
import { ROOM_PATH } from '../room.types.ts';
import { AcaList } from '../views/aca.views.tsx';
import { ClapScheduleLink } from '../views/clap-schedule.views.tsx';
import { ClapList } from '../views/clap.views.tsx';
import { InstructionForm, type InstructionFormState, InstructionList } from '../views/instruction.views.tsx';
import { PointsMap } from '../views/points.views.tsx';
import { LayerTables, OverdueList, RoomPage, roomPath } from '../views/room.views.tsx';
import { acaTerritoryNames, registerAcaRoutes } from './aca.tsx';
import { registerAcaApi } from './aca-api.ts';
import { actorOf } from './actor.ts';
import { registerClapApi } from './clap-api.ts';
import { registerClapSchedulePages } from './clap-schedule.tsx';
import { registerClapRoutes } from './clap.tsx';
import { registerRoomEvents } from './events.ts';
import { registerInstructionRoutes } from './instructions.tsx';

const Params = Type.Object({ code: Type.String({ maxLength: 64 }) });
const Query = Type.Object({
  cifra: Type.Optional(Type.String({ maxLength: 128 })),
  institucion: Type.Optional(Type.String({ maxLength: 64 })),
  // The instruction form filled in from an item (a CLAP delivery's "Instruir" link).
  instruir: Type.Optional(Type.String({ maxLength: 128 })),
  para: Type.Optional(Type.String({ maxLength: 128 })),
});
type RoomQuery = { cifra?: string; institucion?: string; instruir?: string; para?: string };

/** The form's values from an item's "Instruir" link: `instruir=kind:ref`, `para=territory:CODE`. */
function prefill(query: RoomQuery): Record<string, string> {
  const [itemKind, itemRef] = (query.instruir ?? '').split(':', 2);
  return itemKind && itemRef ? { itemKind, itemRef, ...(query.para ? { recipient: query.para } : {}) } : {};
}

export function registerRoomPages(app: TamboApp, deps: Deps, registry: readonly StatRef[], overdue: readonly OverdueSource[], pointSources: readonly MapPointSource[]): void {
  const levelName = (locale: 'es' | 'en') => (key: string) => deps.country.territoryLevels.find((l) => l.key === key)?.name[locale] ?? key;

  const load = async (request: FastifyRequest, code: string | null, query: RoomQuery): Promise<{ view: RoomView; actor: Actor | null }> => {
    const { actor, roles } = await actorOf(deps, request);
    const view = await getRoom(deps, registry, { territoryCode: code, figure: query.cifra, agency: query.institucion, account: request.current?.account ?? null, roles });
    return { view, actor };
  };

  /** The room's page; `form` when an instruction came back with errors (the input kept). */
  const page = async (request: FastifyRequest, reply: FastifyReply, code: string | null, query: RoomQuery, form?: InstructionFormState) => {
    const { view, actor } = await load(request, code, query);
    const [instructions, deliveries, aca] = view.territory
      ? await Promise.all([listRoomInstructions(deps, actor, view.territory.path), listClapDeliveries(deps, view.territory.code), listAcaActions(deps, view.territory.code)])
      : [[], [], []];
    const [layers, late, points] = await Promise.all([
      reportsByLayer(deps, view.territory?.code ?? null, view.operator),
      worstOverdue(deps, overdue, { territory: view.territory?.code ?? null, agency: view.agency, operator: view.operator, locale: request.locale }),
      view.territory ? roomPoints(deps, pointSources, { territory: view.territory.code, locale: request.locale, map: view.map }) : Promise.resolve([]),
    ]);
    const councils = view.territory ? await Promise.all([...new Set(deliveries.map((d) => d.territoryPath.at(-1)!))].map((c) => getTerritory(deps, c))) : [];
    const names = new Map([...(view.territory ? [view.territory] : []), ...view.children].map((t) => [t.code, t.name]));
    const recipientName = (i: Instruction) => ('agency' in i.recipient ? i.recipient.agency : (names.get(i.recipient.territoryPath.at(-1)!) ?? i.recipient.territoryPath.at(-1)!));
    const recipients = view.territory
      ? [
          ...[view.territory, ...view.children].map((t) => ({ value: `territory:${t.code}`, label: t.name })),
          ...view.byAgency.map((a) => ({ value: `agency:${a.agency}`, label: request.t('situation_room.instruction.agencyOption', { agency: a.agency }) })),
        ]
      : [];
    // An item's "Instruir" may name an agency the room has no figures of (an ACA action's responsible agency).
    const named = /^agency:([A-Za-z0-9_-]{1,64})$/.exec(query.para ?? '');
    if (view.territory && named && !recipients.some((r) => r.value === query.para))
      recipients.push({ value: `agency:${named[1]}`, label: request.t('situation_room.instruction.agencyOption', { agency: named[1]! }) });
    reply.header('cache-control', 'private, no-store');
    const title = request.t('situation_room.title', { place: view.territory?.name ?? request.t('situation_room.national') });
    return reply.page({
      title: form && Object.keys(form.errors).length > 0 ? request.t('situation_room.instruction.errorTitle', { title }) : title,
      status: form && Object.keys(form.errors).length > 0 ? 400 : 200,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        ...(view.territory ? [{ href: ROOM_PATH, label: request.t('situation_room.nav') }] : []),
        ...view.ancestors.map((a) => ({ href: roomPath(a.code), label: a.name })),
      ],
      body: (
        <RoomPage view={view} levelName={levelName(request.locale)}>
          <PointsMap points={points} map={view.map} place={view.territory?.name ?? ''} />
          <OverdueList items={late} code={view.territory?.code ?? null} instruct={view.territory !== null && view.operator} />
          <LayerTables layers={layers} />
          <ClapList deliveries={deliveries} today={todayIn(deps)} names={new Map(councils.map((c) => [c.code, c.name]))} operator={view.operator} />
          {view.territory && view.operator && deps.country.code === 've' ? <ClapScheduleLink code={view.territory.code} /> : null}
          {view.territory ? (
            <AcaList
              code={view.territory.code}
              actions={aca}
              today={todayIn(deps)}
              names={await acaTerritoryNames(deps, aca)}
              operator={view.operator}
              responder={canEditAca(actor, view.territory.path)}
            />
          ) : null}
          <InstructionList instructions={instructions} recipientName={recipientName} />
          {view.territory && view.operator ? (
            <InstructionForm code={view.territory.code} recipients={recipients} state={form ?? { values: prefill(query), errors: {} }} requestKey={randomUUID()} />
          ) : null}
        </RoomPage>
      ),
    });
  };

  const csv = async (request: FastifyRequest, reply: FastifyReply, code: string | null, query: RoomQuery) => {
    const { view } = await load(request, code, query);
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
  registerClapRoutes(app, deps);
  registerClapSchedulePages(app, deps);
  registerClapApi(app, deps);
  registerAcaRoutes(app, deps);
  registerAcaApi(app, deps);
  registerInstructionRoutes(app, deps, { roomPage: (request, reply, code, form) => page(request, reply, code, {}, form) });
}
