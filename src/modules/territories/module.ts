import { defineModule } from '../../platform/module.ts';
import { seedDemoBoundaries } from './boundary.seed.ts';
import { registerTerritoryApi } from './routes/api.ts';
import { registerTerritoryPages } from './routes/pages.tsx';
import { seedTerritories } from './territory.service.ts';

export const territoriesModule = defineModule({
  name: 'territories',
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    TERRITORY_NOT_FOUND: { status: 404, title: 'No territorial unit has this code' },
    TERRITORY_LAYER_NOT_FOUND: { status: 404, title: 'No territorial layer has this code' },
  },
  routes: (app, deps) => {
    registerTerritoryApi(app, deps);
    registerTerritoryPages(app, deps);
  },
  seed: async (deps) => {
    await seedTerritories(deps);
    await seedDemoBoundaries(deps);
  },
});
