// What the administration routes share: query and body pieces, field errors as the pages
// show them, the "done" notices, and the signed-in staff member.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError, type FieldError } from '../../../platform/errors.ts';
import type { Deps } from '../../../platform/module.ts';
import { loadStaff, type Staff } from '../admin/common.ts';
import type { DocumentTypeOption, FormErrors } from '../views/admin.views.tsx';
import { requireSignedIn } from './portal-session.ts';

const DONE_MESSAGES: Record<string, string> = {
  guardado: 'identity.admin.done.saved',
  sinCambios: 'identity.admin.done.unchanged',
  desactivado: 'identity.admin.done.deactivated',
  activado: 'identity.admin.done.reactivated',
  otorgado: 'identity.roles.done.granted',
  revocado: 'identity.roles.done.revoked',
  verificado: 'identity.registrar.done.verified',
  llaveNueva: 'identity.keys.done.added',
  llaveActiva: 'identity.keys.done.activated',
  llaveRetirada: 'identity.keys.done.retired',
  feriado: 'identity.holidays.done.added',
};

export const DoneQuery = Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })), institucion: Type.Optional(Type.String({ maxLength: 64 })) });
export const Text = (max = 2000) => Type.Optional(Type.String({ maxLength: max }));
export const TextOrList = Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })]));
export const ClientIdParams = Type.Object({ clientId: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,79}$', description: 'The client id Tambo assigned' }) });
export const DocumentBody = { documentType: Text(20), documentNumber: Text(100) };

export const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
export const lines = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Field errors as the page shows them: one translated message per field. */
function fieldErrors(request: FastifyRequest, fields: FieldError[]): FormErrors {
  const errors: FormErrors = {};
  for (const f of fields) errors[f.field] ??= request.t(f.messageKey, f.params);
  return errors;
}

export /** Runs `work`; a VALIDATION_FAILED becomes the field errors to re-render with. */
async function attempt<T>(request: FastifyRequest, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') return { ok: false, errors: fieldErrors(request, error.fields) };
    throw error;
  }
}

export function doneMessage(request: FastifyRequest, done: string | undefined): string | undefined {
  const key = done ? DONE_MESSAGES[done] : undefined;
  return key ? request.t(key) : undefined;
}

export function titleWithErrors(request: FastifyRequest, title: string, errors: FormErrors): string {
  return Object.keys(errors).length > 0 ? `${request.t('identity.admin.errorPrefix')} ${title}` : title;
}

export function documentTypes(deps: Deps, request: FastifyRequest): DocumentTypeOption[] {
  return deps.country.identityDocuments.map((d) => ({ code: d.code, label: d.name[request.locale], example: d.example }));
}

/** The signed-in person with their roles (sends people who are not signed in to sign in). */
export function staffOf(deps: Pick<Deps, 'db'>, request: FastifyRequest): Promise<Staff> {
  return loadStaff(deps, requireSignedIn(request).account, request.id);
}

/** Pages that show a secret, a temporary password or a person's data are never cached. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}
