// Public pages (/normas): the list, a consultation; signed-in people comment and support.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { commentOn, getNorm, listNorms, supportComment } from '../norms.service.ts';
import { NormListPage, NormPage } from '../views/norms.views.tsx';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function registerNormsPages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withList = false) => [{ href: '/', label: request.t('portal.home.breadcrumb') }, ...(withList ? [{ href: '/normas', label: request.t('norms.nav') }] : [])];

  app.get('/normas', async (request, reply) => reply.page({ title: request.t('norms.list.heading'), breadcrumbs: crumbs(request), body: <NormListPage consultations={await listNorms(deps)} /> }));

  const render = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { form?: { articulo: string; comentario: string }; errors?: Record<string, string>; sent?: boolean } = {}) => {
    const { consultation, articles, comments } = await getNorm(deps, id);
    const errors = extra.errors ?? {};
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('norms.errorPrefix')} ` : ''}${consultation.title}`,
      breadcrumbs: crumbs(request, true),
      body: (
        <NormPage
          consultation={consultation}
          articles={articles}
          comments={comments}
          signedIn={request.current !== null}
          form={extra.form ?? { articulo: '', comentario: '' }}
          errors={errors}
          sent={extra.sent ?? false}
        />
      ),
    });
  };

  app.get('/normas/:id', { schema: { params: Params, querystring: Type.Object({ enviado: Type.Optional(Type.String({ maxLength: 10 })) }) } }, async (request, reply) =>
    render(request, reply, request.params.id, { sent: request.query.enviado === '1' }),
  );

  app.post(
    '/normas/:id/comentarios',
    { schema: { params: Params, body: Type.Object({ articulo: Type.Optional(Type.String()), comentario: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      const form = { articulo: request.body.articulo ?? '', comentario: request.body.comentario ?? '' };
      const article = /^\d{1,4}$/.test(form.articulo) ? Number(form.articulo) : form.articulo === '' ? null : -1;
      try {
        await commentOn(deps, account.id, request.params.id, { article, body: form.comentario }, request.id);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        return render(request, reply, request.params.id, { form, errors: Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])) });
      }
      return reply.redirect(`/normas/${request.params.id}?enviado=1`, 303);
    },
  );

  app.post('/normas/:id/comentarios/:comment/apoyo', { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), comment: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await supportComment(deps, account.id, request.params.id, request.params.comment, request.id);
    return reply.redirect(`/normas/${request.params.id}`, 303);
  });
}
