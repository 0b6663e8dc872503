// Public surface of communal justice of peace (docs/peace-justice.md).
export { peaceJusticeModule } from './module.ts';
export { JUSTICE_ROLE } from './peace-justice.types.ts';
