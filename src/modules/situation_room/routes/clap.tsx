// CLAP deliveries: GET /sala/clap/{id} (public: a delivery and its flags; the distributor's and
// the spokespeople's forms for them) and POST /sala/clap/{id} (report, or confirm/dispute).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { getTerritory } from '../../territories/index.ts';
import { canConfirm, canReport, clapErrors, getClapDelivery, recordClap } from '../clap.service.ts';
import { instructionsAboutNamed, isOperatorOver, todayIn } from '../instruction.service.ts';
import { ClapPage, clapPath } from '../views/clap.views.tsx';
import { actorOf } from './actor.ts';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Body = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 16 })),
  deliveredOn: Type.Optional(Type.String({ maxLength: 32 })),
  familiesServed: Type.Optional(Type.String({ maxLength: 16 })),
  items: Type.Optional(Type.String({ maxLength: 2000 })),
  confirmation: Type.Optional(Type.String({ maxLength: 16 })),
  familiesCounted: Type.Optional(Type.String({ maxLength: 16 })),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
});

export function registerClapRoutes(app: TamboApp, deps: Deps): void {
  const show = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, values: Record<string, string> = {}, errors: Record<string, string> = {}) => {
    const delivery = await getClapDelivery(deps, request.params.id);
    const { actor } = await actorOf(deps, request);
    const council = (await getTerritory(deps, delivery.territoryPath.at(-1)!)).name;
    const form = !delivery.deliveredOn && canReport(actor, delivery) ? 'report' : delivery.deliveredOn && !delivery.confirmation && canConfirm(actor, delivery) ? 'confirm' : null;
    const instructions = await instructionsAboutNamed(deps, 'clap_delivery', delivery.id);
    const title = request.t('situation_room.clap.title', { council, cycle: delivery.cycle });
    reply.header('cache-control', 'private, no-store');
    return reply.page({
      title: Object.keys(errors).length > 0 ? request.t('situation_room.instruction.errorTitle', { title }) : title,
      status: Object.keys(errors).length > 0 ? 400 : 200,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: `/sala/${encodeURIComponent(delivery.territoryPath.at(-1)!)}`, label: request.t('situation_room.nav') },
      ],
      body: (
        <ClapPage
          delivery={delivery}
          council={council}
          today={todayIn(deps)}
          form={form}
          operator={actor !== null && isOperatorOver(actor.grants, delivery.territoryPath)}
          values={values}
          errors={errors}
          instructions={instructions}
        />
      ),
    });
  };

  app.get('/sala/clap/:id', { schema: { hide: true, params: IdParams } }, (request, reply) => show(request, reply));
  app.post('/sala/clap/:id', { schema: { hide: true, params: IdParams, body: Body } }, async (request, reply) => {
    requireSignedIn(request);
    const { actor } = await actorOf(deps, request);
    const kind = request.body.kind === 'confirm' ? 'confirm' : 'report';
    const values = Object.fromEntries(Object.entries(request.body).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const delivery = await getClapDelivery(deps, request.params.id);
    const allowed = kind === 'report' ? canReport(actor, delivery) : canConfirm(actor, delivery);
    const errors = allowed ? clapErrors(kind, values, todayIn(deps)) : {};
    if (Object.keys(errors).length > 0) return show(request, reply, values, errors);
    await recordClap(deps, actor!, request.params.id, kind, values, request.id);
    return reply.redirect(clapPath(request.params.id), 303);
  });
}
