// Public surface of the administration of boundaries and layers.
export { cartographyModule } from './module.ts';
