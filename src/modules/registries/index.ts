// Public surface of public registries (personas, unidades_economicas, territorios).
export { registriesModule } from './module.ts';
/** A read by an agency's system as the APIs make it (grant checked, read logged): measured by bench/registries.ts. */
export { readRegistryRecordAsClient } from './registry.service.ts';
/** Empresa digital for other modules: the units a person represents, and the one they act for in this session (state procurement). */
export { unitsRepresentedBy } from './registry.service.ts';
export { actingFor } from './routes/empresa.tsx';
