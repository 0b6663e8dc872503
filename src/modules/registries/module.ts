// Public registries (issue #17, docs/registries.md): persons (civil-status facts), economic
// units (NIT/RIF) and territories as one general data model of versioned records, each
// registry owned by an agency; reads by other agencies need a grant and are logged, and a
// person sees each read of their record in "Mi actividad". The GovStack Digital Registries
// API at /govstack/registries/, our own at /api/v1/registries/, and the owners' pages at
// /gestion/registros.
import { defineModule } from '../../platform/module.ts';
import { registriesOpenData } from './open-data.ts';
import { registriesPersonalData } from './personal-data.service.ts';
import { seedRegistries } from './registries.seed.ts';
import { registryStats } from './registries.stats.ts';
import { REGISTRIES_READ, REGISTRIES_WRITE } from './registry.types.ts';
import { registerRegistriesApi } from './routes/api.ts';
import { registerGovstackApi } from './routes/govstack.ts';
import { registerEmpresaPages } from './routes/empresa.tsx';
import { registerUnitMailboxPages } from './routes/unit-mailbox.tsx';
import { registerRegistriesPages } from './routes/pages.tsx';

export const registriesModule = defineModule({
  name: 'registries',
  dependsOn: ['territories', 'agencies', 'identity', 'mailbox'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    REGISTRIES_NOT_FOUND: { status: 404, title: 'No registry has this name and version' },
    REGISTRIES_RECORD_NOT_FOUND: { status: 404, title: 'No record matches in this registry' },
    REGISTRIES_FORBIDDEN: { status: 403, title: 'The caller holds no grant for this registry (reads need registries:read; writes are for the owner agency)' },
    REGISTRIES_INVALID: { status: 400, title: "The record's fields do not follow the registry's schema" },
    REGISTRIES_EXISTS: { status: 409, title: 'A record with this id exists with other content' },
    REGISTRIES_CHANGED: { status: 409, title: 'The record changed meanwhile; read it again and retry' },
    REGISTRIES_READ_ONLY: { status: 405, title: 'This registry is maintained by its own module and read-only here' },
  },
  routes: (app, deps) => {
    registerGovstackApi(app, deps);
    registerRegistriesApi(app, deps);
    registerRegistriesPages(app, deps);
    registerEmpresaPages(app, deps);
    registerUnitMailboxPages(app, deps);
  },
  // Empresa digital: where a signed-in person registers a unit and chooses the one they act for.
  nav: [{ href: '/empresa', labelKey: 'registries.nav.empresa', audience: 'signedIn' }],
  seed: seedRegistries,
  stats: registryStats,
  openData: registriesOpenData,
  personalData: registriesPersonalData,
  // Rights of agencies' systems (client credentials): read any registry; write the owner agency's.
  scopes: [
    { name: REGISTRIES_READ, descriptionKey: 'registries.contract.scope.read', holders: ['system'] },
    { name: REGISTRIES_WRITE, descriptionKey: 'registries.contract.scope.write', holders: ['system'] },
  ],
});
