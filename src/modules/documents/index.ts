// Public surface of signed documents (Documentos electrónicos).
export { documentsModule } from './module.ts';
/** Use cases measured by bench/documents.ts. */
export { issueCaseDocument, verifyByCode } from './documents.service.ts';
