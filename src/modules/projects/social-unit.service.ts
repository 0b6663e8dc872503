// Social-production units in the open (docs/projects.md, "Social-production units"): a unit is
// registered here as such (optionally linked to its NIT/RIF in the economic-units registry) with
// its members' organs, and its accounts are one communal bank account: its public page shows that
// account's ledger, totals and observations through the communal banks' own code, not a copy.
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps, RoleGrant } from '../../platform/module.ts';
import { SPOKESPERSON_ROLE } from '../../shared/community-roles.ts';
import { economicUnitName } from '../registries/index.ts';
import { type BankLedger, bankLedger } from './bank.service.ts';
import type { SocialUnit } from './bank.types.ts';
import type { AgencyClient } from './ledger.service.ts';
import { findBankAccount, findProject } from './projects.queries.ts';
import { findSocialUnit, insertSocialUnitAudited, listSocialUnits } from './social-unit.queries.ts';

export interface SocialUnitInput {
  key: string;
  name: string;
  registryId?: string | null;
  /** The communal bank account holding its money (registered first). */
  accountReference: string;
  organs: Array<{ name: string; members: number }>;
}

/** Who registers a unit: an agency's system (the demo seed, the API) or a spokesperson of the commune or council (the page). */
export type UnitRegistrar = { type: 'client'; client: AgencyClient } | { type: 'person'; id: string; grants: readonly RoleGrant[] };

const sameUnit = (a: SocialUnit, b: SocialUnit) => a.name === b.name && a.registryId === b.registryId && a.bankAccountId === b.bankAccountId && JSON.stringify(a.organs) === JSON.stringify(b.organs);

/**
 * Registers a unit, audited. Idempotent by its key: the same unit again (a retry, 20 identical
 * submissions at once) answers the first, written once; another unit under a taken key is 409
 * `PROJECTS_UNIT_EXISTS` with `strict` (the page and the API); without it (the demo seed, other
 * modules) the same key answers the first whatever it says. A person must hold
 * `project_spokesperson` over the account's territory (or above); with `strict` a NIT/RIF, when
 * given, must name a unit of the economic-units registry.
 */
export async function registerSocialUnit(
  deps: Pick<Deps, 'db'>,
  registrar: AgencyClient | UnitRegistrar,
  input: SocialUnitInput,
  requestId?: string | null,
  options: { strict?: boolean } = {},
): Promise<{ unit: SocialUnit; created: boolean }> {
  const by: UnitRegistrar = 'type' in registrar ? registrar : { type: 'client', client: registrar };
  const strict = options.strict ?? false;
  const existing = strict ? undefined : await findSocialUnit(deps.db, input.key);
  if (existing) return { unit: existing, created: false };
  const account = await findBankAccount(deps.db, input.accountReference.trim().toUpperCase());
  if (by.type === 'person' && account && !hasRole(by.grants, { role: PLATFORM_ADMIN }) && !hasRole(by.grants, { role: SPOKESPERSON_ROLE, territory: account.territoryPath }))
    throw new AppError('PROJECTS_FORBIDDEN');
  const name = input.name.trim();
  const registryId = input.registryId?.trim() || null;
  const registered = strict && registryId ? await economicUnitName(deps, registryId) : undefined;
  const fields: FieldError[] = [
    // `registrar` is the registration page's own address.
    ...(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.key) && input.key.length <= 80 && input.key !== 'registrar' ? [] : [{ field: '/key', messageKey: 'projects.errors.unitKey' }]),
    ...(name.length >= 2 && name.length <= 200 ? [] : [{ field: '/name', messageKey: 'projects.errors.unitName' }]),
    ...(!strict || !registryId || registered !== undefined ? [] : [{ field: '/registryId', messageKey: 'projects.errors.unitRegistry' }]),
    ...(account ? [] : [{ field: '/accountReference', messageKey: 'projects.errors.bankAccount' }]),
    ...(input.organs.every((o) => o.name.trim().length >= 2 && o.name.trim().length <= 120 && Number.isSafeInteger(o.members) && o.members >= 0)
      ? []
      : [{ field: '/organs', messageKey: 'projects.errors.unitOrgans' }]),
  ];
  if (fields.length > 0 || !account) throw new AppError('VALIDATION_FAILED', { fields });
  const unit: SocialUnit = {
    key: input.key,
    name,
    registryId,
    bankAccountId: account.id,
    organs: input.organs.map((o) => ({ name: o.name.trim(), members: o.members })),
  };
  const created = await insertSocialUnitAudited(deps.db, unit, {
    actor: by.type === 'client' ? { type: 'client', id: by.client.clientId } : { type: 'person', id: by.id },
    action: 'projects.social_unit_registered',
    subject: { type: 'social_unit', id: unit.key },
    data: { bankAccountId: account.id, registryId: unit.registryId },
    requestId,
  });
  if (created) return { unit, created };
  // The key (or the account) is taken: the same unit is a replay, anything else a conflict.
  const first = await findSocialUnit(deps.db, input.key);
  if (first && (!strict || sameUnit(first, unit))) return { unit: first, created: false };
  throw new AppError('PROJECTS_UNIT_EXISTS');
}

export interface SocialUnitPage {
  unit: SocialUnit;
  ledger: BankLedger;
  /** The projects whose money came into its account (the transfer ledger), in order of first deposit. */
  projects: Array<{ id: string; title: string }>;
  /** The name its NIT/RIF has in the economic-units registry today (undefined: no NIT/RIF, or not found). */
  registryName?: string;
}

export async function socialUnitPage(deps: Pick<Deps, 'db'>, key: string): Promise<SocialUnitPage> {
  const unit = key.length <= 80 ? await findSocialUnit(deps.db, key) : undefined;
  if (!unit) throw new AppError('PROJECTS_NOT_FOUND');
  const ledger = await bankLedger(deps, unit.bankAccountId);
  const ids = [...new Set(ledger.deposits.map((d) => d.projectId))];
  const projects = (await Promise.all(ids.map((id) => findProject(deps.db, id)))).flatMap((p) => (p ? [{ id: p.id, title: p.title }] : []));
  const registryName = unit.registryId ? await economicUnitName(deps, unit.registryId) : undefined;
  return { unit, ledger, projects, registryName };
}

export function socialUnits(deps: Pick<Deps, 'db'>): Promise<SocialUnit[]> {
  return listSocialUnits(deps.db);
}
