// Routing: which agency is competent for a new report, and the public list of rules.
import { topicCache } from '../../platform/cache/topic-cache.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from '../agencies/index.ts';
import { locateTerritory } from '../territories/index.ts';
import { findAllRoutingRules, findCategory, findRoutingRules } from './categories.queries.ts';
import type { Category, RoutingRule } from './report.types.ts';

/**
 * Categories and routing rules as new reports read them: kept in every process and forgotten
 * in all of them through the bus (`reports.routing_changed`) when an administrator or the seed
 * changes them (`routingChanged(trx)` in the change's transaction). The module listens at start.
 */
export const routingCache = topicCache<unknown>('reports.routing_changed');

/** Call in the transaction that changes a category or a routing rule. */
export function routingChanged(trx: Queryable): Promise<void> {
  return routingCache.changed(trx);
}

/** A category by code, from the cache. */
export async function cachedCategory(deps: Pick<Deps, 'db'>, code: string): Promise<Category | undefined> {
  return (await routingCache.get(deps.db, `category:${code}`, () => findCategory(deps.db, code))) as Category | undefined;
}

/** The competent agency: the complaint's agency, or the rule of the deepest territory (or the country-wide rule). */
export async function routeReport(deps: Pick<Deps, 'db'>, category: Category, territoryPath: string[], subjectAgencyCode: string | null): Promise<{ code: string; name: string } | null> {
  if (category.isAgencyComplaint && subjectAgencyCode) {
    const agency = await getAgency(deps, subjectAgencyCode);
    return { code: agency.code, name: agency.name };
  }
  const rules = [...((await routingCache.get(deps.db, `rules:${category.code}:${territoryPath.join('/')}`, () => findRoutingRules(deps.db, category.code, territoryPath))) as RoutingRule[])];
  const depth = (code: string | null) => (code === null ? -1 : territoryPath.indexOf(code));
  const best = rules.sort((a, b) => depth(b.territoryCode) - depth(a.territoryCode))[0];
  if (!best) return null;
  const agency = await getAgency(deps, best.agencyCode);
  return { code: agency.code, name: agency.name };
}

/**
 * The coordinates step: a report that gives a point but no territory (what Open311 apps send)
 * is placed in the deepest territory whose boundary contains the point, so that the rules above
 * route it instead of leaving it to triage. Null when no boundary contains the point.
 */
export async function placeByCoordinates(deps: Pick<Deps, 'db'>, point: { lat: number; lon: number }): Promise<{ code: string; path: string[] } | null> {
  const territory = await locateTerritory(deps, { lat: point.lat, long: point.lon });
  return territory ? { code: territory.code, path: territory.path } : null;
}

/** Every routing rule, for the public page that says who handles what. */
export async function listRoutingRules(deps: Pick<Deps, 'db'>): Promise<RoutingRule[]> {
  return findAllRoutingRules(deps.db);
}
