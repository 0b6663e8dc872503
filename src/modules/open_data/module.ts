// open_data: the catalog of open datasets (CKAN's Action API and DataStore, DCAT-AP 3, the
// /datos pages) and the platform's own publications (docs/open-data.md).
import { defineModule } from '../../platform/module.ts';
import { publishPlatformDatasets } from './publish.service.ts';
import { registerCkanApi } from './routes/ckan-api.ts';
import { registerDcat } from './routes/dcat.ts';
import { registerDownloads } from './routes/downloads.ts';
import { registerOpenDataPages } from './routes/pages.tsx';
import { registerUploadPages } from './routes/upload.pages.tsx';
import { seedOpenData } from './seed.service.ts';

export const openDataModule = defineModule({
  name: 'open_data',
  dependsOn: ['territories', 'agencies', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    OPEN_DATA_NOT_FOUND: { status: 404, title: 'No dataset or resource has this name or id' },
  },
  routes: (app, deps) => {
    registerCkanApi(app, deps);
    registerDcat(app, deps);
    registerDownloads(app, deps);
    registerOpenDataPages(app, deps);
    registerUploadPages(app, deps);
  },
  jobs: {
    publish_platform: async (_payload, deps) => void (await publishPlatformDatasets(deps)),
  },
  // Every hour at :07 (statistics are live; the snapshot keeps their history).
  schedule: { publish_platform: '7 * * * *' },
  eventHandlers: {
    'catalog.procedure_published': { snapshot: async (_event, deps) => void (await publishPlatformDatasets(deps)) },
    'agencies.agency_saved': { snapshot: async (_event, deps) => void (await publishPlatformDatasets(deps)) },
  },
  seed: (deps) => seedOpenData(deps),
  nav: [{ href: '/datos', labelKey: 'open_data.nav' }],
});
