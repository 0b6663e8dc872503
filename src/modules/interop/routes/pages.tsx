// Pages of the exchange: the public interoperability catalog.
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { catalog, serviceId } from '../interop.service.ts';
import { instanceOf } from '../interop.types.ts';
import { CatalogPage } from '../views/catalog.views.tsx';

export function registerInteropPages(app: TamboApp, deps: Deps): void {
  app.get('/interoperabilidad', async (request, reply) => {
    const services = (await catalog(deps)).map((s) => ({ ...s, id: serviceId(deps, s), producer: s.memberCode }));
    return reply.page({
      title: request.t('interop.catalog.heading'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <CatalogPage services={services} instance={instanceOf(deps.country.code)} />,
    });
  });
}
