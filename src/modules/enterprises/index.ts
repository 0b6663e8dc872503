// Public surface of the enterprises' tools (Emprendedores).
export { enterprisesModule } from './module.ts';
/** The tax authority's adapter contract and its sandbox, for a country's own adapter. */
export { type FiscalAnswer, type FiscalAuthority, type InvoiceRequest, sandboxAuthority } from './fiscal.ts';
export { useFiscalAuthority } from './enterprises.service.ts';
