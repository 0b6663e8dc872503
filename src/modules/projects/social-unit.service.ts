// Social-production units in the open (docs/projects.md, "Social-production units"): a unit is
// registered here as such (optionally linked to its NIT/RIF in the economic-units registry) with
// its members' organs, and its accounts are one communal bank account: its public page shows that
// account's ledger, totals and observations through the communal banks' own code, not a copy.
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
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

/** Registers a unit (idempotent by its key: the same key again answers the first). */
export async function registerSocialUnit(deps: Pick<Deps, 'db'>, client: AgencyClient, input: SocialUnitInput, requestId?: string | null): Promise<{ unit: SocialUnit; created: boolean }> {
  const existing = await findSocialUnit(deps.db, input.key);
  if (existing) return { unit: existing, created: false };
  const account = await findBankAccount(deps.db, input.accountReference.trim().toUpperCase());
  const name = input.name.trim();
  const fields: FieldError[] = [
    ...(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.key) && input.key.length <= 80 ? [] : [{ field: '/key', messageKey: 'projects.errors.unitKey' }]),
    ...(name.length >= 2 && name.length <= 200 ? [] : [{ field: '/name', messageKey: 'projects.errors.unitName' }]),
    ...(account ? [] : [{ field: '/accountReference', messageKey: 'projects.errors.bankAccount' }]),
    ...(input.organs.every((o) => o.name.trim().length >= 2 && Number.isSafeInteger(o.members) && o.members >= 0) ? [] : [{ field: '/organs', messageKey: 'projects.errors.unitOrgans' }]),
  ];
  if (fields.length > 0 || !account) throw new AppError('VALIDATION_FAILED', { fields });
  const unit: SocialUnit = {
    key: input.key,
    name,
    registryId: input.registryId?.trim() || null,
    bankAccountId: account.id,
    organs: input.organs.map((o) => ({ name: o.name.trim(), members: o.members })),
  };
  const created = await insertSocialUnitAudited(deps.db, unit, {
    actor: { type: 'client', id: client.clientId },
    action: 'projects.social_unit_registered',
    subject: { type: 'social_unit', id: unit.key },
    data: { bankAccountId: account.id, registryId: unit.registryId },
    requestId,
  });
  return created ? { unit, created } : { unit: (await findSocialUnit(deps.db, input.key))!, created: false };
}

export interface SocialUnitPage {
  unit: SocialUnit;
  ledger: BankLedger;
  /** The projects whose money came into its account (the transfer ledger), in order of first deposit. */
  projects: Array<{ id: string; title: string }>;
}

export async function socialUnitPage(deps: Pick<Deps, 'db'>, key: string): Promise<SocialUnitPage> {
  const unit = key.length <= 80 ? await findSocialUnit(deps.db, key) : undefined;
  if (!unit) throw new AppError('PROJECTS_NOT_FOUND');
  const ledger = await bankLedger(deps, unit.bankAccountId);
  const ids = [...new Set(ledger.deposits.map((d) => d.projectId))];
  const projects = (await Promise.all(ids.map((id) => findProject(deps.db, id)))).flatMap((p) => (p ? [{ id: p.id, title: p.title }] : []));
  return { unit, ledger, projects };
}

export function socialUnits(deps: Pick<Deps, 'db'>): Promise<SocialUnit[]> {
  return listSocialUnits(deps.db);
}
