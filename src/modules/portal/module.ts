import { defineModule } from '../../platform/module.ts';
import { registerPortalPages } from './routes/pages.tsx';
import { registerTranslationPages } from './routes/translations.tsx';
import { TRANSLATOR } from './translations.service.ts';

// The front door reads the catalog, the agencies and the reports through their index.ts,
// so the portal comes after them in src/modules.ts.
export const portalModule = defineModule({
  name: 'portal',
  dependsOn: ['agencies', 'catalog', 'reports', 'cases', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  routes: async (app, deps) => {
    registerPortalPages(app, deps);
    await registerTranslationPages(app, deps);
  },
  // Staff find their work: shown in the navigation only to people with a role.
  nav: [{ href: '/trabajo', labelKey: 'portal.staff.nav', audience: 'staff' }],
  // The country team's reviewers of the draft translations (granted in the agency that runs the portal).
  roles: [{ name: TRANSLATOR, scope: 'agency', labelKey: 'portal.role.translator', hintKey: 'portal.role.translatorHint' }],
});
