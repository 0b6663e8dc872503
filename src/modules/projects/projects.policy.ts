// Who may manage a project (pure): the spokespeople of its executing organisation (a territory
// role over the organisation's unit or above), the officials of its executing or creating agency,
// and platform administrators.
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import type { RoleGrant } from '../../platform/module.ts';
import { SPOKESPERSON_ROLE } from '../../shared/community-roles.ts';
import type { Project } from './projects.types.ts';

export { SPOKESPERSON_ROLE };
export const OFFICER_ROLE = 'project_officer';

export function canManageProject(grants: readonly RoleGrant[], project: Pick<Project, 'executorTerritoryPath' | 'executorAgencyCode' | 'createdByAgency'>): boolean {
  if (hasRole(grants, { role: PLATFORM_ADMIN })) return true;
  if (project.executorTerritoryPath && hasRole(grants, { role: SPOKESPERSON_ROLE, territory: project.executorTerritoryPath })) return true;
  return [project.executorAgencyCode, project.createdByAgency].some((agency) => agency !== null && hasRole(grants, { role: OFFICER_ROLE, agency }));
}

/** An agency's system (client credentials) manages the projects its agency executes or created. */
export function clientManagesProject(agencyCode: string, project: Pick<Project, 'executorAgencyCode' | 'createdByAgency'>): boolean {
  return project.executorAgencyCode === agencyCode || project.createdByAgency === agencyCode;
}

/** What a person manages, as a filter for SQL: every project (an administrator), or those under these territories or of these agencies. */
export function managedScope(grants: readonly RoleGrant[]): { all: boolean; territories: string[]; agencies: string[] } {
  const all = hasRole(grants, { role: PLATFORM_ADMIN });
  const territories = grants.flatMap((g) => (g.role === SPOKESPERSON_ROLE && g.territory ? [g.territory] : []));
  const agencies = grants.flatMap((g) => (g.role === OFFICER_ROLE && g.agency ? [g.agency] : []));
  return { all, territories, agencies };
}
