// cartography: the administration of territorial boundaries and layers: a page under /admin and an API for
// platform administrators. It is a module of its own because the territories module comes
// before identity (which needs territories through agencies) and so cannot ask who is signed in;
// the rules and the import itself are the territories module's (`importBoundaries`, `importLayer`).
import { defineModule } from '../../platform/module.ts';
import { registerTerritoriesAdminPage } from './routes/admin.tsx';
import { registerTerritoriesAdminApi } from './routes/api.ts';
import { ADMIN_PATH } from './views/admin.views.tsx';

export const cartographyModule = defineModule({
  name: 'cartography',
  dependsOn: ['territories', 'identity'],
  locales: new URL('./locales/', import.meta.url),
  routes: (app, deps) => {
    registerTerritoriesAdminApi(app, deps);
    registerTerritoriesAdminPage(app, deps);
  },
  adminLinks: [{ href: ADMIN_PATH, labelKey: 'cartography.title', textKey: 'cartography.homeText', audience: 'platformAdmin' }],
});
