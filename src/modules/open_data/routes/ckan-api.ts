// CKAN's Action API at /api/3/action/{name} and /api/action/{name}, GET and POST (query
// parameters and a JSON or form body, merged; unknown parameters ignored, as CKAN does),
// answered in CKAN's envelope {help, success, result} or {help, success: false, error} with
// CKAN's status codes. Public, read-only and cookie-free: no CSRF token, any origin.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { actions, CkanError } from '../ckan.ts';

export const ACTION_PREFIXES = ['/api/3/action', '/api/action'] as const;

export function registerCkanApi(app: TamboApp, deps: Deps): void {
  void app.register(async (scope) => {
    const help = (request: FastifyRequest) => {
      const name = (request.params as { name?: string }).name ?? '';
      return `${deps.config.publicUrl}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
    };
    const fail = (request: FastifyRequest, reply: FastifyReply, status: number, error: Record<string, unknown>) =>
      reply
        .code(status)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ help: help(request), success: false, error });

    scope.setErrorHandler((error, request, reply) => {
      if (error instanceof CkanError) return fail(request, reply, error.status, error.toJSON());
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'ckan action failed');
        return fail(request, reply, 500, { __type: 'Internal Server Error', message: 'Internal Server Error' });
      }
      // A body that is not JSON, a body too large, a type we do not read: CKAN's "Bad request".
      const message =
        (error as { code?: string }).code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'Bad request - JSON Error: invalid JSON body'
          : `Bad request - ${(error as Error).message}`;
      return fail(request, reply, status === 413 ? 413 : 400, { __type: 'Bad Request', message });
    });
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    });

    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const { name } = request.params as { name: string };
      const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
      if (!action) return fail(request, reply, 400, { __type: 'Bad Request', message: `Bad request - Action name not known: ${name}` });
      const body = request.body;
      if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
        return fail(request, reply, 400, { __type: 'Bad Request', message: 'Bad request - JSON Error: Request data JSON decoded to a non-dictionary' });
      }
      const params = { ...(request.query as Record<string, unknown>), ...((body as Record<string, unknown> | undefined) ?? {}) };
      const result = await action(deps, params);
      reply.header('cache-control', 'public, max-age=30');
      return { help: help(request), success: true, result };
    };
    for (const prefix of ACTION_PREFIXES) {
      scope.get(`${prefix}/:name`, { config: { csrf: false } }, handle);
      scope.post(`${prefix}/:name`, { config: { csrf: false } }, handle);
    }
  });
}
