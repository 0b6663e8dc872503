// Public surface of Open311 GeoReport v2.
export { open311Module } from './module.ts';
export { DEMO_API_KEY, type ApiKey } from './api-key.types.ts';
