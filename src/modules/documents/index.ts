// Public surface of signed documents (Documentos electrónicos).
export { documentsModule } from './module.ts';
/** Use cases measured by bench/documents.ts. */
export { issueCaseDocument, verifyByCode } from './documents.service.ts';
/** Signed documents for other modules (payment receipts, mailbox notices): issue once per source key, then deliver to the mailbox. */
export { type DocumentRequest, deliverDocument, issueDocument } from './documents.service.ts';
/** A document issued for a source key with its file (a paper certificate to print). */
export { getSourceDocumentFile } from './documents.service.ts';
export type { IssuedDocument } from './documents.types.ts';
