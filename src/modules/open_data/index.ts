// Public surface of the open-data catalog.
export { openDataModule } from './module.ts';
