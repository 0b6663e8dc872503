// Public surface of the CGII (docs/cgii.md).
export { cgiiModule } from './module.ts';
export { CGII_ANALYST, CGII_CONTACT } from './cgii.types.ts';
