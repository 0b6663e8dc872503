// Administration of Ciudadanía Digital, one file per section:
// - agencies' systems: pages for platform administrators (admin-clients.tsx, /admin/clientes)
//   and the JSON API (admin-api.ts, /api/v1/admin/clients);
// - the provider's signing keys (admin-keys.tsx, /admin/llaves);
// - holidays declared by decree (admin-holidays.tsx, /admin/feriados; listed on /admin through `adminLinks`);
// - roles of officials (admin-roles.tsx, /admin/roles, also for agency administrators in their agencies);
// - the registrar's page (admin-registrar.tsx, /registrar): in-person verification and assisted registration;
// and here the administration home (/admin), which lists the areas each person may use.
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { canManageAnyRoles, canManageClients, isPlatformAdmin, isRegistrar } from '../admin.policy.ts';
import { ensureFirstPartyClient } from '../client.service.ts';
import { ADMIN_SCOPE } from '../oidc/provider.ts';
import { AdminHomePage } from '../views/admin.views.tsx';
import { registerAdminApi } from './admin-api.ts';
import { registerClientPages } from './admin-clients.tsx';
import { staffOf } from './admin-common.ts';
import { registerHolidayPages } from './admin-holidays.tsx';
import { registerKeyPages } from './admin-keys.tsx';
import { registerRegistrarPages } from './admin-registrar.tsx';
import { registerRolePages } from './admin-roles.tsx';

/** The first-party public client administrators' tools sign in with (code + PKCE on the loopback). */
export const ADMIN_TOOL_CLIENT_ID = 'tambo-admin';
export const ADMIN_TOOL_REDIRECT_URIS = ['http://127.0.0.1:8765/callback', 'http://localhost:8765/callback'];

export async function registerAdminRoutes(app: TamboApp, deps: Deps): Promise<void> {
  await ensureFirstPartyClient(deps, {
    clientId: ADMIN_TOOL_CLIENT_ID,
    clientSecret: null,
    name: 'Tambo (administración)',
    agencyCode: null,
    redirectUris: ADMIN_TOOL_REDIRECT_URIS,
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: ['openid', ADMIN_SCOPE],
    minimumLevel: 'sustancial',
    sectorIdentifier: null,
    subjectType: 'public',
    requirePar: false,
    purpose: '',
  });
  registerAdminApi(app, deps);

  app.get('/admin', async (request, reply) => {
    const staff = await staffOf(deps, request);
    const can = { canManageClients: canManageClients(staff), canManageRoles: canManageAnyRoles(staff), isRegistrar: isRegistrar(staff) };
    if (!can.canManageClients && !can.canManageRoles && !can.isRegistrar) throw new AppError('FORBIDDEN');
    // Other modules' admin pages, declared in their definitions (`adminLinks`), by audience.
    const moduleAreas = app.tambo.modules
      .flatMap((module) => module.adminLinks ?? [])
      .filter((link) => link.audience === 'platformAdmin' && isPlatformAdmin(staff))
      .map((link) => ({ href: link.href, title: request.t(link.labelKey), text: request.t(link.textKey) }));
    return reply.page({ title: request.t('identity.admin.home.heading'), body: <AdminHomePage {...can} moduleAreas={moduleAreas} /> });
  });

  registerClientPages(app, deps);
  registerKeyPages(app, deps);
  registerHolidayPages(app, deps);
  registerRolePages(app, deps);
  registerRegistrarPages(app, deps);
}
