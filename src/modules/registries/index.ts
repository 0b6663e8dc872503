// Public surface of public registries (personas, unidades_economicas, territorios).
export { registriesModule } from './module.ts';
/** A read by an agency's system as the APIs make it (grant checked, read logged): measured by bench/registries.ts. */
export { readRegistryRecordAsClient } from './registry.service.ts';
/** Once-only prefill (cases): the unit the person acts for, and the session cookie naming the chosen one. */
export { representedUnitKey } from './registry.service.ts';
export { ACTING_FOR_COOKIE } from './routes/empresa.tsx';
/** Empresa digital for other modules: the units a person represents, and the one they act for in this session (state procurement). */
export { unitsRepresentedBy } from './registry.service.ts';
export { actingFor } from './routes/empresa.tsx';
