// Public surface of the administration of boundaries and layers, and of the social map.
export { cartographyModule } from './module.ts';
