// The CGII pages' form helpers: the posted body's shape, its fields, and a use case's validation
// failure as the form's errors.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type FieldError, isAppError } from '../../../platform/errors.ts';
import type { Errors } from '../views/cgii.views.tsx';

export const FormBody = Type.Record(Type.String({ maxLength: 80 }), Type.Union([Type.String({ maxLength: 60000 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })]));
export const text = (body: Record<string, unknown>, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : '';
};
export const pick = <K extends string>(body: Record<string, unknown>, names: readonly K[]): Record<K, string> => Object.fromEntries(names.map((k) => [k, text(body, k)])) as Record<K, string>;
export const list = (body: Record<string, unknown>, name: string): string[] => {
  const value = body[name];
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];
};

export function errorsOf(request: FastifyRequest, fields: FieldError[]): Errors {
  const errors: Errors = {};
  for (const f of fields) errors[f.field.replace(/^\//, '')] ??= request.t(f.messageKey, f.params);
  return errors;
}

/** Runs a use case; a validation failure comes back as the form's errors. */
export async function attempt(request: FastifyRequest, work: () => Promise<unknown>): Promise<Errors | null> {
  try {
    await work();
    return null;
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') return errorsOf(request, error.fields);
    throw error;
  }
}

/** The breadcrumbs of the CGII's signed-in pages. */
export const cgiiCrumbs = (request: FastifyRequest) => [
  { href: '/', label: request.t('portal.home.breadcrumb') },
  { href: '/cgii', label: request.t('cgii.nav') },
];

/** A STIX 2.1 bundle as a download. */
export const sendStix = (reply: FastifyReply, bundle: unknown, filename: string) =>
  reply
    .header('content-type', 'application/stix+json;version=2.1')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(JSON.stringify(bundle, null, 2));
