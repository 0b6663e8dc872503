// Signed documents (Documentos electrónicos, issue #14; docs/signed-documents.md): an approved
// case gets a PDF certificate signed by its agency (PAdES B-T, the platform's signing service),
// delivered to the person's mailbox and listed in "Mis documentos"; anyone verifies it at
// /verificar (code, QR address, upload) or through POST /api/v1/documents/verify.
import { defineModule } from '../../platform/module.ts';
import { registerPkiRoutes } from '../../platform/signing/index.ts';
import { ARCHIVE_JOB, archiveDueDocuments } from './archive.service.ts';
import { onCaseDecided } from './documents.service.ts';
import { issuePaymentReceipt } from './payment-receipts.ts';
import { documentsPersonalData } from './personal-data.ts';
import { registerDocumentsApi } from './routes/api.ts';
import { registerCertificatePages } from './routes/certificates.tsx';
import { registerDocumentsPages } from './routes/pages.tsx';
import { registerTemplatePages } from './routes/templates.tsx';

export const documentsModule = defineModule({
  name: 'documents',
  dependsOn: ['agencies', 'identity', 'mailbox', 'catalog', 'cases', 'payments'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: [new URL('./locales/', import.meta.url), new URL('./locales/templates/', import.meta.url)],
  errors: {
    DOCUMENTS_NOT_FOUND: { status: 404, title: 'No document with this code or number (or not yours)' },
    DOCUMENTS_CODE_OR_FILE: { status: 400, title: 'Give either a verification code or a file, not both' },
    DOCUMENTS_NOT_A_PDF: { status: 400, title: 'The file is not a PDF' },
    DOCUMENTS_REASON_REQUIRED: { status: 400, title: 'A revocation needs a reason (5 to 1000 characters)' },
    DOCUMENTS_ALREADY_REVOKED: { status: 409, title: 'The document was already revoked' },
    DOCUMENTS_TEMPLATE_INVALID: { status: 422, title: 'A template has an empty or too long text, an unknown placeholder or unbalanced braces' },
  },
  routes: (app, deps) => {
    registerDocumentsApi(app, deps);
    registerDocumentsPages(app, deps);
    registerCertificatePages(app, deps);
    registerTemplatePages(app, deps);
    // The demo PKI's certificates, CRL and timestamping authority (the platform's signing service).
    registerPkiRoutes(app, deps);
  },
  // PAdES B-LTA: archive timestamps before the TSA certificate of a document's newest timestamp expires (archive.service.ts).
  jobs: { [ARCHIVE_JOB]: async (_payload, deps) => void (await archiveDueDocuments(deps)) },
  schedule: { [ARCHIVE_JOB]: '41 3 * * *' },
  eventHandlers: {
    'cases.decided': { issue_certificate: onCaseDecided },
    // A paid order's receipt, as a signed document in the payer's mailbox (payment-receipts.ts).
    'payments.order_paid': { issue_receipt: issuePaymentReceipt },
  },
  // What "Mis datos" shows of the documents issued in the person's name (kept, not erasable).
  personalData: documentsPersonalData,
  nav: [{ href: '/mis-documentos', labelKey: 'documents.nav' }],
  adminLinks: [{ href: '/gestion/documentos/plantillas', labelKey: 'documents.templates.heading', textKey: 'documents.templates.adminText', audience: 'platformAdmin' }],
});
