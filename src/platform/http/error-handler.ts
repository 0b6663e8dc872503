// One error model for the whole app. APIs answer RFC 9457 problem details; pages render an
// error page with a reference id (the request id). Never a stack trace or an internal
// message to a client: unexpected errors are logged with the request id and shown as INTERNAL.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import { h } from 'preact';
import { ErrorPage } from '../views/error-page.tsx';
import { AppError, isAppError, type ErrorTable } from '../errors.ts';
import type { TamboApp } from './app-types.ts';
import { isApiRequest } from './security.ts';
import { noteRefusal } from './logging.ts';
import { validationFieldErrors } from './validation-messages.ts';

/** Where people are sent when a page needs them signed in. */
export const SIGN_IN_PATH = '/ingresar';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: Array<{ pointer?: string; field?: string; detail: string }>;
}

/** Maps what Fastify and its plugins throw to our codes (Open311's own error handler too). */
export function toAppError(error: FastifyError | Error): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as FastifyError & { validation?: Array<{ instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }>; validationContext?: string };
  if (fastifyError.validation) {
    const fields = validationFieldErrors(fastifyError.validation, fastifyError.validationContext ?? 'body');
    return new AppError('VALIDATION_FAILED', { fields });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? new AppError('UNSUPPORTED_MEDIA_TYPE') : new AppError('BAD_REQUEST');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    default:
      break;
  }
  // PostgreSQL refuses a NUL character in text (22021, 'invalid byte sequence') and, as \u0000,
  // in jsonb (22P05, 'unsupported Unicode escape sequence': the write pattern sends rows as
  // jsonb), wherever it came from.
  const sqlState = (error as { code?: unknown }).code;
  if (sqlState === '22021' || sqlState === '22P05') return new AppError('NUL_CHARACTER');
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) return new AppError('BAD_REQUEST');
  if (fastifyError.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (fastifyError.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (fastifyError.statusCode === 429) return new AppError('RATE_LIMITED');
  return new AppError('INTERNAL', { cause: error });
}

export function registerErrorHandling(app: TamboApp, errorTable: ErrorTable, publicUrl: string): void {
  const problemType = (code: string) => `${publicUrl}/api/docs/errors#${code}`;

  function send(error: AppError, request: FastifyRequest, reply: FastifyReply) {
    const entry = errorTable[error.code] ?? errorTable.INTERNAL!;
    const status = entry.status;
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    const t = request.t;
    const title = t(`errors.${errorTable[error.code] ? error.code : 'INTERNAL'}`, error.params);
    if (isApiRequest(request)) {
      const problem: Problem = {
        type: problemType(error.code),
        title,
        status,
        instance: request.url.split('?')[0] ?? '/',
        code: error.code,
        requestId: request.id,
      };
      if (error.fields.length > 0) {
        problem.errors = error.fields.map((f) => ({
          ...(f.field.startsWith('/') ? { pointer: f.field } : { field: f.field }),
          detail: t(f.messageKey, f.params),
        }));
      }
      return reply.code(status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
    }
    if (error.code === 'UNAUTHENTICATED' && request.method === 'GET') {
      return reply.redirect(`${SIGN_IN_PATH}?volver=${encodeURIComponent(request.url)}`, 303);
    }
    return reply.page({ status, title, body: h(ErrorPage, { title, status, reference: request.id }) });
  }

  app.setErrorHandler((rawError, request, reply) => {
    const error = toAppError(rawError as FastifyError);
    if (error.code === 'INTERNAL') request.log.error({ err: rawError }, 'unexpected error');
    else noteRefusal(request, error.code);
    return send(error, request, reply);
  });

  // Unknown route, or a known address with the wrong method (405 with Allow).
  const known = FindMyWay();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      try {
        known.on(method as 'GET', route.url, () => undefined);
      } catch {
        // the same route registered twice under different constraints
      }
    }
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) => method !== request.method && known.find(method as 'GET', path));
    if (allowed.length > 0) {
      return send(new AppError('METHOD_NOT_ALLOWED', { headers: { allow: allowed.join(', ') } }), request, reply);
    }
    return send(new AppError('NOT_FOUND'), request, reply);
  });
}
