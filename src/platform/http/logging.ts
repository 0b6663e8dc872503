// pino options: request ids, and personal data kept out of the logs by serializers that know
// what they write, not by wildcard redaction of every line (which cost more than half of
// the throughput of a small request): a request is its method, scrubbed address and id; a
// reply its status; an error its type, code, and scrubbed message and stack, never the
// driver's `detail` (PostgreSQL puts the offending values there). Nothing else carries
// personal data: log calls pass ids, codes and counts only (docs/security.md).
//
// One line per request, written when the answer is sent (`RequestLogController`): method, route
// pattern (or the scrubbed path when no route matched), status, time and request id; never
// the query string. Standard output is written asynchronously (pino's SonicBoom with
// `sync: false`: lines are gathered while a write is in flight), and flushed synchronously
// when the process exits (Ctrl-C, `process.exit`, an uncaught error) and when the app closes.
import { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import pino from 'pino';
import type { LogLevel } from '../config.ts';

/** Removes personal data from a URL (path segments and query values). */
export function scrubUrl(url: string): string {
  return scrubText(url);
}

/** Removes what looks like an e-mail address, an identity document, a phone number or a credential from text. */
export function scrubText(text: string): string {
  return (
    text
      // `@` arrives percent-encoded (%40) from every form sent with GET.
      .replace(/[\w.+%-]+(?:@|%40)[\w-]+(\.[\w-]+)+/gi, '[email]')
      .replace(/(?<![\w-])[VEJPGCvejpgc]-?\d{5,9}(-?\d)?(?![\w-])/g, '[id]')
      .replace(/\d{5,}(-\w{1,3})?/g, '[number]')
      .replace(/((?:^|[?&\s;,])(?:token|code|state|access_token|id_token_hint|password|_csrf|api_key|key|secret|client_secret)=)[^&\s]*/gi, '$1[redacted]')
  );
}

/** Where log lines go instead of standard output (tests read them). */
export interface LogStream {
  write(line: string): void;
}

/** Where lines go by default: a file descriptor (1, standard output) or a file path. */
export type LogDestination = number | string;

/** Standard output (or a file), written asynchronously and flushed synchronously at exit. */
export function asyncDestination(dest: LogDestination = 1): pino.DestinationStream & { flushSync(): void } {
  return pino.destination({ dest, sync: false, minLength: 0 });
}

export function loggerOptions(level: LogLevel, stream?: LogStream, destination?: LogDestination): FastifyServerOptions['logger'] {
  // A silent logger writes nothing: no destination to open (and none to flush at exit).
  const target = stream ?? (level === 'silent' ? undefined : asyncDestination(destination));
  return {
    level,
    ...(target ? { stream: target } : {}),
    serializers: {
      err: serializeError,
      req(request: { method: string; url: string; id: string }) {
        return { method: request.method, url: scrubUrl(request.url), id: request.id };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
    },
  };
}

/** An error as logged: what helps find the fault, without the values that caused it. */
export function serializeError(error: unknown): { type: string; message: string; stack: string; code?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubText(String(error)), stack: '' };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: scrubText(error.message),
    ...(typeof code === 'string' ? { code } : {}),
    stack: scrubText(error.stack ?? ''),
  };
}

const REFUSAL = Symbol('tambo.refusal');

/** A request refused with an error code (4xx): the code goes on its one line, as `code`. */
export function noteRefusal(request: FastifyRequest, code: string): void {
  (request as unknown as { [REFUSAL]?: string })[REFUSAL] = code;
}

/** The error code a request was refused with, if it was (what its log line's `code` says). */
export function refusalOf(request: FastifyRequest): string | undefined {
  return (request as unknown as { [REFUSAL]?: string })[REFUSAL];
}

/**
 * Fastify's request lines, replaced: one line per request, at completion,
 * `{ reqId, method, route, status, ms }` (and `code` when refused with an error code), with
 * `path` (scrubbed, without the query) instead of `route` when no route matched; an error
 * while answering is logged at `error` with the error serialized. At `debug`, the arrival of
 * each request is logged too (its address scrubbed), to see requests that never finish.
 * "Route not found" lines are not written: the request's own line says it.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url;
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const code = refusalOf(request);
    const line: Record<string, unknown> =
      route === undefined ? { method: request.method, path: scrubUrl(pathOf(request.url)), status: reply.statusCode, ms } : { method: request.method, route, status: reply.statusCode, ms };
    if (code !== undefined) line.code = code;
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }

  override routeNotFound(): void {}
}

/** Flushes what the asynchronous destination still holds when the app closes. */
export function flushLogsOnClose(app: FastifyInstance): void {
  app.addHook('onClose', (instance, done) => {
    (instance.log as unknown as pino.Logger).flush(() => done());
  });
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
