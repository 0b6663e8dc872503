// Subnational governments as tenants (issue #25, docs/entities.md#tenants): the public space of
// each one (/gobiernos/{code}: who it is, its procedures, its figures) and the administrators'
// onboarding. The tenant flag lives in the register (agencies); the figures are the catalog's
// exact per-agency totals of applications received and handled.
import type { Deps } from '../../platform/module.ts';
import { type Agency, canBeTenant, getAgency, getTenant, listAgencies, listTenants, onboardTenant, type Tenant, type TenantActor } from '../agencies/index.ts';
import { listAgencyStatistics, type PublishedProcedure, searchProcedures } from '../catalog/index.ts';
import { getTerritory } from '../territories/index.ts';

export interface GovernmentView {
  agency: Agency;
  tenant: Tenant;
  territoryName: string | null;
  procedures: PublishedProcedure[];
  figures: { published: number; online: number; received: number; handled: number; shareWithinLegalTime: number | null };
}

/** A tenant's public space; `AGENCY_NOT_FOUND` for an unknown code or an entity not onboarded. */
export async function governmentView(deps: Pick<Deps, 'db' | 'country'>, code: string): Promise<GovernmentView> {
  const tenant = await getTenant(deps, code);
  const agency = await getAgency(deps, tenant.code);
  const [territory, found, statistics] = await Promise.all([
    agency.territoryCode ? getTerritory(deps, agency.territoryCode) : Promise.resolve(null),
    searchProcedures(deps, { agency: agency.code, page: 1, pageSize: 100 }),
    listAgencyStatistics(deps, agency.code),
  ]);
  const totals = statistics[0];
  return {
    agency,
    tenant,
    territoryName: territory?.name ?? null,
    procedures: found.items,
    figures: {
      published: found.total,
      online: found.items.filter((p) => p.isOnline).length,
      received: totals?.applications ?? 0,
      handled: totals?.completed ?? 0,
      shareWithinLegalTime: totals?.shareWithinLegalTime ?? null,
    },
  };
}

/** The tenants with their entities, and the subnational entities not onboarded yet (the form's choices). */
export async function governmentsOverview(deps: Pick<Deps, 'db' | 'country'>): Promise<{ tenants: Array<Tenant & { agency: Agency }>; candidates: Agency[] }> {
  const [tenants, agencies] = await Promise.all([listTenants(deps), listAgencies(deps)]);
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const onboarded = new Set(tenants.map((t) => t.code));
  return {
    tenants: tenants.flatMap((t) => {
      const agency = byCode.get(t.code);
      return agency ? [{ ...t, agency }] : [];
    }),
    candidates: agencies.filter((a) => canBeTenant(a.level) && !onboarded.has(a.code)),
  };
}

export { onboardTenant, type TenantActor };
