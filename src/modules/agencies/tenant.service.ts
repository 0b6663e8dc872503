// Subnational governments as tenants (issue #25, docs/entities.md#tenants): a platform
// administrator onboards an autonomous territorial entity of the register; the entity's own
// administrators are its `agency_admin` grants (identity's role administration), and every
// back-office read stays scoped to the agency codes a person holds roles in.
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { PLATFORM_ADMIN, requireRole } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from './agency.service.ts';
import { canBeTenant, type Tenant } from './agency.types.ts';
import { findTenants, insertTenantAudited } from './tenant.queries.ts';

/** Who asks: their account and grants (identity's `roleGrantsOf`), the request for the audit entry. */
export interface TenantActor {
  accountId: string;
  grants: readonly RoleGrant[];
  requestId?: string;
}

/**
 * Makes a subnational entity a tenant: platform administrators only (`AGENCIES_FORBIDDEN`),
 * an entity of the register (`AGENCY_NOT_FOUND`) of the territorial level (a field error).
 * Audited as `agencies.tenant_onboarded` in the same statement as the row; onboarding it again,
 * or twenty times at once, writes one tenant and one audit entry.
 */
export async function onboardTenant(deps: Pick<Deps, 'db'>, code: string, actor: TenantActor): Promise<'onboarded' | 'unchanged'> {
  requireRole(actor.grants, { role: PLATFORM_ADMIN }, 'AGENCIES_FORBIDDEN');
  const agency = await getAgency(deps, code);
  if (!canBeTenant(agency.level)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'code', messageKey: 'agencies.tenants.errors.notSubnational' }] });
  const tenant: Tenant = { code: agency.code, onboardedAt: new Date(), onboardedBy: `admin:${actor.accountId}` };
  const written = await insertTenantAudited(deps.db, tenant, {
    audit: {
      actor: { type: 'admin', id: actor.accountId },
      action: 'agencies.tenant_onboarded',
      subject: { type: 'agency', id: agency.code },
      data: { level: agency.level },
      requestId: actor.requestId,
    },
  });
  return written ? 'onboarded' : 'unchanged';
}

export async function listTenants(deps: Pick<Deps, 'db' | 'country'>): Promise<Tenant[]> {
  return findTenants(deps.db, deps.country.code);
}

/** The tenant with this code, or `AGENCY_NOT_FOUND` (an unknown code and an entity not onboarded answer alike). */
export async function getTenant(deps: Pick<Deps, 'db' | 'country'>, code: string): Promise<Tenant> {
  const tenant = (await listTenants(deps)).find((t) => t.code === code);
  if (!tenant) throw new AppError('AGENCY_NOT_FOUND', { params: { code } });
  return tenant;
}
