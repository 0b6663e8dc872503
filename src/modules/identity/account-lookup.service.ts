// Reading accounts for other modules (through index.ts): by id, or by identity document.
import type { Deps } from '../../platform/module.ts';
import { findAccountByDocument, findAccountById, findAccountIdsWithRole, findAccountIdsWithTerritoryRole, findAccountsWithRoles, findPlatformAdminIds } from './account.queries.ts';
import type { Account, Role } from './account.types.ts';

export async function findAccount(deps: Pick<Deps, 'db'>, accountId: string): Promise<Account | undefined> {
  return findAccountById(deps.db, accountId);
}

/** The person holding a document of this country; pass the number as the profile's `check` normalized it. */
export async function findAccountByIdentityDocument(deps: Pick<Deps, 'db' | 'country'>, documentType: string, documentNumber: string): Promise<Account | undefined> {
  return findAccountByDocument(deps.db, deps.country.code, documentType, documentNumber);
}

/** Who holds a role in an agency (e.g. its agency admins, to escalate to): account ids. */
export async function findStaff(deps: Pick<Deps, 'db'>, agencyCode: string, role: Role): Promise<string[]> {
  return findAccountIdsWithRole(deps.db, agencyCode, role);
}

/**
 * Who holds a territory-scoped role over a territory: pass the territory's path (top level
 * first, or just its code); a grant over the unit or any ancestor on the path counts. Account ids.
 */
export async function findTerritoryRoleHolders(deps: Pick<Deps, 'db'>, role: string, territoryPath: string | readonly string[]): Promise<string[]> {
  return findAccountIdsWithTerritoryRole(deps.db, role, typeof territoryPath === 'string' ? [territoryPath] : territoryPath);
}

/** The people who hold any of these roles in an agency, by name (e.g. colleagues to assign a case to). */
export async function findAgencyStaff(deps: Pick<Deps, 'db'>, agencyCode: string, roles: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  const rows = await findAccountsWithRoles(deps.db, agencyCode, roles);
  return rows.map((row) => ({ id: row.id, name: `${row.givenName} ${row.familyName}` }));
}

/** The platform's administrators (account ids), e.g. to alert them of a failing job. */
export async function findPlatformAdmins(deps: Pick<Deps, 'db'>): Promise<string[]> {
  return findPlatformAdminIds(deps.db);
}
