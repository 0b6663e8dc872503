// Who may do what with a plan (pure): the plan's administrators hold `plan_admin` in the
// agency that owns it (or administer the platform); an entity's official holding
// `plan_reporter` in that entity files its yearly report.
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import type { RoleGrant } from '../../platform/module.ts';
import type { Plan } from './observatory.types.ts';

export const PLAN_ADMIN = 'plan_admin';
export const PLAN_REPORTER = 'plan_reporter';

export function canAdministerPlan(grants: readonly RoleGrant[], plan: Plan): boolean {
  return hasRole(grants, { role: PLATFORM_ADMIN }) || hasRole(grants, { role: PLAN_ADMIN, agency: plan.ownerAgency });
}

export function canReportFor(grants: readonly RoleGrant[], agencyCode: string): boolean {
  return hasRole(grants, { role: PLAN_REPORTER, agency: agencyCode });
}

/** The agencies a person may file yearly reports for. */
export function reportingAgencies(grants: readonly RoleGrant[]): string[] {
  return [...new Set(grants.flatMap((g) => (g.role === PLAN_REPORTER && g.agency ? [g.agency] : [])))].sort();
}
