// Public surface of the marketplace (docs/marketplace.md).
export { marketplaceModule } from './module.ts';
