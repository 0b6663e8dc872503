export { portalModule } from './module.ts';
