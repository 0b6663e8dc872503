// Pages of communal justice of peace (/justicia-de-paz): the front page with the public figures,
// the request form, a case (its parties and its justice only; anyone else: not found), the
// justice's actions, a party's acceptance of the act, and following a case with a code.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { readStat } from '../../../platform/stats/stats.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { listTerritoriesAsOf } from '../../territories/index.ts';
import { acceptAct, actAsJustice, type JusticeAction, followMediation, kinds, mediationsOf, type Person, readMediation, requestMediation } from '../peace-justice.service.ts';
import { councilsSpokenFor } from '../peace-justice.policy.ts';
import { peaceJusticeStats } from '../peace-justice.stats.ts';
import { CasePage, type FigureRow, FollowPage, FrontPage, type RequestForm, RequestPage } from '../views/peace-justice.views.tsx';

const PARTY_ROWS = 3;
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const text = Type.Optional(Type.String({ maxLength: 8000 }));

/** YYYY-MM-DD HH:MM typed in parts, as an instant in the country's zone; an invalid date when they do not make one. */
function instant(timeZone: string, year = '', month = '', day = '', time = ''): Date {
  const [y, m, d] = [year, month, day].map((v) => Number(v.trim()));
  const hm = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || !hm || y! < 2000 || y! > 2100) return new Date(Number.NaN);
  const [h, min] = [Number(hm[1]), Number(hm[2])];
  const guess = new Date(Date.UTC(y!, m! - 1, d!, h, min));
  if (guess.getUTCMonth() !== m! - 1 || guess.getUTCDate() !== d || h > 23 || min > 59) return new Date(Number.NaN);
  // The zone's offset at that moment (the country's zones have no daylight saving today).
  const local = new Date(guess.toLocaleString('en-US', { timeZone }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() + (utc.getTime() - local.getTime()));
}

export function registerPeaceJusticePages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withFront = false) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withFront ? [{ href: '/justicia-de-paz', label: request.t('peace_justice.nav') }] : []),
  ];

  const personOf = async (request: FastifyRequest): Promise<Person> => {
    const { account } = requireSignedIn(request);
    return { id: account.id, level: account.level, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
  };

  const errorsOf = (request: FastifyRequest, error: unknown): Record<string, string> | undefined => {
    if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') return undefined;
    return Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
  };

  app.get('/justicia-de-paz', async (request, reply) => {
    const signedIn = request.current !== undefined;
    const cases = signedIn ? await mediationsOf(deps, await personOf(request)) : [];
    const [requests, ended] = await Promise.all([
      readStat(deps.dbRead, peaceJusticeStats.requests, { public: true, groupBy: ['kind'] }),
      readStat(deps.dbRead, peaceJusticeStats.ended, { public: true, groupBy: ['kind', 'outcome'] }),
    ]);
    const rows = (list: typeof requests): FigureRow[] => list.map((r) => ({ kind: String(r.group.kind), outcome: r.group.outcome ?? null, count: r.count }));
    return reply.page({
      title: request.t('peace_justice.front.heading'),
      breadcrumbs: crumbs(request),
      body: <FrontPage signedIn={signedIn} cases={cases} requests={rows(requests)} ended={rows(ended)} />,
    });
  });

  const territoryOptions = async () => {
    const levels = deps.country.territoryLevels.slice(-2).map((l) => l.key);
    const { items } = await listTerritoriesAsOf(deps, new Date(), { limit: 5000, offset: 0 });
    return items.filter((u) => levels.includes(u.level)).map((u) => ({ code: u.code, name: `${u.name} (${u.code})` }));
  };

  const renderRequest = async (request: FastifyRequest, reply: FastifyReply, form: RequestForm, errors: Record<string, string> = {}) => {
    const spokenFor = councilsSpokenFor((await personOf(request)).grants);
    const territories = await territoryOptions();
    const councils = spokenFor.map((code) => territories.find((o) => o.code === code) ?? { code, name: code });
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('peace_justice.errorPrefix')} ` : ''}${request.t('peace_justice.request.heading')}`,
      breadcrumbs: crumbs(request, true),
      body: <RequestPage kinds={await kinds(deps)} territories={territories} councils={councils} form={form} errors={errors} />,
    });
  };

  app.get('/justicia-de-paz/solicitar', async (request, reply) => {
    await personOf(request);
    return renderRequest(request, reply, { tipo: '', asunto: '', territorio: '', enNombreDe: '', parties: Array.from({ length: PARTY_ROWS }, () => ({ nombre: '', documento: '' })) });
  });

  app.post('/justicia-de-paz/solicitar', { schema: { body: Type.Record(Type.String(), Type.String({ maxLength: 4000 })) } }, async (request, reply) => {
    const person = await personOf(request);
    const body = request.body;
    const form: RequestForm = {
      tipo: body.tipo ?? '',
      asunto: body.asunto ?? '',
      territorio: body.territorio ?? '',
      enNombreDe: body['en-nombre-de'] ?? '',
      parties: Array.from({ length: PARTY_ROWS }, (_, i) => ({ nombre: body[`parte${i + 1}-nombre`] ?? '', documento: body[`parte${i + 1}-documento`] ?? '' })),
    };
    try {
      const id = await requestMediation(
        deps,
        person,
        { kind: form.tipo, subject: form.asunto, territoryCode: form.territorio, parties: form.parties.map((p) => ({ name: p.nombre, documentNumber: p.documento })), onBehalfOf: form.enNombreDe },
        request.id,
      );
      return reply.redirect(`/justicia-de-paz/casos/${id}?hecho=solicitud`, 303);
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return renderRequest(request, reply, form, errors);
    }
  });

  const renderCase = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: Record<string, string>; form?: Record<string, string>; done?: string } = {}) => {
    const person = await personOf(request);
    const file = await readMediation(deps, person, id);
    const failed = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('peace_justice.errorPrefix')} ` : ''}${request.t('peace_justice.case.heading', { code: file.mediation.code })}`,
      breadcrumbs: crumbs(request, true),
      body: <CasePage {...file} level={person.level} errors={extra.errors ?? {}} form={extra.form ?? {}} done={extra.done} />,
    });
  };

  const DONE = ['solicitud', 'aceptar', 'derivar', 'sesion', 'sesion-realizada', 'acta', 'firmar', 'presencial', 'cumplimiento', 'cerrar'];
  app.get('/justicia-de-paz/casos/:id', { schema: { params: Params, querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 30 })) }) } }, async (request, reply) =>
    renderCase(request, reply, request.params.id, { done: DONE.includes(request.query.hecho ?? '') ? request.query.hecho!.replace('-', '_') : undefined }),
  );

  app.post('/justicia-de-paz/casos/:id/firmar', { schema: { params: Params } }, async (request, reply) => {
    await acceptAct(deps, await personOf(request), request.params.id, request.id);
    return reply.redirect(`/justicia-de-paz/casos/${request.params.id}?hecho=firmar`, 303);
  });

  const Body = Type.Object({
    autoridad: text,
    motivo: text,
    'fecha-day': text,
    'fecha-month': text,
    'fecha-year': text,
    hora: text,
    lugar: text,
    notas: text,
    acta: text,
    parte: text,
    cumplimiento: text,
    resultado: text,
  });
  const ACTIONS = ['aceptar', 'derivar', 'sesion', 'sesion-realizada', 'acta', 'presencial', 'cumplimiento', 'cerrar'] as const;
  app.post(
    '/justicia-de-paz/casos/:id/:action',
    { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), action: Type.Union(ACTIONS.map((a) => Type.Literal(a))) }), body: Body } },
    async (request, reply) => {
      const person = await personOf(request);
      const b = request.body;
      const action = ((): JusticeAction => {
        switch (request.params.action) {
          case 'aceptar':
            return { action: 'accept' as const };
          case 'derivar':
            return { action: 'refer' as const, to: b.autoridad ?? '', reason: b.motivo ?? '' };
          case 'sesion':
            return { action: 'schedule' as const, at: instant(deps.country.timeZone, b['fecha-year'], b['fecha-month'], b['fecha-day'], b.hora), place: b.lugar ?? '' };
          case 'sesion-realizada':
            return { action: 'held' as const, notes: b.notas ?? '' };
          case 'acta':
            return { action: 'act' as const, text: b.acta ?? '' };
          case 'presencial':
            return { action: 'attest' as const, partyId: b.parte ?? '' };
          case 'cumplimiento':
            return { action: 'fulfilment' as const, text: b.cumplimiento ?? '' };
          default:
            return { action: 'close' as const, outcome: b.resultado ?? '' };
        }
      })();
      try {
        await actAsJustice(deps, person, request.params.id, action, request.id);
      } catch (error) {
        const errors = errorsOf(request, error);
        if (!errors) throw error;
        return renderCase(request, reply, request.params.id, { errors, form: b as Record<string, string> });
      }
      return reply.redirect(`/justicia-de-paz/casos/${request.params.id}?hecho=${request.params.action}`, 303);
    },
  );

  const renderFollow = (request: FastifyRequest, reply: FastifyReply, props: Parameters<typeof FollowPage>[0], status = 200) =>
    reply.page({
      status,
      title: props.file ? request.t('peace_justice.case.heading', { code: props.file.mediation.code }) : request.t('peace_justice.follow.heading'),
      breadcrumbs: crumbs(request, true),
      body: <FollowPage {...props} />,
    });

  app.get('/justicia-de-paz/seguimiento', async (request, reply) => renderFollow(request, reply, { form: { caso: '', clave: '' }, errors: {} }));

  app.post('/justicia-de-paz/seguimiento', { schema: { body: Type.Object({ caso: text, clave: text }) } }, async (request, reply) => {
    const form = { caso: (request.body.caso ?? '').trim().toUpperCase(), clave: (request.body.clave ?? '').trim().toUpperCase() };
    try {
      return renderFollow(request, reply, { form, errors: {}, file: await followMediation(deps, form.caso, form.clave) });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'PEACE_JUSTICE_NOT_FOUND') throw error;
      return renderFollow(request, reply, { form, errors: { caso: request.t('peace_justice.errors.follow') } }, 422);
    }
  });
}
