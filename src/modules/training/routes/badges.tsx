// Open Badges 3.0 over HTTP: the learner downloads the badge of a passed course; anyone reads
// the signed revocation status list; a training manager of the course's agency sees a badge and
// revokes it (a page form: CSRF, field errors with the input kept).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { badgeDetail, badgeFor, revokeBadge, STATUS_LIST_PATH, statusListCredential } from '../badges/badges.service.ts';
import { BadgePage } from '../views/badges.views.tsx';

/** The media type of a Verifiable Credential 2.0 (JSON-LD). */
const VC_MEDIA_TYPE = 'application/vc';

export function registerBadgeRoutes(app: TamboApp, deps: Deps): void {
  app.get('/capacitacion/:course/insignia', { schema: { params: Type.Object({ course: Type.String({ maxLength: 80 }) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const credential = await badgeFor(deps, account.id, request.params.course, request.id);
    return reply
      .type(VC_MEDIA_TYPE)
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="insignia-${request.params.course}.json"`)
      .send(JSON.stringify(credential, null, 2));
  });

  app.get(STATUS_LIST_PATH, async (_request, reply) =>
    reply
      .type(VC_MEDIA_TYPE)
      .header('cache-control', 'no-cache')
      .send(JSON.stringify(await statusListCredential(deps))),
  );

  const Params = Type.Object({ id: Type.String({ maxLength: 40 }) });
  const badgePage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { form?: { motivo: string }; errors?: Record<string, string>; revoked?: boolean } = {}) => {
    const { account } = requireSignedIn(request);
    const badge = await badgeDetail(deps, roleGrantsOf(account, await getRoles(deps, account.id)), id);
    const errors = extra.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: request.t('training.badge.heading', { id: badge.id }),
      breadcrumbs: [{ href: '/capacitacion', label: request.t('training.nav') }],
      body: <BadgePage badge={badge} form={extra.form ?? { motivo: '' }} errors={errors} revoked={extra.revoked ?? false} />,
    });
  };
  app.get('/capacitacion/insignias/:id', { schema: { params: Params, querystring: Type.Object({ revocada: Type.Optional(Type.String({ maxLength: 2 })) }) } }, async (request, reply) =>
    badgePage(request, reply, request.params.id, { revoked: request.query.revocada === '1' }),
  );
  app.post('/capacitacion/insignias/:id/revocar', { schema: { params: Params, body: Type.Object({ motivo: Type.Optional(Type.String({ maxLength: 600 })) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const form = { motivo: request.body.motivo ?? '' };
    try {
      await revokeBadge(deps, account.id, roleGrantsOf(account, await getRoles(deps, account.id)), request.params.id, form.motivo, request.id);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return badgePage(request, reply, request.params.id, { form, errors: Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])) });
    }
    return reply.redirect(`/capacitacion/insignias/${request.params.id}?revocada=1`, 303);
  });
}
