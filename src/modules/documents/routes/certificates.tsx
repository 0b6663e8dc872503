// The platform administrators' page of the agencies' signing certificates
// (/gestion/documentos/certificados): the list, and the revocation of one with an RFC 5280
// reason and the time from which it is revoked (audited by the signing service). The CRL,
// the OCSP responder and verification then say revoked for everything it signed from then.
// And the import of an agency's certificate and key from a PKCS#12 file (.p12/.pfx) with its
// password (multipart; the password is never shown back nor logged; the file never stored).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole } from '../../../platform/contract/roles.ts';
import { instantAt } from '../../../platform/country/zoned.ts';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import { Pkcs11Error, type Pkcs11Problem, Pkcs12Error, type Pkcs12Problem, REVOCATION_REASONS, type RevocationReason, signingService } from '../../../platform/signing/index.ts';
import { getAgency, listAgencies } from '../../agencies/index.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { CertificatesPage, type CertificateFormValues, type ImportFormValues, MAX_PKCS12_KB, type TokenFormValues } from '../views/certificates.views.tsx';

const MAX_PKCS12 = MAX_PKCS12_KB * 1024;
/** The import form's field each PKCS#12 problem is shown next to, and its message. */
const PKCS12_ERRORS: Record<Pkcs12Problem, { field: 'archivo' | 'clave'; key: string }> = {
  bad_file: { field: 'archivo', key: 'documents.certificates.import.errors.notPkcs12' },
  bad_password: { field: 'clave', key: 'documents.certificates.import.errors.password' },
  no_key: { field: 'archivo', key: 'documents.certificates.import.errors.noKey' },
  no_certificate: { field: 'archivo', key: 'documents.certificates.import.errors.noCertificate' },
  key_mismatch: { field: 'archivo', key: 'documents.certificates.import.errors.keyMismatch' },
  expired: { field: 'archivo', key: 'documents.certificates.import.errors.expired' },
  not_for_signing: { field: 'archivo', key: 'documents.certificates.import.errors.notForSigning' },
  untrusted_chain: { field: 'archivo', key: 'documents.certificates.import.errors.untrusted' },
  already_imported: { field: 'archivo', key: 'documents.certificates.import.errors.alreadyImported' },
};

/** The PKCS#11 form's messages (all at the key id: the token's configuration is not a field). */
const PKCS11_ERRORS: Record<Pkcs11Problem, string> = {
  not_configured: 'documents.certificates.token.errors.notConfigured',
  pin_incorrect: 'documents.certificates.token.errors.pin',
  token_not_found: 'documents.certificates.token.errors.token',
  key_not_found: 'documents.certificates.token.errors.keyId',
  key_extractable: 'documents.certificates.token.errors.extractable',
  unsupported_key: 'documents.certificates.token.errors.unsupported',
  bad_signature: 'documents.certificates.token.errors.failed',
  tool_failed: 'documents.certificates.token.errors.failed',
};

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
  const findAgency = (code: string) =>
    getAgency(deps, code).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'AGENCY_NOT_FOUND') return undefined;
      throw error;
    });
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { revoked?: string; imported?: string; errors?: Record<string, string>; values?: CertificateFormValues; importValues?: ImportFormValues; tokenValues?: TokenFormValues } = {},
    status = 200,
  ) =>
    reply.page({
      title: request.t('documents.certificates.heading'),
      status,
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: (
        <CertificatesPage
          certificates={await signingService(deps).agencyCertificates()}
          agencies={(await listAgencies(deps)).map((a) => ({ code: a.code, name: a.name }))}
          token={deps.config.signingPkcs11?.token}
          {...extra}
        />
      ),
    });

  app.get(
    '/gestion/documentos/certificados',
    { schema: { querystring: Type.Object({ revocado: Type.Optional(Type.String({ maxLength: 64 })), importado: Type.Optional(Type.String({ maxLength: 64 })) }) } },
    async (request, reply) => {
      await requireAdmin(request);
      return page(request, reply, { revoked: request.query.revocado, imported: request.query.importado });
    },
  );

  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_PKCS12, maxFiles: 1, maxFields: 10, allowed: ['application/x-pkcs12'] });
    multipart.post('/gestion/documentos/certificados/importar', { schema: { hide: true } }, async (request, reply) => {
      const account = await requireAdmin(request);
      const fields = (request.body ?? {}) as Record<string, unknown>;
      const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
      // The password is read here and never put back in the form nor in a log line.
      const values: ImportFormValues = { agencia: text('agencia').trim().slice(0, 100) };
      const password = text('clave');
      const errors: Record<string, string> = {};
      let file: Uint8Array | undefined;
      try {
        file = readMultipartForm(request).files.archivo?.[0]?.bytes;
        if (!file) errors.archivo = 'documents.certificates.import.errors.fileMissing';
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.archivo = error.code === 'FILE_TOO_LARGE' ? 'documents.certificates.import.errors.tooBig' : 'documents.certificates.import.errors.notPkcs12';
      }
      const agency = values.agencia ? await findAgency(values.agencia) : undefined;
      if (!agency) errors.agencia = 'documents.certificates.import.errors.agency';
      if (Object.keys(errors).length === 0 && file && agency) {
        try {
          const serial = await signingService(deps).importPkcs12({ code: agency.code, name: agency.name }, Buffer.from(file), password, account, request.id);
          return reply.redirect(`/gestion/documentos/certificados?importado=${encodeURIComponent(serial)}`, 303);
        } catch (error) {
          if (!(error instanceof Pkcs12Error)) throw error;
          const shown = PKCS12_ERRORS[error.problem];
          errors[shown.field] = shown.key;
        }
      }
      const messages = Object.fromEntries(Object.entries(errors).map(([name, key]) => [name, request.t(key, { max: MAX_PKCS12_KB })]));
      return page(request, reply, { errors: messages, importValues: values }, 400);
    });
  });

  const field = Type.Optional(Type.String({ maxLength: 100 }));
  app.post('/gestion/documentos/certificados/token', { schema: { body: Type.Object({ agencia_token: field, clave_id: field, _csrf: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    const account = await requireAdmin(request);
    const tokenValues: TokenFormValues = { agencia_token: (request.body.agencia_token ?? '').trim(), clave_id: (request.body.clave_id ?? '').trim() };
    const errors: Record<string, string> = {};
    const agency = tokenValues.agencia_token ? await findAgency(tokenValues.agencia_token) : undefined;
    if (!agency) errors.agencia_token = 'documents.certificates.import.errors.agency';
    if (!/^([0-9a-fA-F]{2}){1,64}$/.test(tokenValues.clave_id)) errors.clave_id = 'documents.certificates.token.errors.keyIdFormat';
    if (Object.keys(errors).length === 0 && agency) {
      try {
        const serial = await signingService(deps).usePkcs11Key({ code: agency.code, name: agency.name }, tokenValues.clave_id, account, request.id);
        return reply.redirect(`/gestion/documentos/certificados?importado=${encodeURIComponent(serial)}`, 303);
      } catch (error) {
        if (!(error instanceof Pkcs11Error)) throw error;
        errors.clave_id = PKCS11_ERRORS[error.problem];
      }
    }
    const messages = Object.fromEntries(Object.entries(errors).map(([name, key]) => [name, request.t(key)]));
    return page(request, reply, { errors: messages, tokenValues }, 400);
  });

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
