import { defineModule } from '../../platform/module.ts';
import { agencyCache, seedAgencies } from './agency.service.ts';
import { seedOffices } from './office.service.ts';
import { registerAgencyApi } from './routes/api.ts';
import { registerAgencyPages } from './routes/pages.tsx';

export const agenciesModule = defineModule({
  name: 'agencies',
  dependsOn: ['territories'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    AGENCY_NOT_FOUND: { status: 404, title: 'No agency has this code' },
  },
  routes: (app, deps) => {
    // Agencies are read from a cache the bus keeps true in every process (agency.service.ts).
    agencyCache.listen(deps.bus);
    registerAgencyApi(app, deps);
    registerAgencyPages(app, deps);
  },
  seed: async (deps) => {
    await seedAgencies(deps);
    await seedOffices(deps);
  },
  nav: [{ href: '/instituciones', labelKey: 'agencies.nav' }],
});
