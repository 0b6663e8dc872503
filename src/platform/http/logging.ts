// pino options: request ids, and personal data kept out of the logs. Paths of values we
// never log are redacted; addresses are stripped of anything that looks like an identity
// document, a phone number, an e-mail address or a token.
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config.ts';

const SENSITIVE_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'otp',
  'totp',
  'documentNumber',
  'document_number',
  'documento_identidad',
  'nationalId',
  'email',
  'correo',
  'phone',
  'celular',
  'telefono',
  'address',
  'direccion',
  'name',
  'nombre',
  'birthDate',
  'fecha_nacimiento',
];

export const REDACT_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', ...SENSITIVE_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`])];

/** Removes personal data from a URL (path segments and query values). */
export function scrubUrl(url: string): string {
  return (
    url
      // `@` arrives percent-encoded (%40) from every form sent with GET.
      .replace(/[\w.+%-]+(?:@|%40)[\w-]+(\.[\w-]+)+/gi, '[email]')
      .replace(/(?<![\w-])[VEJPGCvejpgc]-?\d{5,9}(-?\d)?(?![\w-])/g, '[id]')
      .replace(/\d{5,}(-\w{1,3})?/g, '[number]')
      .replace(/([?&](?:token|code|state|access_token|id_token_hint|password|_csrf|api_key|key|secret|client_secret)=)[^&]*/gi, '$1[redacted]')
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
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(request: { method: string; url: string; id: string }) {
        return { method: request.method, url: scrubUrl(request.url), id: request.id };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
    },
  };
}
