// Subnational governments as tenants (issue #25, docs/entities.md#tenants): a platform
// administrator onboards an autonomous territorial entity of the register; the entity's own
// administrators are its `agency_admin` grants (identity's role administration), and every
// back-office read stays scoped to the agency codes a person holds roles in.
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN, requireRole } from '../../platform/contract/roles.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from './agency.service.ts';
import { canBeTenant, contrastRatio, MIN_BRAND_CONTRAST, type Tenant, type TenantBranding } from './agency.types.ts';
import { findTenants, insertTenantAudited, updateTenantBranding } from './tenant.queries.ts';

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
  const tenant: Tenant = { code: agency.code, onboardedAt: new Date(), onboardedBy: `admin:${actor.accountId}`, branding: null };
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

/**
 * The demo's tenants (docs/entities.md#tenants): a municipal government of each country that
 * already has procedures in the demo catalog, so /gobiernos is not empty. El Alto, Cochabamba and
 * Santa Cruz are left for the onboarding journey and tests to onboard.
 */
const DEMO_TENANTS: Record<string, readonly string[]> = { bo: ['GAMLP'], ve: ['ALCLIB'] };

/** Onboards the demo's tenants, audited as the demo seed's (idempotent). */
export async function seedTenants(deps: Pick<Deps, 'db' | 'country'>): Promise<void> {
  for (const code of DEMO_TENANTS[deps.country.code] ?? []) {
    const agency = await getAgency(deps, code);
    await insertTenantAudited(
      deps.db,
      { code, onboardedAt: new Date(), onboardedBy: 'system:demo', branding: null },
      {
        audit: { actor: { type: 'system', id: 'demo' }, action: 'agencies.tenant_onboarded', subject: { type: 'agency', id: code }, data: { level: agency.level } },
      },
    );
  }
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

/** Whether these grants may set the tenant's branding: a platform administrator or the tenant's own `agency_admin`. */
export function mayBrandTenant(grants: readonly RoleGrant[], code: string): boolean {
  return hasRole(grants, { role: PLATFORM_ADMIN }) || hasRole(grants, { role: 'agency_admin', agency: code });
}

/** What the administrator typed for the branding. */
export interface BrandingInput {
  displayName: string;
  shortName: string;
  colourText: string;
  colourBackground: string;
}

const HEX = /^#[0-9a-f]{6}$/;

/**
 * Sets a tenant's branding: its administrators only (`AGENCIES_FORBIDDEN`), a tenant
 * (`AGENCY_NOT_FOUND`); a name of 1–120 characters, a short name of at most 30, two `#rrggbb`
 * colours with a WCAG contrast of at least 4.5:1 (each a field error). Audited as
 * `agencies.tenant_branded` in the same transaction; the same branding again writes nothing.
 */
export async function brandTenant(deps: Pick<Deps, 'db' | 'country'>, code: string, input: BrandingInput, actor: TenantActor): Promise<'branded' | 'unchanged'> {
  if (!mayBrandTenant(actor.grants, code)) throw new AppError('AGENCIES_FORBIDDEN');
  await getTenant(deps, code);
  const branding: TenantBranding = {
    displayName: input.displayName.trim(),
    shortName: input.shortName.trim() || null,
    colourText: input.colourText.trim().toLowerCase(),
    colourBackground: input.colourBackground.trim().toLowerCase(),
  };
  const fields: Array<{ field: string; messageKey: string }> = [];
  if (branding.displayName.length === 0 || branding.displayName.length > 120) fields.push({ field: 'displayName', messageKey: 'agencies.tenants.errors.displayName' });
  if ((branding.shortName?.length ?? 0) > 30) fields.push({ field: 'shortName', messageKey: 'agencies.tenants.errors.shortName' });
  if (!HEX.test(branding.colourText)) fields.push({ field: 'colourText', messageKey: 'agencies.tenants.errors.colour' });
  if (!HEX.test(branding.colourBackground)) fields.push({ field: 'colourBackground', messageKey: 'agencies.tenants.errors.colour' });
  else if (HEX.test(branding.colourText) && contrastRatio(branding.colourText, branding.colourBackground) < MIN_BRAND_CONTRAST)
    fields.push({ field: 'colourBackground', messageKey: 'agencies.tenants.errors.contrast' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  return deps.db.transaction().execute(async (trx) => {
    if (!(await updateTenantBranding(trx, code, branding))) return 'unchanged';
    await recordAudit(trx, {
      actor: { type: hasRole(actor.grants, { role: PLATFORM_ADMIN }) ? 'admin' : 'official', id: actor.accountId },
      action: 'agencies.tenant_branded',
      subject: { type: 'agency', id: code },
      data: { ...branding },
      requestId: actor.requestId,
    });
    return 'branded';
  });
}
