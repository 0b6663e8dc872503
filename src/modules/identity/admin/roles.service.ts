// Roles of officials, granted and revoked by platform and agency administrators; each change
// is audited, in the person's activity, and emitted as an event.
import { recordAudit } from '../../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events/outbox.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies, type Agency } from '../../agencies/index.ts';
import { findAccountByDocument, insertActivity, insertRole } from '../account.queries.ts';
import type { RoleDeclaration } from '../../../platform/contract/contract.types.ts';
import type { Account } from '../account.types.ts';
import { deleteRole, findAgencyRoles, type AgencyRoleRow } from '../admin.queries.ts';
import { auditActor, canManageRolesOf, type Staff } from '../admin.policy.ts';
import { fail, normalizeDocument, type DocumentInput } from './common.ts';

export type { AgencyRoleRow } from '../admin.queries.ts';

/** The agencies whose officials this person may manage (all of them for a platform administrator). */
export async function manageableAgencies(deps: Pick<Deps, 'db' | 'country'>, staff: Staff): Promise<Agency[]> {
  const agencies = await listAgencies(deps);
  const managed = agencies.filter((agency) => canManageRolesOf(staff, agency.code));
  if (managed.length === 0) throw new AppError('FORBIDDEN');
  return managed;
}

export async function listAgencyRoles(deps: Pick<Deps, 'db'>, staff: Staff, agencyCode: string): Promise<AgencyRoleRow[]> {
  if (!canManageRolesOf(staff, agencyCode)) throw new AppError('FORBIDDEN');
  return findAgencyRoles(deps.db, agencyCode);
}

export interface GrantInput extends DocumentInput {
  agencyCode: string;
  role: string;
}

/** The roles that may be granted in an agency: what the modules declare (`agencyRoles(app.tambo.modules)`). */
export type OfferedRoles = readonly Pick<RoleDeclaration, 'name'>[];

const isOffered = (offered: OfferedRoles, role: string) => offered.some((declared) => declared.name === role);

/**
 * Grants a role in an agency to the person with this identity document. Officials act for the
 * State, so their identity must be verified (level sustancial). 'unchanged' when they had it.
 * The role must be one of `offered` (the modules' agency-scoped declarations).
 */
export async function grantRole(deps: Pick<Deps, 'db' | 'country'>, staff: Staff, input: GrantInput, offered: OfferedRoles): Promise<'granted' | 'unchanged'> {
  if (!canManageRolesOf(staff, input.agencyCode)) throw new AppError('FORBIDDEN');
  if (!(await listAgencies(deps)).some((agency) => agency.code === input.agencyCode)) throw new AppError('NOT_FOUND');
  const fields: FieldError[] = [];
  let found: Account | undefined;
  try {
    const document = normalizeDocument(deps, input);
    found = await findAccountByDocument(deps.db, deps.country.code, document.documentType, document.documentNumber);
    if (!found) fields.push({ field: 'documentNumber', messageKey: 'identity.roles.errors.noAccount' });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    fields.push(...error.fields);
  }
  if (!isOffered(offered, input.role)) fields.push({ field: 'role', messageKey: 'identity.roles.errors.roleMissing' });
  fail(fields);
  const account = found!;
  if (account.level !== 'sustancial') fail([{ field: 'documentNumber', messageKey: 'identity.roles.errors.notVerified' }]);
  const role = input.role;
  return changeRole(deps, staff, 'granted', { accountId: account.id, agencyCode: input.agencyCode, role }, (trx) =>
    insertRole(trx, account.id, { agencyCode: input.agencyCode, role }, staff.account.id),
  );
}

/** Revokes a role held in an agency (any role held, even one no module declares any more). */
export async function revokeRole(deps: Pick<Deps, 'db'>, staff: Staff, input: { agencyCode: string; accountId: string; role: string }): Promise<'revoked' | 'unchanged'> {
  if (!canManageRolesOf(staff, input.agencyCode)) throw new AppError('FORBIDDEN');
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(input.role) || !/^[0-9a-f-]{36}$/.test(input.accountId)) throw new AppError('BAD_REQUEST');
  const role = input.role;
  return changeRole(deps, staff, 'revoked', { accountId: input.accountId, agencyCode: input.agencyCode, role }, (trx) => deleteRole(trx, input.accountId, input.agencyCode, role));
}

/** Writes a role change and, when it changed anything, audits it, records it in the person's activity and emits it. */
async function changeRole<Change extends 'granted' | 'revoked'>(
  deps: Pick<Deps, 'db'>,
  staff: Staff,
  change: Change,
  target: { accountId: string; agencyCode: string; role: string },
  write: (trx: Queryable) => Promise<boolean>,
): Promise<Change | 'unchanged'> {
  const { accountId, agencyCode, role } = target;
  return deps.db.transaction().execute(async (trx) => {
    if (!(await write(trx))) return 'unchanged';
    await recordAudit(trx, {
      actor: auditActor(staff),
      action: `identity.role_${change}`,
      subject: { type: 'account', id: accountId },
      data: { agencyCode, role },
      requestId: staff.requestId,
    });
    await insertActivity(trx, accountId, `role_${change}`, null, { agencyCode, role });
    await emitEvent(trx, `identity.role_${change}`, { accountId, agencyCode, role });
    return change;
  });
}
