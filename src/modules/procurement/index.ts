// Public surface of state procurement (Compras estatales, docs/procurement.md).
export { procurementModule } from './module.ts';
/** Use cases measured by bench/run.ts (offers accepted per second). */
export { publishTenderAs, submitOffer } from './procurement.service.ts';
