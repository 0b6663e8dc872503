import { defineModule } from '../../platform/module.ts';
import { registerPortalPages } from './routes/pages.tsx';

export const portalModule = defineModule({
  name: 'portal',
  locales: new URL('./locales/', import.meta.url),
  routes: (app) => registerPortalPages(app),
});
