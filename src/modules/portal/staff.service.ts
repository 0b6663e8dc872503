// The staff start page's content: what is waiting for the person (cases per agency, reports
// per agency, the triage queue) and the tools their roles open. Figures come from the cases
// and reports modules' index exports; the tools follow the same role checks as the pages
// they lead to (a link never leads to a refusal).
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import type { AdminLink, Deps } from '../../platform/module.ts';
import { listAgencies } from '../agencies/index.ts';
import { queueCounts } from '../cases/index.ts';
import { getRoles, roleGrantsOf, type Account } from '../identity/index.ts';
import { staffReportCounts } from '../reports/index.ts';
import { editableLanguages, TRANSLATOR } from './translations.service.ts';

export interface StaffTool {
  href: string;
  labelKey: string;
  textKey: string;
}

export interface StaffStart {
  agencies: Map<string, string>;
  cases: Array<{ agencyCode: string; open: number; unassigned: number; mine: number; overdue: number }>;
  reports: Array<{ agencyCode: string; open: number; overdue: number }>;
  /** The triage queue's size (platform administrators), or null. */
  triage: number | null;
  tools: StaffTool[];
  /** Other modules' administration pages (`adminLinks`) the person may open. */
  adminLinks: AdminLink[];
}

export async function staffStart(deps: Pick<Deps, 'db' | 'country'>, account: Account, adminLinks: AdminLink[]): Promise<StaffStart> {
  const roles = await getRoles(deps, account.id);
  const grants = roleGrantsOf(account, roles);
  const admin = hasRole(grants, { role: PLATFORM_ADMIN });
  if (roles.length === 0 && !admin) throw new AppError('FORBIDDEN');
  const [cases, reports, agencies] = await Promise.all([queueCounts(deps, account.id), staffReportCounts(deps, account, roles), listAgencies(deps)]);
  const holds = (role: string) => hasRole(grants, { role });
  const tools: StaffTool[] = [];
  const tool = (when: boolean, href: string, key: string) => {
    if (when) tools.push({ href, labelKey: `portal.staff.tools.${key}.label`, textKey: `portal.staff.tools.${key}.text` });
  };
  tool(cases.length > 0, '/gestion/expedientes', 'cases');
  tool(cases.length > 0, '/gestion/solicitar', 'counter');
  tool(reports.agencies.length > 0, '/reportes/institucion', 'reports');
  tool(reports.triage !== null, '/reportes/triaje', 'triage');
  tool(holds('publisher'), '/gestion/tramites', 'catalog');
  tool(holds('registrar'), '/registrar', 'registrar');
  // Territory roles of other modules (declared in their definitions): the pages they open.
  tool(holds('project_spokesperson') || holds('project_officer'), '/proyectos/observaciones-pendientes', 'observations');
  // Administrators reach it from their admin links below.
  tool(holds('consultation_officer') && !admin, '/gestion/consultas/nueva', 'consultations');
  tool((admin || holds(TRANSLATOR)) && editableLanguages(deps).length > 0, '/admin/traducciones', 'translations');
  tool(admin || holds('agency_admin'), '/admin/roles', 'roles');
  tool(admin || holds('agency_admin') || holds('registrar'), '/admin', 'admin');
  return {
    agencies: new Map(agencies.map((a) => [a.code, a.name])),
    cases,
    reports: reports.agencies,
    triage: reports.triage,
    tools,
    adminLinks: admin ? adminLinks.filter((link) => link.audience === 'platformAdmin') : [],
  };
}
