// Public surface of public registries (personas, unidades_economicas, territorios).
export { registriesModule } from './module.ts';
