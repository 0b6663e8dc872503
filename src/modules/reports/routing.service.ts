// Routing: which agency is competent for a new report, and the public list of rules.
import type { Deps } from '../../platform/module.ts';
import { getAgency } from '../agencies/index.ts';
import { findAllRoutingRules, findRoutingRules } from './categories.queries.ts';
import type { Category, RoutingRule } from './report.types.ts';

/** The competent agency: the complaint's agency, or the rule of the deepest territory (or the country-wide rule). */
export async function routeReport(deps: Pick<Deps, 'db'>, category: Category, territoryPath: string[], subjectAgencyCode: string | null): Promise<{ code: string; name: string } | null> {
  if (category.isAgencyComplaint && subjectAgencyCode) {
    const agency = await getAgency(deps, subjectAgencyCode);
    return { code: agency.code, name: agency.name };
  }
  const rules = await findRoutingRules(deps.db, category.code, territoryPath);
  const depth = (code: string | null) => (code === null ? -1 : territoryPath.indexOf(code));
  const best = rules.sort((a, b) => depth(b.territoryCode) - depth(a.territoryCode))[0];
  if (!best) return null;
  const agency = await getAgency(deps, best.agencyCode);
  return { code: agency.code, name: agency.name };
}

/** Every routing rule, for the public page that says who handles what. */
export async function listRoutingRules(deps: Pick<Deps, 'db'>): Promise<RoutingRule[]> {
  return findAllRoutingRules(deps.db);
}
