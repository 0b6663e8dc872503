// Who sees and handles a mediation (pure): its parties see it; the justice of peace of its
// territory (a territory role over the unit or above) sees and handles it; nobody else, not even a
// platform administrator (confidentiality), sees its content.
import { hasRole } from '../../platform/contract/roles.ts';
import type { RoleGrant } from '../../platform/module.ts';
import { SPOKESPERSON_ROLE } from '../../shared/community-roles.ts';
import { JUSTICE_ROLE, type Mediation, type Party, type Viewer } from './peace-justice.types.ts';

export function viewerOf(accountId: string, grants: readonly RoleGrant[], mediation: Pick<Mediation, 'territoryPath'>, parties: readonly Party[]): Viewer | undefined {
  if (hasRole(grants, { role: JUSTICE_ROLE, territory: mediation.territoryPath })) return { as: 'justice' };
  const party = parties.find((p) => p.accountId === accountId);
  return party ? { as: 'party', partyId: party.id } : undefined;
}

/** The territories where the grants make a person a justice of peace. */
export function justiceTerritories(grants: readonly RoleGrant[]): string[] {
  return grants.flatMap((g) => (g.role === JUSTICE_ROLE && g.territory ? [g.territory] : []));
}

/** The community councils a person speaks for (the councils' one territory role, granted on the council itself). */
export function councilsSpokenFor(grants: readonly RoleGrant[]): string[] {
  return grants.flatMap((g) => (g.role === SPOKESPERSON_ROLE && g.territory ? [g.territory] : []));
}
