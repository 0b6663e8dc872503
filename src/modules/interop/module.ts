// The exchange (Interoperabilidad, issue #17; docs/interoperability.md): agencies' subsystems
// (OAuth clients of the provider) publish services in the interoperability catalog, grant access
// per service and endpoint, and call each other through `/r1/{INSTANCE}/{CLASS}/{MEMBER}/…`;
// every call is logged by its hashes, and the log is signed and timestamped in batches.
import { defineModule } from '../../platform/module.ts';
import { INTEROP_SCOPES } from './interop.types.ts';
import { interopStats } from './interop.stats.ts';
import { catalogRows } from './interop.service.ts';
import { sealPendingBatches } from './message-log.service.ts';
import { registerInteropApi } from './routes/api.ts';
import { registerExchange } from './routes/exchange.ts';
import { registerInteropPages } from './routes/pages.tsx';
import { listenInteropCaches } from './interop.service.ts';
import { interopPersonalData } from './agency-call.service.ts';
import { seedInterop } from './demo.ts';

export const interopModule = defineModule({
  name: 'interop',
  dependsOn: ['agencies', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    INTEROP_UNKNOWN_CLIENT: { status: 403, title: 'The calling client is not a registered subsystem, or X-Road-Client names another one' },
    INTEROP_BAD_CLIENT_HEADER: { status: 400, title: 'X-Road-Client must be INSTANCE/CLASS/MEMBER/SUBSYSTEM' },
    INTEROP_UNKNOWN_SERVICE: { status: 404, title: 'No such service is published in this instance' },
    INTEROP_ACCESS_DENIED: { status: 403, title: 'The producer has not granted this client access to this service and endpoint' },
    INTEROP_DUPLICATE_ID: { status: 409, title: 'This client already sent a message with this X-Road-Id' },
    INTEROP_SERVICE_FAILED: { status: 502, title: 'The producer did not answer' },
    INTEROP_SUBSYSTEM_TAKEN: { status: 409, title: 'This subsystem code is held by another client of the agency' },
    INTEROP_NOT_FOUND: { status: 404, title: 'No such message, or not of your subsystem' },
  },
  scopes: [
    { name: INTEROP_SCOPES.call, descriptionKey: 'interop.contract.scope.call', holders: ['system'] },
    { name: INTEROP_SCOPES.manage, descriptionKey: 'interop.contract.scope.manage', holders: ['system'] },
  ],
  stats: interopStats,
  personalData: interopPersonalData,
  openData: [
    {
      id: 'services',
      titleKey: 'interop.contract.openData.services',
      descriptionKey: 'interop.contract.openData.servicesDescription',
      refresh: 'live',
      schema: {
        type: 'object',
        properties: {
          service: { type: 'string', description: 'INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE' },
          title: { type: 'string' },
          producer: { type: 'string' },
          legal_basis: { type: 'string' },
          classification: { type: 'string' },
          conditions: { type: 'string' },
          published_at: { type: 'string', format: 'date-time' },
        },
      },
      rows: catalogRows,
    },
  ],
  routes: (app, deps) => {
    listenInteropCaches(deps);
    registerExchange(app, deps);
    registerInteropApi(app, deps);
    registerInteropPages(app, deps);
  },
  seed: seedInterop,
  nav: [{ href: '/gestion/interoperabilidad', labelKey: 'interop.nav.manage', audience: 'staff' }],
  jobs: { seal: async (_payload, deps) => void (await sealPendingBatches(deps)) },
  schedule: { seal: '* * * * *' },
});
