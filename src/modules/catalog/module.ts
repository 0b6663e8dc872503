import { defineModule } from '../../platform/module.ts';
import { subscribeCatalogCache } from './catalog-cache.ts';
import { seedCatalog } from './procedure.seed.ts';
import { procedureStats } from './procedure.stats.ts';
import { registerCatalogApi } from './routes/api.ts';
import { registerCatalogBackOffice } from './routes/backoffice.tsx';
import { registerCatalogPages } from './routes/pages.tsx';
import { registerSimplificationApi } from './routes/simplification-api.ts';

export const catalogModule = defineModule({
  name: 'catalog',
  dependsOn: ['agencies', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    CATALOG_PROCEDURE_NOT_FOUND: { status: 404, title: 'No published procedure has this address' },
    CATALOG_NOT_PUBLISHER: { status: 403, title: 'Only a publisher of the agency may change its procedures' },
    CATALOG_NO_DRAFT: { status: 409, title: 'The procedure has no draft version to publish' },
    CATALOG_NOT_PUBLISHED: { status: 409, title: 'The procedure is not published' },
  },
  routes: (app, deps) => {
    // Published procedures and searches are cached per process; changes announce themselves on the bus.
    const unsubscribe = subscribeCatalogCache(deps.bus);
    app.addHook('onClose', async () => unsubscribe());
    registerCatalogApi(app, deps);
    registerCatalogPages(app, deps);
    registerCatalogBackOffice(app, deps);
    registerSimplificationApi(app, deps);
  },
  seed: (deps) => seedCatalog(deps),
  nav: [{ href: '/tramites', labelKey: 'catalog.nav' }],
  stats: procedureStats,
});
