// Public surface of the administration of boundaries and layers.
export { territoriesAdminModule } from './module.ts';
