// Public surface of transparency (docs/transparency.md).
export { transparencyModule } from './module.ts';
/** The CGII hands a personal-data breach over: the people affected are notified in their mailbox (or listed for post). */
export { recordBreach, type BreachInput, type BreachResult } from './breach.service.ts';
/** The observatory's figures: the 001 goal, requests answered in legal time, compliance by entity level. */
export { transparencyFigures, type TransparencyFigures } from './figures.service.ts';
