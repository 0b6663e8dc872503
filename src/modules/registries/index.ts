// Public surface of public registries (personas, unidades_economicas, territorios).
export { registriesModule } from './module.ts';
/** A read by an agency's system as the APIs make it (grant checked, read logged): measured by bench/registries.ts. */
export { readRegistryRecordAsClient } from './registry.service.ts';
/**
 * Empresa digital for other modules: the units a person represents, the one they act for (the
 * session's choice, named by the cookie; the cases prefill falls back to the first unit, state
 * procurement does not).
 */
export { actingFor, economicUnitName, unitsRepresentedBy } from './registry.service.ts';
export { ACTING_FOR_COOKIE } from './routes/empresa.tsx';
/** Official mail (postal): a person's record by document, for the postal address. */
export { findByQuery, getRegistry, seedRecords } from './registry.service.ts';
