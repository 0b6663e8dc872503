// What every section of the administration shares: the signed-in staff member, field
// errors, the platform administrator's check, and identity documents as the country writes them.
import { AppError, type FieldError } from '../../../platform/errors.ts';
import type { Deps } from '../../../platform/module.ts';
import { findRoles } from '../account.queries.ts';
import type { Account } from '../account.types.ts';
import { canManageClients, type Staff } from '../admin.policy.ts';

export type { Staff } from '../admin.policy.ts';

/** The signed-in person with their roles, as the administration side needs them. */
export async function loadStaff(deps: Pick<Deps, 'db'>, account: Account, requestId?: string): Promise<Staff> {
  return { account, roles: await findRoles(deps.db, account.id), requestId };
}

/** Throws VALIDATION_FAILED with these fields, if there are any. */
export function fail(fields: FieldError[]): void {
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
}

/** Agencies' systems and signing keys are for platform administrators. */
export function requireClientAdmin(staff: Staff): void {
  if (!canManageClients(staff)) throw new AppError('FORBIDDEN');
}

export interface DocumentInput {
  documentType: string;
  documentNumber: string;
}

/** The document as the country profile writes it; field errors on `documentType` / `documentNumber`. */
export function normalizeDocument(deps: Pick<Deps, 'country'>, input: DocumentInput): { documentType: string; documentNumber: string } {
  const type = deps.country.identityDocuments.find((d) => d.code === input.documentType);
  if (!type) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'documentType', messageKey: 'identity.registrar.errors.documentTypeMissing' }] });
  const number = input.documentNumber.trim();
  if (!number) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'documentNumber', messageKey: 'identity.registrar.errors.documentNumberMissing' }] });
  const check = number.length <= 40 ? type.check(number) : { ok: false, normalized: '' };
  if (!check.ok) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'documentNumber', messageKey: 'identity.registrar.errors.documentNumberInvalid', params: { example: type.example } }] });
  }
  return { documentType: type.code, documentNumber: check.normalized };
}
