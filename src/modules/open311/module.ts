import { defineModule } from '../../platform/module.ts';
import { apiKeyCache, seedDemoApiKey } from './api-key.service.ts';
import { registerOpen311Admin } from './routes/admin.tsx';
import { registerGeoReport } from './routes/georeport.ts';
import { ADMIN_PATH } from './views/admin.views.tsx';

export const open311Module = defineModule({
  name: 'open311',
  dependsOn: ['territories', 'agencies', 'identity', 'reports'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    OPEN311_INVALID_API_KEY: { status: 403, title: 'The api_key is missing, unknown or revoked' },
    OPEN311_JURISDICTION_NOT_FOUND: { status: 404, title: 'The jurisdiction_id is neither the country nor a territory code' },
    OPEN311_SERVICE_NOT_FOUND: { status: 404, title: 'No service has this service_code' },
    OPEN311_REQUEST_NOT_FOUND: { status: 404, title: 'No service request has this id' },
    OPEN311_TOKEN_NOT_FOUND: { status: 404, title: 'No service request has this token' },
    OPEN311_API_KEY_NOT_FOUND: { status: 404, title: 'No Open311 API key has this id' },
  },
  routes: async (app, deps) => {
    // API keys are read from a cache the bus keeps true in every process (api-key.service.ts).
    apiKeyCache.listen(deps.bus);
    await registerGeoReport(app, deps);
    registerOpen311Admin(app, deps);
  },
  seed: (deps) => seedDemoApiKey(deps),
  // Listed on identity's administration home for platform administrators.
  adminLinks: [{ href: ADMIN_PATH, labelKey: 'open311.admin.title', textKey: 'open311.admin.homeText', audience: 'platformAdmin' }],
});
