// Roles of officials: in an agency (/admin/roles, for platform administrators and, in their
// agencies, agency administrators) and over a territory (/admin/roles/territorios, platform
// administrators; offered when a module declares a territory-scoped role).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import type { Agency } from '../../agencies/index.ts';
import type { Staff } from '../admin/common.ts';
import { canManageTerritoryRoles } from '../admin.policy.ts';
import { agencyRoles, roleLabelKeys, territoryRoles } from '../declared-roles.ts';
import { grantRole, listAgencyRoles, manageableAgencies, revokeRole, territoryRolesView } from '../admin/roles.service.ts';
import { RolesPage, TerritoryRolesPage, type GrantValues } from '../views/admin-roles.views.tsx';
import type { FormErrors } from '../views/admin.views.tsx';
import { DocumentBody, DoneQuery, Text, attempt, doneMessage, documentTypes, staffOf, titleWithErrors } from './admin-common.ts';

interface FormState {
  values?: GrantValues;
  errors?: FormErrors;
  done?: string;
}

const TERRITORY_PATH = '/admin/roles/territorios';
const territoryHref = (code: string | undefined, done?: string) => {
  const query = new URLSearchParams({ ...(code ? { territorio: code } : {}), ...(done ? { hecho: done } : {}) }).toString();
  return query ? `${TERRITORY_PATH}?${query}` : TERRITORY_PATH;
};

export function registerRolePages(app: TamboApp, deps: Deps): void {
  // The roles on offer are what the modules declare, by scope, not a list of identity's.
  const offered = () => agencyRoles(app.tambo.modules);
  const offeredInTerritories = () => territoryRoles(app.tambo.modules);
  const emptyValues = (): GrantValues => ({ documentType: deps.country.identityDocuments[0]?.code ?? '', documentNumber: '', role: '' });
  const common = (request: FastifyRequest, form: FormState) => ({
    roleLabelKeys: roleLabelKeys(app.tambo.modules),
    documentTypes: documentTypes(deps, request),
    values: form.values ?? emptyValues(),
    errors: form.errors ?? {},
    done: form.done,
  });
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    title: string,
    errors: FormErrors,
    body: preact.JSX.Element,
    breadcrumbs = [{ href: '/admin', label: request.t('identity.admin.home.heading') }],
  ) => reply.page({ status: Object.keys(errors).length > 0 ? 400 : 200, title: titleWithErrors(request, title, errors), breadcrumbs, body });

  const rolesPage = async (request: FastifyRequest, reply: FastifyReply, staff: Staff, agencyCode: string | undefined, form: FormState = {}) => {
    const agencies = await manageableAgencies(deps, staff);
    const agency: Agency = agencies.find((a) => a.code === agencyCode) ?? agencies[0]!;
    const rows = await listAgencyRoles(deps, staff, agency.code);
    const territoryRolesHref = canManageTerritoryRoles(staff) && offeredInTerritories().length > 0 ? TERRITORY_PATH : undefined;
    return page(
      request,
      reply,
      request.t('identity.roles.heading'),
      form.errors ?? {},
      <RolesPage {...common(request, form)} agencies={agencies} agency={agency} rows={rows} roles={offered()} territoryRolesHref={territoryRolesHref} />,
    );
  };

  const territoryPage = async (request: FastifyRequest, reply: FastifyReply, staff: Staff, code: string | undefined, form: FormState & { territoryCode?: string } = {}) => {
    const view = await territoryRolesView(deps, staff, code);
    return page(
      request,
      reply,
      request.t('identity.roles.territory.heading'),
      form.errors ?? {},
      <TerritoryRolesPage {...common(request, form)} {...view} roles={offeredInTerritories()} territoryCode={form.territoryCode ?? code ?? ''} />,
      [
        { href: '/admin', label: request.t('identity.admin.home.heading') },
        { href: '/admin/roles', label: request.t('identity.roles.heading') },
      ],
    );
  };

  app.get('/admin/roles', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    return rolesPage(request, reply, staff, request.query.institucion, { done: doneMessage(request, request.query.hecho) });
  });

  app.post('/admin/roles/otorgar', { schema: { body: Type.Object({ agencyCode: Text(64), ...DocumentBody, role: Text(40) }) } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const values = { documentType: request.body.documentType ?? '', documentNumber: request.body.documentNumber ?? '', role: request.body.role ?? '' };
    const agencyCode = request.body.agencyCode ?? '';
    const result = await attempt(request, () => grantRole(deps, staff, { ...values, agencyCode }, offered()));
    if (!result.ok) return rolesPage(request, reply, staff, agencyCode, { values, errors: result.errors });
    return reply.redirect(`/admin/roles?institucion=${encodeURIComponent(agencyCode)}&hecho=otorgado`, 303);
  });

  app.post('/admin/roles/revocar', { schema: { body: Type.Object({ agencyCode: Text(64), accountId: Text(40), role: Text(40) }) } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const agencyCode = request.body.agencyCode ?? '';
    await revokeRole(deps, staff, { agencyCode, accountId: request.body.accountId ?? '', role: request.body.role ?? '' });
    return reply.redirect(`/admin/roles?institucion=${encodeURIComponent(agencyCode)}&hecho=revocado`, 303);
  });

  const TerritoryQuery = Type.Object({ territorio: Type.Optional(Type.String({ maxLength: 64 })), hecho: Type.Optional(Type.String({ maxLength: 20 })) });
  app.get(TERRITORY_PATH, { schema: { querystring: TerritoryQuery } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    return territoryPage(request, reply, staff, request.query.territorio || undefined, { done: doneMessage(request, request.query.hecho) });
  });

  // The page shows the territory the grant was made over, with the units below it.
  app.post(`${TERRITORY_PATH}/otorgar`, { schema: { body: Type.Object({ territoryCode: Text(64), ...DocumentBody, role: Text(40) }) } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const values = { documentType: request.body.documentType ?? '', documentNumber: request.body.documentNumber ?? '', role: request.body.role ?? '' };
    const territoryCode = request.body.territoryCode ?? '';
    const result = await attempt(request, () => grantRole(deps, staff, { ...values, territoryCode }, offeredInTerritories()));
    // A territory that does not exist shows the top level again, with the error.
    if (!result.ok) return territoryPage(request, reply, staff, result.errors.territoryCode ? undefined : territoryCode, { values, errors: result.errors, territoryCode });
    return reply.redirect(territoryHref(territoryCode, 'otorgado'), 303);
  });

  app.post(`${TERRITORY_PATH}/revocar`, { schema: { body: Type.Object({ territoryCode: Text(64), accountId: Text(40), role: Text(40) }) } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const territoryCode = request.body.territoryCode ?? '';
    await revokeRole(deps, staff, { territoryCode, accountId: request.body.accountId ?? '', role: request.body.role ?? '' });
    return reply.redirect(territoryHref(territoryCode, 'revocado'), 303);
  });
}
