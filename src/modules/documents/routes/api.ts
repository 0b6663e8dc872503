// POST /api/v1/documents/verify: what the verification page says, for machines. By code or
// by the file itself; rate-limited per address (codes are 100 random bits, and a wrong one
// answers exactly like any other unknown one).
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { AppError } from '../../../platform/errors.ts';
import { decodeBase64 } from '../../../platform/files/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { VerificationSchema, VerifyBodySchema, toVerificationJson } from '../documents.schemas.ts';
import { verifyByCode, verifyFile } from '../documents.service.ts';

export const VERIFY_RATE_LIMIT = { max: 30, timeWindow: 60_000 };

export function registerDocumentsApi(app: TamboApp, deps: Deps): void {
  app.addSchema(VerificationSchema);
  app.post(
    '/api/v1/documents/verify',
    {
      bodyLimit: 15_000_000,
      config: { csrf: false, rateLimit: VERIFY_RATE_LIMIT },
      schema: {
        tags: ['documents'],
        operationId: 'verifyDocument',
        'x-errors': ['DOCUMENTS_CODE_OR_FILE'],
        summary: 'Verify a signed document by its code or by its file',
        description:
          'Give `code` (printed on the document and in its QR address) or `content` (the PDF, base64), not both. By code: the document this platform issued under it, with its signature checked again; an unknown code is 404 `DOCUMENTS_NOT_FOUND`. By file: whether it is exactly a document this platform issued (`issued_by_tambo`) and whether its PAdES signature is valid, whoever signed it, and whether the chain reaches the trusted root. `status` is `revoked` when the agency revoked the document or the signing certificate was revoked before the signature. At most 30 requests a minute per address (429 `RATE_LIMITED`).',
        body: VerifyBodySchema,
        response: { 200: { $ref: 'DocumentVerification' } },
      },
    },
    async (request) => {
      const { code, content } = request.body;
      if ((code === undefined) === (content === undefined)) {
        throw new AppError('DOCUMENTS_CODE_OR_FILE', { fields: [{ field: '/code', messageKey: 'documents.errors.codeOrFile' }] });
      }
      if (code !== undefined) return toVerificationJson(await verifyByCode(deps, code), true);
      const bytes = decodeBase64(content!);
      if (!bytes?.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new AppError('DOCUMENTS_NOT_A_PDF', { fields: [{ field: '/content', messageKey: 'documents.errors.notPdf' }] });
      const result = await verifyFile(deps, bytes!);
      return toVerificationJson(result, result.document !== null);
    },
  );
}
