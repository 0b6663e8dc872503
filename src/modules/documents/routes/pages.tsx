// Pages: "Mis documentos" (signed-in), the public verification (/verificar: by code, by the
// QR address, by uploading the file) and the agency's documents with revocation.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { getMyDocumentFile, listAgencyDocuments, listMyDocuments, revokeIssuedDocument, verifyByCode, verifyFile } from '../documents.service.ts';
import { AgencyDocumentsPage, MyDocumentsPage, VerificationPage, VerifyPage, type VerifyFormState } from '../views/documents.views.tsx';
import { VERIFY_RATE_LIMIT } from './api.ts';

const MAX_UPLOAD = 10 * 1024 * 1024;

const pdfHeaders = (reply: FastifyReply, filename: string) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'private, no-store');

export function registerDocumentsPages(app: TamboApp, deps: Deps): void {
  const home = (request: FastifyRequest) => ({ href: '/', label: request.t('portal.home.breadcrumb') });
  const verifyForm = (request: FastifyRequest, reply: FastifyReply, state: VerifyFormState, status = 200) =>
    reply.page({ title: request.t('documents.verify.heading'), status, breadcrumbs: [home(request)], body: <VerifyPage {...state} /> });
  const rateLimit = { rateLimit: VERIFY_RATE_LIMIT };

  app.get('/mis-documentos', async (request, reply) => {
    const { account } = requireSignedIn(request);
    return reply.page({
      title: request.t('documents.mine.heading'),
      breadcrumbs: [home(request)],
      body: <MyDocumentsPage documents={await listMyDocuments(deps, account.id)} retentionYears={deps.country.documentRetentionYears} />,
    });
  });

  app.get('/mis-documentos/:id/documento.pdf', { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const { document, content } = await getMyDocumentFile(deps, account.id, request.params.id);
    return pdfHeaders(reply, `${document.number}.pdf`).send(content);
  });

  app.get('/verificar', { config: rateLimit }, (request, reply) => verifyForm(request, reply, {}));

  // The code form (GET, so it works without JavaScript and from a typed address).
  app.get('/verificar/codigo', { config: rateLimit, schema: { querystring: Type.Object({ codigo: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (request, reply) => {
    const typed = (request.query.codigo ?? '').trim();
    if (!typed) return verifyForm(request, reply, { code: typed, errors: { codigo: request.t('documents.errors.codeMissing') } }, 400);
    return reply.redirect(`/verificar/${encodeURIComponent(typed.replace(/[\s-]/g, '').toUpperCase())}`, 303);
  });

  app.get('/verificar/:code', { config: rateLimit, schema: { params: Type.Object({ code: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
    try {
      const result = await verifyByCode(deps, request.params.code);
      return reply.page({
        title: request.t('documents.result.heading'),
        breadcrumbs: [home(request), { href: '/verificar', label: request.t('documents.verify.heading') }],
        body: <VerificationPage status={result.status} document={result.document} signature={result.signature} download={`/verificar/${result.document.verificationCode}/documento.pdf`} />,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'DOCUMENTS_NOT_FOUND') throw error;
      return verifyForm(request, reply, { code: request.params.code, errors: { codigo: request.t('documents.errors.codeUnknown') } }, 404);
    }
  });

  app.get('/verificar/:code/documento.pdf', { config: rateLimit, schema: { params: Type.Object({ code: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
    const { document, content } = await verifyByCode(deps, request.params.code);
    return pdfHeaders(reply, `${document.number}.pdf`).send(content);
  });

  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_UPLOAD, maxFiles: 1, allowed: ['application/pdf'] });
    multipart.post('/verificar', { config: rateLimit, schema: { hide: true } }, async (request, reply) => {
      let file: Uint8Array | undefined;
      try {
        file = readMultipartForm(request).files.archivo?.[0]?.bytes;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return verifyForm(request, reply, { errors: { archivo: request.t('documents.errors.notPdf') } }, 400);
      }
      if (!file) return verifyForm(request, reply, { errors: { archivo: request.t('documents.errors.fileMissing') } }, 400);
      const result = await verifyFile(deps, Buffer.from(file));
      return reply.page({
        title: request.t('documents.result.heading'),
        breadcrumbs: [home(request), { href: '/verificar', label: request.t('documents.verify.heading') }],
        body: <VerificationPage status={result.status} document={result.document} signature={result.signature} byFile />,
      });
    });
  });

  const agencyPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { revoked?: string; errors?: Record<string, string>; values?: { number?: string; reason?: string } } = {},
    status = 200,
  ) => {
    const { account } = requireSignedIn(request);
    return reply.page({
      title: request.t('documents.agency.heading'),
      status,
      breadcrumbs: [home(request)],
      body: <AgencyDocumentsPage documents={await listAgencyDocuments(deps, account)} {...extra} />,
    });
  };

  app.get('/gestion/documentos', { schema: { querystring: Type.Object({ revocado: Type.Optional(Type.String({ maxLength: 40 })) }) } }, (request, reply) =>
    agencyPage(request, reply, { revoked: request.query.revocado }),
  );

  app.post(
    '/gestion/documentos/revocar',
    { schema: { body: Type.Object({ number: Type.Optional(Type.String({ maxLength: 40 })), reason: Type.Optional(Type.String({ maxLength: 2000 })), _csrf: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      const values = { number: (request.body.number ?? '').trim(), reason: request.body.reason ?? '' };
      try {
        const revoked = await revokeIssuedDocument(deps, account, values.number, values.reason, request.id);
        return reply.redirect(`/gestion/documentos?revocado=${encodeURIComponent(revoked.number)}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const errors: Record<string, string> =
          error.code === 'DOCUMENTS_REASON_REQUIRED'
            ? { reason: request.t('documents.errors.reason') }
            : { number: request.t(error.code === 'DOCUMENTS_ALREADY_REVOKED' ? 'documents.errors.alreadyRevoked' : 'documents.errors.numberUnknown') };
        return agencyPage(request, reply, { errors, values }, 400);
      }
    },
  );
}
