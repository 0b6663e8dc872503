// Advice to entities over pages: /capacitacion/asesoria (the list and the request form) and
// /capacitacion/asesoria/<id> (experts, sessions, the answer). Page forms: CSRF, field errors
// with the input kept, the form's key so a burst stores one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { adviceDetail, adviceRequestsFor, answerAdvice, assignExpert, recordSession, requestAdvice } from '../advice.service.ts';
import { type AdviceDetailForms, AdviceDetailPage, type AdviceForm, AdviceListPage } from '../views/advice.views.tsx';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

export function registerAdvicePages(app: TamboApp, deps: Deps): void {
  const who = async (request: FastifyRequest) => {
    const { account } = requireSignedIn(request);
    return { account, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
  };
  const errorsOf = (request: FastifyRequest, error: unknown) => {
    if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
    return Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
  };
  const crumbs = (request: FastifyRequest) => [{ href: '/capacitacion', label: request.t('training.nav') }];

  const listPage = async (request: FastifyRequest, reply: FastifyReply, extra: { form?: AdviceForm; errors?: Record<string, string> } = {}) => {
    const { grants } = await who(request);
    const agencies = [...new Set(grants.flatMap((g) => ('agency' in g && g.agency ? [g.agency] : [])))];
    const errors = extra.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: request.t('training.advice.heading'),
      breadcrumbs: crumbs(request),
      body: <AdviceListPage agencies={agencies} requests={await adviceRequestsFor(deps, grants)} form={extra.form ?? { entidad: agencies[0] ?? '', tipo: '', necesidad: '' }} errors={errors} />,
    });
  };
  app.get('/capacitacion/asesoria', async (request, reply) => listPage(request, reply));
  app.post('/capacitacion/asesoria', { schema: { body: Type.Object({ entidad: text(40), tipo: text(20), necesidad: text(2100), clave: text(200) }) } }, async (request, reply) => {
    const { account, grants } = await who(request);
    const form = { entidad: request.body.entidad ?? '', tipo: request.body.tipo ?? '', necesidad: request.body.necesidad ?? '', clave: request.body.clave };
    try {
      const id = await onceByKey(formClaim(`training.advice:${account.id}`, request.body), (claim) =>
        requestAdvice(deps, account.id, grants, { agencyCode: form.entidad, kind: form.tipo, need: form.necesidad }, request.id, claim),
      );
      return reply.redirect(id ? `/capacitacion/asesoria/${id}` : '/capacitacion/asesoria', 303);
    } catch (error) {
      return listPage(request, reply, { form, errors: errorsOf(request, error) });
    }
  });

  const Params = Type.Object({ id: Type.String({ maxLength: 40 }) });
  const empty: AdviceDetailForms = { experto: '', fecha: '', notas: '', respuesta: '' };
  const detailPage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { form?: AdviceDetailForms; errors?: Record<string, string> } = {}) => {
    const { grants } = await who(request);
    const detail = await adviceDetail(deps, grants, id);
    const errors = extra.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: request.t('training.advice.heading'),
      breadcrumbs: [...crumbs(request), { href: '/capacitacion/asesoria', label: request.t('training.advice.heading') }],
      body: <AdviceDetailPage {...detail} form={extra.form ?? empty} errors={errors} />,
    });
  };
  app.get('/capacitacion/asesoria/:id', { schema: { params: Params } }, async (request, reply) => detailPage(request, reply, request.params.id));

  const Body = Type.Object({ experto: text(300), fecha: text(20), notas: text(2100), respuesta: text(4100), clave: text(200) });
  const post = (
    path: string,
    act: (account: { id: string }, grants: Awaited<ReturnType<typeof who>>['grants'], id: string, form: AdviceDetailForms, body: unknown, requestId: string) => Promise<unknown>,
  ) =>
    app.post(`/capacitacion/asesoria/:id/${path}`, { schema: { params: Params, body: Body } }, async (request, reply) => {
      const { account, grants } = await who(request);
      const b = request.body;
      const form = { experto: b.experto ?? '', fecha: b.fecha ?? '', notas: b.notas ?? '', respuesta: b.respuesta ?? '', clave: b.clave };
      try {
        await act(account, grants, request.params.id, form, b, request.id);
      } catch (error) {
        return detailPage(request, reply, request.params.id, { form, errors: errorsOf(request, error) });
      }
      return reply.redirect(`/capacitacion/asesoria/${request.params.id}`, 303);
    });
  post('expertos', (account, grants, id, form, _body, requestId) => assignExpert(deps, account.id, grants, id, form.experto, requestId));
  post('sesiones', (account, grants, id, form, body, requestId) =>
    onceByKey(formClaim(`training.advice_session:${account.id}:${id}`, body), (claim) => recordSession(deps, account.id, grants, id, { date: form.fecha, notes: form.notas }, requestId, claim)),
  );
  post('respuesta', (account, grants, id, form, _body, requestId) => answerAdvice(deps, account.id, grants, id, form.respuesta, requestId));
}
