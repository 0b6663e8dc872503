import { defineModule } from '../../platform/module.ts';
import { registerPortalPages } from './routes/pages.tsx';

// The front door reads the catalog, the agencies and the reports through their index.ts,
// so the portal comes after them in src/modules.ts.
export const portalModule = defineModule({
  name: 'portal',
  dependsOn: ['agencies', 'catalog', 'reports', 'cases', 'identity'],
  locales: new URL('./locales/', import.meta.url),
  routes: (app, deps) => registerPortalPages(app, deps),
  // Staff find their work: shown in the navigation only to people with a role.
  nav: [{ href: '/trabajo', labelKey: 'portal.staff.nav', audience: 'staff' }],
});
