// Roles of officials (/admin/roles), for platform administrators and, in their agencies,
// agency administrators.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import type { Agency } from '../../agencies/index.ts';
import type { Staff } from '../admin/common.ts';
import { agencyRoles, roleLabelKeys } from '../declared-roles.ts';
import { grantRole, listAgencyRoles, manageableAgencies, revokeRole } from '../admin/roles.service.ts';
import { RolesPage } from '../views/admin-roles.views.tsx';
import type { FormErrors } from '../views/admin.views.tsx';
import { DocumentBody, DoneQuery, Text, attempt, doneMessage, documentTypes, staffOf, titleWithErrors } from './admin-common.ts';

export function registerRolePages(app: TamboApp, deps: Deps): void {
  // The roles on offer are what the modules declare (agency-scoped), not a list of identity's.
  const offered = () => agencyRoles(app.tambo.modules);
  const rolesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    agencyCode: string | undefined,
    form: { values?: { documentType: string; documentNumber: string; role: string }; errors?: FormErrors; done?: string } = {},
  ) => {
    const agencies = await manageableAgencies(deps, staff);
    const agency: Agency = agencies.find((a) => a.code === agencyCode) ?? agencies[0]!;
    const rows = await listAgencyRoles(deps, staff, agency.code);
    const errors = form.errors ?? {};
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleWithErrors(request, request.t('identity.roles.heading'), errors),
      body: (
        <RolesPage
          agencies={agencies}
          agency={agency}
          rows={rows}
          roles={offered()}
          roleLabelKeys={roleLabelKeys(app.tambo.modules)}
          documentTypes={documentTypes(deps, request)}
          values={form.values ?? { documentType: deps.country.identityDocuments[0]?.code ?? '', documentNumber: '', role: '' }}
          errors={errors}
          done={form.done}
        />
      ),
    });
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
}
