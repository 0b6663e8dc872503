// The publisher's CSV upload (docs/open-data.md, "Publishing a CSV"): GET the form, POST the
// file (multipart) to get the check's report or its problems, POST "Publicar" to publish.
// Only for accounts holding the publisher (or agency administrator) role in an agency.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { checkUpload, checkUploadFields, publishingAgencies, publishUpload, type UploadFields } from '../upload.service.ts';
import { PUBLISH_PATH, UPLOAD_PATH, UploadPage, UploadReportPage } from '../views/upload.views.tsx';

const MAX_CSV_BYTES = 10 * 1024 * 1024;

const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');

function fieldsOf(body: Record<string, unknown>): UploadFields {
  return { agency: text(body.institucion), title: text(body.titulo), notes: text(body.descripcion), licenseId: text(body.licencia), contactEmail: text(body.contacto) };
}

export function registerUploadPages(root: TamboApp, deps: Deps): void {
  const breadcrumbs = (request: FastifyRequest) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    { href: '/datos', label: request.t('open_data.nav') },
  ];
  const publisher = async (request: FastifyRequest) => {
    const { account } = requireSignedIn(request);
    const agencies = await publishingAgencies(deps, account.id);
    if (agencies.length === 0) throw new AppError('FORBIDDEN');
    return { accountId: account.id, agencies };
  };
  const messages = (request: FastifyRequest, problems: Array<{ field: string; messageKey: string }>) => Object.fromEntries(problems.map((p) => [p.field, request.t(p.messageKey)]));
  const form = (request: FastifyRequest, reply: FastifyReply, props: Parameters<typeof UploadPage>[0], status = 200) =>
    reply.page({ status, title: request.t('open_data.upload.heading'), breadcrumbs: breadcrumbs(request), body: <UploadPage {...props} /> });

  root.get(UPLOAD_PATH, { schema: { hide: true } }, async (request, reply) => {
    const { agencies } = await publisher(request);
    return form(request, reply, { agencies, fields: { agency: agencies[0] } });
  });

  root.post(PUBLISH_PATH, { schema: { hide: true } }, async (request, reply) => {
    const { accountId, agencies } = await publisher(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const fields = fieldsOf(body);
    try {
      const { name } = await publishUpload(deps, accountId, fields, text(body.archivo), request.id);
      return reply.redirect(`/datos/${name}`, 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return form(request, reply, { agencies, fields, errors: messages(request, error.fields) }, 400);
    }
  });

  void root.register(async (scoped) => {
    const app = scoped as unknown as TamboApp;
    registerMultipart(app, { maxFileBytes: MAX_CSV_BYTES, maxFiles: 1, allowed: ['text/csv'] });
    app.post(UPLOAD_PATH, { schema: { hide: true } }, async (request, reply) => {
      const { agencies } = await publisher(request);
      let upload: ReturnType<typeof readMultipartForm>;
      try {
        upload = readMultipartForm(request);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const fields = fieldsOf((request.body ?? {}) as Record<string, unknown>);
        return form(request, reply, { agencies, fields, errors: { archivo: request.t('open_data.upload.errors.notCsv') } }, 400);
      }
      const fields = fieldsOf(upload.fields);
      const errors = messages(request, checkUploadFields(fields, agencies));
      const file = upload.files.archivo?.[0];
      if (!file) errors.archivo = request.t('open_data.upload.errors.file');
      if (!file || Object.keys(errors).length > 0) return form(request, reply, { agencies, fields, errors }, 400);
      const { checked, sha256 } = await checkUpload(deps, file.bytes);
      if (!checked.ok) return form(request, reply, { agencies, fields, problems: checked.problems }, 400);
      return reply.page({
        title: request.t('open_data.upload.reportHeading'),
        breadcrumbs: breadcrumbs(request),
        body: <UploadReportPage fields={fields} checked={checked} sha256={sha256} agencies={agencies} />,
      });
    });
  });
}
