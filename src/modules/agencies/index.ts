// Public surface of the agencies directory.
export { agenciesModule } from './module.ts';
export { getAgency, listAgencies, saveAgency } from './agency.service.ts';
export type { Agency, AgencyKind } from './agency.types.ts';
