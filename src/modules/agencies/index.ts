// Public surface of the agencies directory.
export { agenciesModule } from './module.ts';
export { getAgency, listAgencies, saveAgency } from './agency.service.ts';
export { findOfficesByCode, listOffices, saveOffice, type OfficeInput } from './office.service.ts';
export type { Agency, AgencyKind, Office } from './agency.types.ts';
