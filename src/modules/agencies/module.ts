import { defineModule } from '../../platform/module.ts';
import { agencyCache, listAgencies, seedAgencies } from './agency.service.ts';
import { AGENCY_LEVELS, LEVEL_GROUPS, levelGroupOf } from './agency.types.ts';
import { seedOffices } from './office.service.ts';
import { seedTenants } from './tenant.service.ts';
import { registerAgencyApi } from './routes/api.ts';
import { registerAgencyPages } from './routes/pages.tsx';

export const agenciesModule = defineModule({
  name: 'agencies',
  dependsOn: ['territories'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    AGENCY_NOT_FOUND: { status: 404, title: 'No agency has this code' },
    AGENCIES_FORBIDDEN: { status: 403, title: 'Only platform administrators may onboard a subnational government' },
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
    await seedTenants(deps);
  },
  nav: [{ href: '/instituciones', labelKey: 'agencies.nav' }],
  openData: [
    {
      id: 'entities',
      titleKey: 'agencies.contract.dataset.entities',
      descriptionKey: 'agencies.contract.dataset.entitiesDescription',
      refresh: 'live',
      schema: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          name: { type: 'string' },
          acronym: { type: 'string' },
          kind: { type: 'string' },
          level: { type: 'string', enum: [...AGENCY_LEVELS] },
          level_group: { type: 'string', enum: Object.keys(LEVEL_GROUPS) },
          superior_code: { type: ['string', 'null'] },
          territory_code: { type: ['string', 'null'] },
          legal_basis: { type: 'string' },
          contact_email: { type: ['string', 'null'] },
          contact_phone: { type: ['string', 'null'] },
          egov_officer: { type: ['string', 'null'] },
        },
      },
      rows: async (deps) =>
        (await listAgencies(deps)).map((a) => ({
          code: a.code,
          name: a.name,
          acronym: a.acronym,
          kind: a.kind,
          level: a.level,
          level_group: levelGroupOf(a.level),
          superior_code: a.superiorCode,
          territory_code: a.territoryCode,
          legal_basis: a.legalBasis,
          contact_email: a.contactEmail,
          contact_phone: a.contactPhone,
          egov_officer: a.egovOfficer,
        })),
    },
  ],
});
