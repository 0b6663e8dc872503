// The councils a person may propose for: those she speaks for (the community councils' territory
// role), each inside one of the consultation's units. A spokesperson of a commune may propose for
// the commune, or for a council of hers inside a unit.
import type { Deps } from '../../platform/module.ts';
import { SPOKESPERSON_ROLE } from '../../shared/community-roles.ts';
import { getRoles } from '../identity/index.ts';
import { getTerritory, getTerritoryWithAncestors } from '../territories/index.ts';
import type { Proposal, Unit } from './consultations.types.ts';
import type { CouncilOption } from './proposal-form.ts';

/** The names of the councils that proposed, by code (for the public list of proposals). */
export async function councilNames(deps: Pick<Deps, 'db'>, proposals: readonly Proposal[]): Promise<Record<string, string>> {
  const codes = [...new Set(proposals.flatMap((p) => (p.proposedByCouncil ? [p.proposedByCouncil] : [])))];
  const named = await Promise.all(codes.map(async (code) => [code, (await getTerritory(deps, code).catch(() => undefined))?.name ?? code] as const));
  return Object.fromEntries(named);
}

export async function councilOptions(deps: Pick<Deps, 'db'>, accountId: string, units: readonly Unit[]): Promise<CouncilOption[]> {
  const codes = [...new Set((await getRoles(deps, accountId)).filter((r) => r.role === SPOKESPERSON_ROLE && r.territoryCode).map((r) => r.territoryCode!))];
  const paths = await Promise.all(codes.map((code) => getTerritoryWithAncestors(deps, code).catch(() => [])));
  const options: CouncilOption[] = [];
  for (const path of paths) {
    const council = path.at(-1);
    // The deepest unit of the consultation that holds the council.
    const unit = [...path].reverse().find((t) => units.some((u) => u.code === t.code));
    if (council && unit) options.push({ code: council.code, name: council.name, unitCode: unit.code });
  }
  return options.sort((a, b) => a.name.localeCompare(b.name, 'es'));
}
