import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../agency.service.ts';
import { AgencyDirectory } from '../views/agency.views.tsx';

export function registerAgencyPages(app: TamboApp, deps: Deps): void {
  app.get('/instituciones', async (request, reply) => {
    const agencies = await listAgencies(deps);
    return reply.page({
      title: request.t('agencies.directory.title'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <AgencyDirectory agencies={agencies} />,
    });
  });
}
