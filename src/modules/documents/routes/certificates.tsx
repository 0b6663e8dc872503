// The platform administrators' page of the agencies' signing certificates
// (/gestion/documentos/certificados): the list, and the revocation of one with an RFC 5280
// reason and the time from which it is revoked (audited by the signing service). The CRL,
// the OCSP responder and verification then say revoked for everything it signed from then.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole } from '../../../platform/contract/roles.ts';
import { instantAt } from '../../../platform/country/zoned.ts';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { REVOCATION_REASONS, type RevocationReason, signingService } from '../../../platform/signing/index.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { CertificatesPage, type CertificateFormValues } from '../views/certificates.views.tsx';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** The revocation time typed in the country's time zone (date and HH:MM, seconds optional), or now when both are empty. */
function revocationTime(deps: Deps, values: CertificateFormValues, notBefore: Date): { at?: Date; errors: Record<string, string> } {
  const date = values.date.trim();
  const time = values.time.trim();
  if (!date && !time) return { at: new Date(), errors: {} };
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return { errors: { date: 'documents.certificates.errors.date' } };
  if (!TIME.test(time)) return { errors: { time: 'documents.certificates.errors.time' } };
  const [hours, minutes, seconds = 0] = time.split(':').map(Number) as [number, number, number?];
  const at = instantAt(deps.country.timeZone, date, ((hours * 60 + minutes) * 60 + seconds) * 1000);
  if (at.getTime() > Date.now() + 60_000) return { errors: { date: 'documents.certificates.errors.future' } };
  if (at < notBefore) return { errors: { date: 'documents.certificates.errors.beforeIssue' } };
  return { at, errors: {} };
}

export function registerCertificatePages(app: TamboApp, deps: Deps): void {
  const requireAdmin = async (request: FastifyRequest) => {
    const { account } = requireSignedIn(request);
    if (!hasRole(roleGrantsOf(account, await getRoles(deps, account.id)), { role: 'platform_admin' })) throw new AppError('FORBIDDEN');
    return account;
  };
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { revoked?: string; errors?: Record<string, string>; values?: CertificateFormValues } = {}, status = 200) =>
    reply.page({
      title: request.t('documents.certificates.heading'),
      status,
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <CertificatesPage certificates={await signingService(deps).agencyCertificates()} {...extra} />,
    });

  app.get('/gestion/documentos/certificados', { schema: { querystring: Type.Object({ revocado: Type.Optional(Type.String({ maxLength: 64 })) }) } }, async (request, reply) => {
    await requireAdmin(request);
    return page(request, reply, { revoked: request.query.revocado });
  });

  const field = Type.Optional(Type.String({ maxLength: 100 }));
  app.post(
    '/gestion/documentos/certificados/revocar',
    { schema: { body: Type.Object({ serial: field, reason: field, date: field, time: field, _csrf: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const account = await requireAdmin(request);
      const values: CertificateFormValues = {
        serial: (request.body.serial ?? '').trim().toLowerCase(),
        reason: request.body.reason ?? '',
        date: request.body.date ?? '',
        time: request.body.time ?? '',
      };
      const service = signingService(deps);
      const certificate = (await service.agencyCertificates()).find((c) => c.serial === values.serial);
      const errors: Record<string, string> = {};
      if (!certificate) errors.serial = 'documents.certificates.errors.serial';
      else if (certificate.revokedAt) errors.serial = 'documents.certificates.errors.alreadyRevoked';
      if (!(values.reason in REVOCATION_REASONS)) errors.reason = 'documents.certificates.errors.reason';
      const when = certificate ? revocationTime(deps, values, certificate.notBefore) : { errors: {} };
      Object.assign(errors, when.errors);
      let outcome: Awaited<ReturnType<typeof service.revokeCertificate>> | undefined;
      if (Object.keys(errors).length === 0 && when.at) {
        outcome = await service.revokeCertificate({ serial: values.serial, reason: values.reason as RevocationReason, at: when.at }, account, request.id);
        if (outcome !== 'revoked') errors.serial = outcome === 'already_revoked' ? 'documents.certificates.errors.alreadyRevoked' : 'documents.certificates.errors.serial';
      }
      if (outcome === 'revoked') return reply.redirect(`/gestion/documentos/certificados?revocado=${encodeURIComponent(values.serial)}`, 303);
      const messages = Object.fromEntries(Object.entries(errors).map(([name, key]) => [name, request.t(key)]));
      return page(request, reply, { errors: messages, values }, 400);
    },
  );
}
