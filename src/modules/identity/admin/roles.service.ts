// Roles of officials, granted and revoked by platform and agency administrators: in an agency
// (agency-scoped roles) or over a territory (territory-scoped roles, platform administrators
// only). Each change is audited, in the person's activity, and emitted as an event.
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { RoleDeclaration } from '../../../platform/contract/contract.types.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError, isAppError, type FieldError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events/outbox.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies, type Agency } from '../../agencies/index.ts';
import { getTerritory, getTerritoryWithAncestors, listTerritories, type Territory } from '../../territories/index.ts';
import { findAccountByDocument, insertActivity, insertRole } from '../account.queries.ts';
import type { Account } from '../account.types.ts';
import { deleteRole, findRoleHolders, type RoleHolderRow, type RoleScope } from '../admin.queries.ts';
import { auditActor, canManageRolesOf, canManageTerritoryRoles, type Staff } from '../admin.policy.ts';
import { fail, normalizeDocument, type DocumentInput } from './common.ts';

export type { RoleHolderRow, RoleScope } from '../admin.queries.ts';

/** The agencies whose officials this person may manage (all of them for a platform administrator). */
export async function manageableAgencies(deps: Pick<Deps, 'db' | 'country'>, staff: Staff): Promise<Agency[]> {
  const agencies = await listAgencies(deps);
  const managed = agencies.filter((agency) => canManageRolesOf(staff, agency.code));
  if (managed.length === 0) throw new AppError('FORBIDDEN');
  return managed;
}

export async function listAgencyRoles(deps: Pick<Deps, 'db'>, staff: Staff, agencyCode: string): Promise<RoleHolderRow[]> {
  if (!canManageRolesOf(staff, agencyCode)) throw new AppError('FORBIDDEN');
  return findRoleHolders(deps.db, { agencyCode });
}

/** Where the territory part of /admin/roles stands: the territory chosen (with the units above it), the units a role can be granted over from there, and who holds roles over them. */
export interface TerritoryView {
  /** The chosen territory's path, top level first (empty at the top). */
  trail: Territory[];
  /** The chosen territory and the units right below it (the top level when none is chosen). */
  options: Territory[];
  rows: RoleHolderRow[];
}

/**
 * The territory part of the roles page, for platform administrators, browsed from the top
 * down without scripts: the chosen unit and its children, and the grants over them.
 */
export async function territoryRolesView(deps: Pick<Deps, 'db'>, staff: Staff, code: string | undefined): Promise<TerritoryView> {
  if (!canManageTerritoryRoles(staff)) throw new AppError('FORBIDDEN');
  const trail = code ? await getTerritoryWithAncestors(deps, code) : [];
  const chosen = trail.at(-1);
  const options = [...(chosen ? [chosen] : []), ...(await listTerritories(deps, chosen?.code ?? null))];
  return { trail, options, rows: await findRoleHolders(deps.db, { territoryCodes: options.map((t) => t.code) }) };
}

export type GrantInput = DocumentInput & { role: string } & RoleScope;

/** The roles that may be granted in this scope: what the modules declare (`agencyRoles` or `territoryRoles` of app.tambo.modules). */
export type OfferedRoles = readonly Pick<RoleDeclaration, 'name'>[];

const isOffered = (offered: OfferedRoles, role: string) => offered.some((declared) => declared.name === role);

/** Whether this person may grant and revoke roles in this scope. */
const mayManage = (staff: Staff, scope: RoleScope) => ('agencyCode' in scope ? canManageRolesOf(staff, scope.agencyCode) : canManageTerritoryRoles(staff));

/** The scope as stored and as the audit entry, the activity and the event name it. */
const scopeOf = (scope: RoleScope): RoleScope => ('agencyCode' in scope ? { agencyCode: scope.agencyCode } : { territoryCode: scope.territoryCode });

/**
 * Grants a role in an agency, or over a territory, to the person with this identity document.
 * Officials act for the State, so their identity must be verified (level sustancial).
 * 'unchanged' when they had it. The role must be one of `offered` (the modules' declarations
 * of that scope); a territory that does not exist is a field error on `territoryCode`.
 */
export async function grantRole(deps: Pick<Deps, 'db' | 'country'>, staff: Staff, input: GrantInput, offered: OfferedRoles): Promise<'granted' | 'unchanged'> {
  const scope = scopeOf(input);
  if (!mayManage(staff, scope)) throw new AppError('FORBIDDEN');
  if ('agencyCode' in scope && !(await listAgencies(deps)).some((agency) => agency.code === scope.agencyCode)) throw new AppError('NOT_FOUND');
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
  if ('territoryCode' in scope && !(await territoryExists(deps, scope.territoryCode))) fields.push({ field: 'territoryCode', messageKey: 'identity.roles.errors.territoryMissing' });
  if (!isOffered(offered, input.role)) fields.push({ field: 'role', messageKey: 'identity.roles.errors.roleMissing' });
  fail(fields);
  const account = found!;
  if (account.level !== 'sustancial') fail([{ field: 'documentNumber', messageKey: 'identity.roles.errors.notVerified' }]);
  const role = input.role;
  return changeRole(deps, staff, 'granted', { accountId: account.id, role, scope }, (trx) => insertRole(trx, account.id, { ...scope, role }, staff.account.id));
}

/** The shape of a territory code (as the table's CHECK). */
const TERRITORY_CODE = /^[A-Z0-9][A-Z0-9-]{0,63}$/;

async function territoryExists(deps: Pick<Deps, 'db'>, code: string): Promise<boolean> {
  if (!TERRITORY_CODE.test(code)) return false;
  try {
    await getTerritory(deps, code);
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'TERRITORY_NOT_FOUND') return false;
    throw error;
  }
}

/** Revokes a role held in an agency or over a territory (any role held, even one no module declares any more). */
export async function revokeRole(deps: Pick<Deps, 'db'>, staff: Staff, input: { accountId: string; role: string } & RoleScope): Promise<'revoked' | 'unchanged'> {
  const scope = scopeOf(input);
  if (!mayManage(staff, scope)) throw new AppError('FORBIDDEN');
  const wellFormed = /^[a-z][a-z0-9_]{0,39}$/.test(input.role) && /^[0-9a-f-]{36}$/.test(input.accountId) && ('agencyCode' in scope || TERRITORY_CODE.test(scope.territoryCode));
  if (!wellFormed) throw new AppError('BAD_REQUEST');
  const role = input.role;
  return changeRole(deps, staff, 'revoked', { accountId: input.accountId, role, scope }, (trx) => deleteRole(trx, input.accountId, scope, role));
}

/** Writes a role change and, when it changed anything, audits it, records it in the person's activity and emits it. */
async function changeRole<Change extends 'granted' | 'revoked'>(
  deps: Pick<Deps, 'db'>,
  staff: Staff,
  change: Change,
  target: { accountId: string; role: string; scope: RoleScope },
  write: (trx: Queryable) => Promise<boolean>,
): Promise<Change | 'unchanged'> {
  const { accountId, role, scope } = target;
  return deps.db.transaction().execute(async (trx) => {
    if (!(await write(trx))) return 'unchanged';
    await recordAudit(trx, {
      actor: auditActor(staff),
      action: `identity.role_${change}`,
      subject: { type: 'account', id: accountId },
      data: { ...scope, role },
      requestId: staff.requestId,
    });
    await insertActivity(trx, accountId, `role_${change}`, null, { ...scope, role });
    await emitEvent(trx, `identity.role_${change}`, { accountId, ...scope, role });
    return change;
  });
}
