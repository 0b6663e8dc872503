// The roles the modules declare (`roles` in defineModule) as identity's role administration
// offers them: no list of its own. Pure.
import type { RoleDeclaration } from '../../platform/contract/contract.types.ts';
import type { ModuleDefinition } from '../../platform/module.ts';

/** The roles granted in an agency (/admin/roles): every module's agency-scoped declarations, in module order. */
export function agencyRoles(modules: readonly Pick<ModuleDefinition, 'roles'>[]): RoleDeclaration[] {
  return modules.flatMap((module) => module.roles ?? []).filter((role) => role.scope === 'agency');
}

/** The roles granted over a territory (/admin/roles, platform administrators): every module's territory-scoped declarations. */
export function territoryRoles(modules: readonly Pick<ModuleDefinition, 'roles'>[]): RoleDeclaration[] {
  return modules.flatMap((module) => module.roles ?? []).filter((role) => role.scope === 'territory');
}

/** Role name → message key of its label, for every declared role (pages that name a role held). */
export function roleLabelKeys(modules: readonly Pick<ModuleDefinition, 'roles'>[]): Record<string, string> {
  return Object.fromEntries(modules.flatMap((module) => module.roles ?? []).map((role) => [role.name, role.labelKey]));
}
