// Public pages under /transparencia: the register and figures, asking, a request (and the
// officers' and the requester's actions on it), an entity's publications, the officers' inbox.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import { getAgency, listAgencies } from '../../agencies/index.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { breachesFor, recordNoticePosted } from '../breach.service.ts';
import { transparencyFigures } from '../figures.service.ts';
import { complianceHistory, complianceSummary, entityObligations, publishObligation } from '../publications.service.ts';
import { isOfficerOf, officerAgencies } from '../transparency.policy.ts';
import {
  type Actor,
  answerFile,
  answerRequest,
  appealRefusal,
  extendRequest,
  fileRequest,
  listRegister,
  pendingAppeals,
  refuseRequest,
  registerFigures,
  resolveAppeal,
  similarAnswered,
  transferRequest,
  viewRequest,
} from '../transparency.service.ts';
import { MAX_ANSWER_FILE_BYTES, rulesOf } from '../transparency.types.ts';
import { BreachesPage } from '../views/breaches.views.tsx';
import { AskPage, EntityPage, HomePage, InboxPage, type Names, RequestPage } from '../views/transparency.views.tsx';

const Form = Type.Record(Type.String(), Type.String());
const CodeParams = Type.Object({ code: Type.String({ maxLength: 20 }) });

/** Field errors of a validation failure or of an upload's files, by form field (a service field renamed where the form names it otherwise). */
function fieldErrors(request: FastifyRequest, error: unknown, rename: Record<string, string> = {}): Record<string, string> {
  if (!isAppError(error) || error.fields.length === 0) throw error;
  return Object.fromEntries(error.fields.map((f) => [rename[f.field] ?? f.field, request.t(f.messageKey, f.params)]));
}

export function registerTransparencyPages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withHome = true) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withHome ? [{ href: '/transparencia', label: request.t('transparency.nav') }] : []),
  ];
  const names = async (): Promise<Names> => Object.fromEntries((await listAgencies(deps)).map((a) => [a.code, a.name]));
  const agencyOptions = async (codes?: string[]) => (await listAgencies(deps)).filter((a) => !codes || codes.includes(a.code)).map((a) => ({ value: a.code, label: a.name }));
  const actorOf = async (request: FastifyRequest): Promise<Actor | null> => {
    const current = request.current;
    if (!current) return null;
    return { accountId: current.account.id, grants: roleGrantsOf(current.account, await getRoles(deps, current.account.id)), requestId: request.id };
  };
  const requireActor = async (request: FastifyRequest): Promise<Actor> => {
    requireSignedIn(request);
    return (await actorOf(request))!;
  };
  const titled = (request: FastifyRequest, title: string, failed: boolean) => `${failed ? `${request.t('transparency.errorPrefix')} ` : ''}${title}`;

  app.get('/transparencia', async (request, reply) => {
    const [requests, figures, compliance, all, goal] = await Promise.all([listRegister(deps, { limit: 50 }), registerFigures(deps), complianceSummary(deps), names(), transparencyFigures(deps)]);
    return reply.page({
      title: request.t('transparency.home.heading'),
      breadcrumbs: crumbs(request, false),
      body: <HomePage requests={requests} figures={figures} compliance={compliance} names={all} goal={goal.centralEntitiesWithAccess} />,
    });
  });

  // Asking: the first send shows earlier similar answers ("quizás ya fue respondida") when there are any; the second files.
  const renderAsk = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { entidad: string; pregunta: string; formato: string; correo: string },
    errors: Record<string, string>,
    similar: Awaited<ReturnType<typeof similarAnswered>> | null,
  ) => {
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: titled(request, request.t('transparency.ask.heading'), failed),
      breadcrumbs: crumbs(request),
      body: (
        <AskPage form={form} errors={errors} agencies={await agencyOptions()} signedIn={request.current !== null} emailOnly={rulesOf(deps.country).emailOnly} similar={similar} names={await names()} />
      ),
    });
  };
  app.get('/transparencia/solicitar', { schema: { querystring: Type.Object({ entidad: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) =>
    renderAsk(request, reply, { entidad: request.query.entidad ?? '', pregunta: '', formato: 'digital', correo: '' }, {}, null),
  );
  app.post('/transparencia/solicitar', { schema: { body: Form } }, async (request, reply) => {
    const b = request.body;
    const form = { entidad: b.entidad ?? '', pregunta: b.pregunta ?? '', formato: b.formato ?? 'digital', correo: b.correo ?? '' };
    const actor = await actorOf(request);
    if (!actor && !rulesOf(deps.country).emailOnly) throw new AppError('UNAUTHENTICATED');
    if (b.confirmar !== '1') {
      const similar = await similarAnswered(deps, form.pregunta);
      if (similar.length > 0) return renderAsk(request, reply, form, {}, similar);
    }
    try {
      const filed = await fileRequest(deps, actor, { agencyCode: form.entidad, question: form.pregunta, format: form.formato, email: form.correo });
      return reply.redirect(`/transparencia/solicitudes/${filed.code}?hecho=enviada`, 303);
    } catch (error) {
      return renderAsk(request, reply, form, fieldErrors(request, error), null);
    }
  });

  const renderRequest = async (request: FastifyRequest, reply: FastifyReply, code: string, extra: { errors?: Record<string, string>; values?: Record<string, string>; notice?: string } = {}) => {
    const view = await viewRequest(deps, code, await actorOf(request));
    const errors = extra.errors ?? {};
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: titled(request, request.t('transparency.request.heading', { code: view.request.code }), failed),
      breadcrumbs: crumbs(request),
      body: (
        <RequestPage
          view={view}
          names={await names()}
          agencies={await agencyOptions()}
          grounds={rulesOf(deps.country).refusalGrounds}
          forms={{ errors, values: extra.values ?? {} }}
          notice={extra.notice ? request.t(`transparency.done.${extra.notice}`) : null}
        />
      ),
    });
  };
  app.get('/transparencia/solicitudes/:code', { schema: { params: CodeParams, querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) => {
    const done = request.query.hecho;
    return renderRequest(request, reply, request.params.code, { notice: done && /^(enviada|respondida|denegada|derivada|prorrogada|apelada|resuelta)$/.test(done) ? done : undefined });
  });

  // The actions on a request: each a form; a validation failure comes back with the text kept.
  const action = (path: string, done: string, run: (actor: Actor, code: string, body: Record<string, string>) => Promise<void>, rename: Record<string, string> = {}) =>
    app.post(`/transparencia/solicitudes/:code/${path}`, { schema: { params: CodeParams, body: Form } }, async (request, reply) => {
      const actor = await requireActor(request);
      try {
        await run(actor, request.params.code, request.body);
      } catch (error) {
        return renderRequest(request, reply, request.params.code, { errors: fieldErrors(request, error, rename), values: request.body });
      }
      return reply.redirect(`/transparencia/solicitudes/${request.params.code}?hecho=${done}`, 303);
    });
  // The answer takes its documents typed, or as uploaded PDFs (multipart, in its own scope; a stranger is refused before the body is read).
  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_ANSWER_FILE_BYTES, maxFiles: 2, allowed: ['application/pdf'], maxFieldBytes: 400_000 });
    multipart.post('/transparencia/solicitudes/:code/responder', { schema: { params: CodeParams, body: Form }, onRequest: async (request) => requireSignedIn(request) }, async (request, reply) => {
      const actor = await requireActor(request);
      const b = request.body;
      try {
        const files = request.isMultipart() ? readMultipartForm(request).files : {};
        await answerRequest(deps, actor, request.params.code, {
          answer: b.respuesta ?? '',
          sentDocument: b.documento ?? '',
          publicDocument: b.publico ?? '',
          sentFile: files.archivoEnviado?.[0],
          publicFile: files.archivoPublico?.[0],
        });
      } catch (error) {
        return renderRequest(request, reply, request.params.code, { errors: fieldErrors(request, error), values: b });
      }
      return reply.redirect(`/transparencia/solicitudes/${request.params.code}?hecho=respondida`, 303);
    });
  });
  // An answer's PDFs: the public version for anyone, the version sent for the requester and the entity's officers.
  app.get(
    '/transparencia/solicitudes/:code/archivos/:version',
    { schema: { params: Type.Object({ code: Type.String({ maxLength: 20 }), version: Type.Union([Type.Literal('publico'), Type.Literal('enviado')]) }) } },
    async (request, reply) => {
      const which = request.params.version === 'publico' ? 'public' : 'sent';
      const file = await answerFile(deps, request.params.code, which, await actorOf(request));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('cache-control', which === 'public' ? 'public, max-age=300' : 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );
  action('denegar', 'denegada', (actor, code, b) => refuseRequest(deps, actor, code, { ground: b.fundamento ?? '', reason: b.motivoDenegacion ?? '' }), { motivo: 'motivoDenegacion' });
  action('derivar', 'derivada', (actor, code, b) => transferRequest(deps, actor, code, { agencyCode: b.entidad ?? '', reason: b.motivoDerivacion ?? '' }), { motivo: 'motivoDerivacion' });
  action('prorrogar', 'prorrogada', (actor, code, b) => extendRequest(deps, actor, code, { reason: b.motivoProrroga ?? '' }), { motivo: 'motivoProrroga' });
  action('apelar', 'apelada', (actor, code, b) => appealRefusal(deps, actor, code, { reason: b.motivo ?? '' }));
  action('resolver', 'resuelta', (actor, code, b) => resolveAppeal(deps, actor, code, { outcome: b.decision ?? '', resolution: b.resolucion ?? '' }));

  // An entity's obligatory publications and its compliance history; its officers publish here.
  const renderEntity = async (
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    extra: { form?: { obligacion: string; enlace: string }; errors?: Record<string, string>; published?: boolean } = {},
  ) => {
    const agency = await getAgency(deps, code).catch(() => undefined);
    if (!agency || agency.country !== deps.country.code) throw new AppError('TRANSPARENCY_NOT_FOUND');
    const actor = await actorOf(request);
    const errors = extra.errors ?? {};
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: titled(request, request.t('transparency.entity.heading', { name: agency.name }), failed),
      breadcrumbs: crumbs(request),
      body: (
        <EntityPage
          name={agency.name}
          code={agency.code}
          obligations={await entityObligations(deps, agency.code)}
          history={await complianceHistory(deps, agency.code)}
          canPublish={actor !== null && isOfficerOf(actor.grants, agency.code)}
          form={extra.form ?? { obligacion: '', enlace: '' }}
          errors={errors}
          published={extra.published ?? false}
        />
      ),
    });
  };
  const AgencyParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
  app.get('/transparencia/entidades/:code', { schema: { params: AgencyParams, querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) =>
    renderEntity(request, reply, request.params.code, { published: request.query.hecho === 'publicada' }),
  );
  app.post('/transparencia/entidades/:code/publicar', { schema: { params: AgencyParams, body: Form } }, async (request, reply) => {
    const actor = await requireActor(request);
    const form = { obligacion: request.body.obligacion ?? '', enlace: request.body.enlace ?? '' };
    try {
      await publishObligation(deps, actor, request.params.code, { item: form.obligacion, url: form.enlace });
    } catch (error) {
      return renderEntity(request, reply, request.params.code, { form, errors: fieldErrors(request, error) });
    }
    return reply.redirect(`/transparencia/entidades/${request.params.code}?hecho=publicada`, 303);
  });

  // The officers' inbox: pending requests and appeals of their entities; a request taken at the counter.
  const renderInbox = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, extra: { form?: Parameters<typeof InboxPage>[0]['form']; errors?: Record<string, string> } = {}) => {
    const agencies = officerAgencies(actor.grants);
    if (agencies.length === 0) throw new AppError('TRANSPARENCY_FORBIDDEN');
    const errors = extra.errors ?? {};
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: titled(request, request.t('transparency.inbox.heading'), failed),
      breadcrumbs: crumbs(request),
      body: (
        <InboxPage
          requests={await listRegister(deps, { agencyCodes: agencies, status: 'pending', limit: 200 })}
          appeals={await pendingAppeals(deps, agencies)}
          names={await names()}
          agencies={await agencyOptions(agencies)}
          form={extra.form ?? { entidad: agencies[0]!, solicitante: '', pregunta: '', formato: 'paper', correo: '' }}
          errors={errors}
        />
      ),
    });
  };
  app.get('/transparencia/bandeja', async (request, reply) => renderInbox(request, reply, await requireActor(request)));
  app.post('/transparencia/bandeja/ventanilla', { schema: { body: Form } }, async (request, reply) => {
    const actor = await requireActor(request);
    const b = request.body;
    const form = { entidad: b.entidad ?? '', solicitante: b.solicitante ?? '', pregunta: b.pregunta ?? '', formato: b.formato ?? 'paper', correo: '' };
    try {
      const filed = await fileRequest(deps, { ...actor, counter: true }, { agencyCode: form.entidad, question: form.pregunta, format: form.formato, requesterName: form.solicitante });
      return reply.redirect(`/transparencia/solicitudes/${filed.code}?hecho=enviada`, 303);
    } catch (error) {
      return renderInbox(request, reply, actor, { form, errors: fieldErrors(request, error) });
    }
  });

  // The officers' page of personal-data breaches: who was notified in the mailbox, who still needs the post.
  const BreachParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
  app.get('/transparencia/brechas', { schema: { querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) => {
    const actor = await requireActor(request);
    return reply.page({
      title: request.t('transparency.breaches.heading'),
      breadcrumbs: crumbs(request),
      body: <BreachesPage breaches={await breachesFor(deps, actor)} names={await names()} posted={request.query.hecho === 'enviada'} />,
    });
  });
  app.post('/transparencia/brechas/:id/correo-postal', { schema: { params: BreachParams, body: Form } }, async (request, reply) => {
    const actor = await requireActor(request);
    await recordNoticePosted(deps, actor, request.params.id, { documentType: request.body.tipo ?? '', documentNumber: request.body.numero ?? '' });
    return reply.redirect(`/transparencia/brechas?hecho=enviada#brecha-${request.params.id}`, 303);
  });
}
