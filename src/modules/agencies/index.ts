// Public surface of the agencies directory.
export { agenciesModule } from './module.ts';
export { agencyHistory, getAgency, listAgencies, saveAgency, type AgencyInput } from './agency.service.ts';
export { AGENCY_LEVELS, LEVEL_GROUPS, levelGroupOf } from './agency.types.ts';
export { officeHoursText } from './office-hours.ts';
export { findOfficesByCode, listOffices, saveOffice, type OfficeInput } from './office.service.ts';
export type { Agency, AgencyKind, AgencyLevel, AgencyVersion, LevelGroup, Office, OfficeOpening } from './agency.types.ts';
export { getTenant, listTenants, onboardTenant, type TenantActor } from './tenant.service.ts';
export { canBeTenant, type Tenant } from './agency.types.ts';
