// pino options: request ids, and personal data kept out of the logs by serializers that know
// what they write, not by wildcard redaction of every line (which cost more than half of
// the throughput of a small request): a request is its method, scrubbed address and id; a
// reply its status; an error its type, code, and scrubbed message and stack, never the
// driver's `detail` (PostgreSQL puts the offending values there). Nothing else carries
// personal data: log calls pass ids, codes and counts only (docs/security.md).
import type { FastifyServerOptions } from 'fastify';
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

export function loggerOptions(level: LogLevel, stream?: LogStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
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
