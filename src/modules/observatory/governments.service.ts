// Subnational governments as tenants (issue #25, docs/entities.md#tenants): the public space of
// each one (/gobiernos/{code}: who it is, its procedures, its figures) and the administrators'
// onboarding. The tenant flag lives in the register (agencies); the figures are the catalog's
// exact per-agency totals of applications received and handled. A tenant's dependent entities
// (those whose chain of superiors reaches it) are folded into its page and its figures.
import type { Deps } from '../../platform/module.ts';
import { type Agency, canBeTenant, getAgency, getTenant, listAgencies, listTenants, onboardTenant, type Tenant, type TenantActor } from '../agencies/index.ts';
import { listAgencyStatistics, type PublishedProcedure, searchProcedures } from '../catalog/index.ts';
import { getTerritory } from '../territories/index.ts';
import type { Plan } from './observatory.types.ts';
import { currentYear, listPlans } from './plans.service.ts';
import { countsByAgency } from './ranking.service.ts';

export interface GovernmentView {
  agency: Agency;
  tenant: Tenant;
  territoryName: string | null;
  /** The entities whose chain of superiors reaches the tenant, nearest first. */
  dependents: Agency[];
  /** The plans it owns (the observatory's plans model), newest first. */
  plans: Plan[];
  /** Its procedures and its dependents'. */
  procedures: PublishedProcedure[];
  figures: { published: number; online: number; received: number; handled: number; shareWithinLegalTime: number | null };
  /** Citizen reports routed to it or its dependents this year (reports' public figures, by the agency responsible). */
  reports: { year: number; received: number; answered: number; answeredInTime: number };
}

/** The entities under `code` in the register (its dependents, theirs…), nearest first; a cycle is walked once. */
export function dependentsOf(code: string, agencies: readonly Agency[]): Agency[] {
  const found: Agency[] = [];
  const seen = new Set([code]);
  for (let frontier = [code]; frontier.length > 0; ) {
    const next = agencies.filter((a) => a.superiorCode !== null && frontier.includes(a.superiorCode) && !seen.has(a.code));
    for (const a of next) seen.add(a.code);
    found.push(...next);
    frontier = next.map((a) => a.code);
  }
  return found;
}

/** A tenant's public space; `AGENCY_NOT_FOUND` for an unknown code or an entity not onboarded. */
export async function governmentView(deps: Deps, code: string): Promise<GovernmentView> {
  const tenant = await getTenant(deps, code);
  const [agency, agencies] = await Promise.all([getAgency(deps, tenant.code), listAgencies(deps)]);
  const dependents = dependentsOf(agency.code, agencies);
  const codes = [agency.code, ...dependents.map((d) => d.code)];
  const year = currentYear(deps);
  const [territory, searches, statistics, plans, reportsReceived, reportsAnswered, reportsInTime] = await Promise.all([
    agency.territoryCode ? getTerritory(deps, agency.territoryCode) : Promise.resolve(null),
    Promise.all(codes.map((c) => searchProcedures(deps, { agency: c, page: 1, pageSize: 100 }))),
    Promise.all(codes.map(async (c) => (await listAgencyStatistics(deps, c))[0])),
    listPlans(deps),
    countsByAgency(deps, 'reports.received', year),
    countsByAgency(deps, 'reports.response_hours', year),
    countsByAgency(deps, 'reports.answered_in_time', year),
  ]);
  const ofFamily = (counts: Map<string, number>) => codes.reduce((sum, c) => sum + (counts.get(c) ?? 0), 0);
  const procedures = searches.flatMap((found) => found.items);
  const totals = statistics.filter((s) => s !== undefined);
  const handled = totals.reduce((sum, s) => sum + s.completed, 0);
  // Each entity's share is of its own completed applications: weighted back into counts.
  const inTime = totals.reduce((sum, s) => sum + Math.round((s.shareWithinLegalTime ?? 0) * s.completed), 0);
  return {
    agency,
    tenant,
    territoryName: territory?.name ?? null,
    dependents,
    plans: plans.filter((p) => p.ownerAgency === agency.code).sort((a, b) => b.startYear - a.startYear),
    procedures,
    figures: {
      published: searches.reduce((sum, found) => sum + found.total, 0),
      online: procedures.filter((p) => p.isOnline).length,
      received: totals.reduce((sum, s) => sum + s.applications, 0),
      handled,
      shareWithinLegalTime: handled > 0 ? Math.round((inTime / handled) * 10_000) / 10_000 : null,
    },
    reports: { year, received: ofFamily(reportsReceived), answered: ofFamily(reportsAnswered), answeredInTime: ofFamily(reportsInTime) },
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
