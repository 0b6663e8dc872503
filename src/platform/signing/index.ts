// The platform's signing service (docs/signed-documents.md): PAdES signatures by agencies'
// certificates, a local timestamping authority, verification of signed PDFs.
export { type PdfVerification, type SignerSummary, type SigningAgency, type SigningService, signingService } from './signing.ts';
export { readPdfSignature } from './pdf.ts';
export { registerPkiRoutes } from './routes.ts';
export { REVOCATION_REASONS, type RevocationReason } from './ocsp.ts';
export { Pkcs12Error, type Pkcs12Problem } from './pkcs12.ts';
export { Pkcs11Error, type Pkcs11Problem } from './pkcs11.ts';
