// The platform administrator's page for Open311 keys: issue one to an application (the key
// is shown once), see them all, revoke one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { issueApiKey, listApiKeys, revokeApiKey } from '../api-key.service.ts';
import { ADMIN_PATH, ApiKeysPage, OLD_ADMIN_PATH } from '../views/admin.views.tsx';

export function registerOpen311Admin(app: TamboApp, deps: Deps): void {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { issued?: { application: string; key: string }; errors?: Record<string, string>; application?: string; status?: number },
  ) => {
    const admin = requireSignedIn(request).account;
    const keys = await listApiKeys(deps, admin);
    const title = request.t('open311.admin.title');
    return reply.page({
      status: extra.status,
      title: extra.errors ? `${request.t('open311.admin.errorPrefix')} ${title}` : title,
      breadcrumbs: [{ href: '/admin', label: request.t('open311.admin.breadcrumb') }],
      body: <ApiKeysPage keys={keys} issued={extra.issued} errors={extra.errors} application={extra.application} />,
    });
  };

  app.get(ADMIN_PATH, { schema: { hide: true } }, async (request, reply) => render(request, reply, {}));
  app.get(OLD_ADMIN_PATH, { schema: { hide: true } }, async (_request, reply) => reply.redirect(ADMIN_PATH, 301));

  app.post(
    `${ADMIN_PATH}/claves`,
    {
      schema: { hide: true, body: Type.Object({ application: Type.Optional(Type.String({ maxLength: 1000 })), _csrf: Type.Optional(Type.String()) }) },
    },
    async (request, reply) => {
      const admin = requireSignedIn(request).account;
      const application = request.body.application ?? '';
      try {
        const { apiKey, key } = await issueApiKey(deps, admin, { application }, request.id);
        return render(request, reply, { issued: { application: apiKey.application, key } });
      } catch (error) {
        if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
          return render(request, reply, { status: 400, application, errors: { application: request.t('open311.admin.errors.application') } });
        }
        throw error;
      }
    },
  );

  app.post(
    `${ADMIN_PATH}/claves/:id/revocar`,
    {
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      await revokeApiKey(deps, requireSignedIn(request).account, request.params.id, request.id);
      return reply.redirect(ADMIN_PATH, 303);
    },
  );
}
