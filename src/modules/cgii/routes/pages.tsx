// The CGII's pages (/cgii…, signed in), the public bulletin (/cgii/boletines), the disclosure
// channel (/cgii/vulnerabilidades), the centre's key and /.well-known/security.txt (RFC 9116).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { responseTimeFigures } from '../figures.service.ts';
import { ResponseTimes } from '../views/figures.views.tsx';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import type { MediaType } from '../../../platform/files/files.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { instantAt } from '../../../platform/country/zoned.ts';
import { requireSignedIn } from '../../identity/index.ts';
import {
  addNote,
  answerRequest,
  closeIncident,
  type EvidenceUpload,
  getIncident,
  incidentsFor,
  MAX_EVIDENCE_BYTES,
  MAX_EVIDENCE_FILES,
  onTimeFigures,
  parseIndicatorLines,
  personViewer,
  readEvidence,
  reportIncident,
  triageIncident,
} from '../cgii.service.ts';
import { answerVulnerability, centreKey, disclosuresFor, publicCredits, reportVulnerability, rotateCentreKey } from '../disclosure.service.ts';
import { EXTENSION_SCHEMA, exportIncident } from '../stix.ts';
import { attempt, cgiiCrumbs, FormBody, list, pick, sendStix, text } from './forms.ts';
import { publicAdvisories } from '../advisory.service.ts';
import { BulletinAdvisories } from '../views/advisory.views.tsx';
import { BulletinPage, DisclosureInbox, DisclosurePage, type Errors, HomePage, IncidentPage, ReportPage, type Values } from '../views/cgii.views.tsx';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
export function registerCgiiPages(app: TamboApp, deps: Deps): void {
  const crumbs = cgiiCrumbs;
  const viewerOf = async (request: FastifyRequest) => personViewer(deps, requireSignedIn(request).account);
  const titled = (request: FastifyRequest, title: string, errors: Errors) => (Object.keys(errors).length > 0 ? request.t('cgii.errorTitle', { title }) : title);

  app.get('/cgii', async (request, reply) => {
    const viewer = await viewerOf(request);
    const [incidents, figures] = await Promise.all([incidentsFor(deps, viewer), onTimeFigures(deps)]);
    return reply.page({
      title: request.t('cgii.home.heading'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <HomePage incidents={incidents} analyst={viewer.analyst} contactOf={viewer.contactOf} figures={figures} now={new Date()} />,
    });
  });

  const reportPage = (request: FastifyRequest, reply: FastifyReply, agencies: string[], values: Values = {}, errors: Errors = {}) =>
    reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: titled(request, request.t('cgii.report.heading'), errors),
      breadcrumbs: crumbs(request),
      body: <ReportPage agencies={agencies} values={values} errors={errors} />,
    });

  app.get('/cgii/incidentes/nuevo', async (request, reply) => {
    const viewer = await viewerOf(request);
    if (viewer.contactOf.length === 0) throw new AppError('CGII_FORBIDDEN');
    return reportPage(request, reply, viewer.contactOf);
  });

  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_EVIDENCE_BYTES, maxFiles: MAX_EVIDENCE_FILES, allowed: ['application/pdf', 'image/png', 'image/jpeg'] });
    multipart.post('/cgii/incidentes/nuevo', { schema: { body: FormBody } }, async (request, reply) => {
      const viewer = await viewerOf(request);
      if (viewer.contactOf.length === 0) throw new AppError('CGII_FORBIDDEN');
      const body = request.body as Record<string, unknown>;
      const values = pick(body, ['entidad', 'titulo', 'descripcion', 'detectado', 'sistemas', 'datos', 'datos_personales', 'categoria', 'severidad', 'tlp', 'indicadores'] as const);
      let files: EvidenceUpload[] = [];
      if (request.isMultipart()) {
        try {
          files = (readMultipartForm(request).files.evidencias ?? []).map((f) => ({ filename: f.filename, bytes: f.bytes, mediaType: f.mediaType as MediaType }));
        } catch (error) {
          if (!isAppError(error)) throw error;
          return reportPage(request, reply, viewer.contactOf, values, { evidencias: request.t(`errors.${error.code}`, error.params) });
        }
      }
      let id = '';
      const errors = await attempt(request, async () => {
        const incident = await reportIncident(
          deps,
          viewer,
          {
            agencyCode: values.entidad || viewer.contactOf[0]!,
            title: values.titulo,
            description: values.descripcion,
            detectedAt: localInstant(deps.country.timeZone, values.detectado),
            systemsAffected: values.sistemas,
            dataAffected: values.datos,
            personalData: values.datos_personales === 'si',
            category: values.categoria,
            severity: values.severidad,
            tlp: values.tlp,
            indicators: parseIndicatorLines(values.indicadores),
          },
          files,
          { requestId: request.id },
        );
        id = incident.id;
      });
      if (errors) return reportPage(request, reply, viewer.contactOf, values, errors);
      return reply.redirect(`/cgii/incidentes/${id}`, 303);
    });
  });

  const incidentPage = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Values = {}, errors: Errors = {}) => {
    const viewer = await viewerOf(request);
    const view = await getIncident(deps, viewer, id);
    const names = Object.fromEntries(view.people.map((p) => [p.id, p.name]));
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: titled(request, `${view.incident.code}: ${view.incident.title}`, errors),
      breadcrumbs: crumbs(request),
      body: <IncidentPage view={view} analyst={viewer.analyst} entity={viewer.contactOf.includes(view.incident.agencyCode)} values={values} errors={errors} names={names} />,
    });
  };

  app.get('/cgii/incidentes/:id', { schema: { params: Params } }, async (request, reply) => incidentPage(request, reply, request.params.id));

  const post = (path: string, act: (request: FastifyRequest<{ Params: { id: string } }>, body: Record<string, unknown>) => Promise<unknown>) =>
    app.post(`/cgii/incidentes/:id/${path}`, { schema: { params: Params, body: FormBody } }, async (request, reply) => {
      const body = request.body as Record<string, unknown>;
      const errors = await attempt(request, () => act(request, body));
      if (errors) return incidentPage(request, reply, request.params.id, Object.fromEntries(Object.keys(body).map((k) => [k, text(body, k)])), errors);
      return reply.redirect(`/cgii/incidentes/${request.params.id}#registro`, 303);
    });

  post('triaje', async (request, body) =>
    triageIncident(
      deps,
      await viewerOf(request),
      request.params.id,
      { category: text(body, 'categoria'), severity: text(body, 'severidad'), tlp: text(body, 'tlp'), assignToMe: text(body, 'asignarme') === 'si' },
      request.id,
    ),
  );
  post('notas', async (request, body) =>
    addNote(
      deps,
      await viewerOf(request),
      request.params.id,
      { kind: text(body, 'tipo') as 'note', body: text(body, 'texto'), tlp: text(body, 'tlp_nota'), recipients: list(body, 'destinatarios') },
      request.id,
    ),
  );
  post('respuesta', async (request, body) => answerRequest(deps, await viewerOf(request), request.params.id, { body: text(body, 'texto'), tlp: text(body, 'tlp_nota') }, request.id));
  post('cierre', async (request, body) =>
    closeIncident(
      deps,
      await viewerOf(request),
      request.params.id,
      { report: text(body, 'informe'), tlp: 'amber', personalData: text(body, 'datos_personales') === 'si', affected: text(body, 'afectados'), notice: text(body, 'aviso') },
      request.id,
    ),
  );

  app.get(
    '/cgii/incidentes/:id/evidencias/:sha256',
    { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }) } },
    async (request, reply) => {
      const file = await readEvidence(deps, await viewerOf(request), request.params.id, request.params.sha256, request.id);
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );

  app.get('/cgii/incidentes/:id/stix', { schema: { params: Params } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    if (!viewer.analyst) throw new AppError('CGII_FORBIDDEN');
    const bundle = await exportIncident(deps, viewer, request.params.id);
    await recordAudit(deps.db, { actor: { type: 'person', id: viewer.accountId }, action: 'cgii.incident_exported', subject: { type: 'cgii_incident', id: request.params.id }, requestId: request.id });
    return sendStix(reply, bundle, `incidente-${request.params.id}.stix.json`);
  });

  app.get('/cgii/stix/extension.json', async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send(EXTENSION_SCHEMA));

  app.get('/cgii/boletines', async (request, reply) => {
    const [figures, credits, advisories, times] = await Promise.all([onTimeFigures(deps), publicCredits(deps), publicAdvisories(deps), responseTimeFigures(deps)]);
    return reply.page({
      title: request.t('cgii.bulletin.heading'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: (
        <BulletinPage
          figures={figures}
          credits={credits}
          advisories={
            <>
              <ResponseTimes months={times.months} sectors={times.sectors} />
              <BulletinAdvisories advisories={advisories} />
            </>
          }
        />
      ),
    });
  });

  const disclosurePage = async (request: FastifyRequest, reply: FastifyReply, values: Values = {}, errors: Errors = {}, sent: string | null = null) => {
    const key = await centreKey(deps);
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: titled(request, request.t('cgii.disclosure.heading'), errors),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <DisclosurePage values={values} errors={errors} sent={sent} fingerprint={key.fingerprint} />,
    });
  };
  app.get('/cgii/vulnerabilidades', { schema: { querystring: Type.Object({ enviado: Type.Optional(Type.String({ pattern: '^VUL-[0-9A-F]{8}$' })) }) } }, async (request, reply) =>
    disclosurePage(request, reply, {}, {}, request.query.enviado ?? null),
  );
  app.post('/cgii/vulnerabilidades', { schema: { body: FormBody } }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const values = pick(body, ['nombre', 'contacto', 'sistema', 'informe', 'credito'] as const);
    let code = '';
    const errors = await attempt(request, async () => {
      code = await reportVulnerability(
        deps,
        { name: values.nombre, contact: values.contacto, system: values.sistema, body: values.informe, credit: values.credito, accountId: request.current?.account.id ?? null },
        request.id,
      );
    });
    if (errors) return disclosurePage(request, reply, values, errors);
    return reply.redirect(`/cgii/vulnerabilidades?enviado=${code}`, 303);
  });

  // The analysts' inbox of vulnerability reports (read decrypted, answer) and the key's rotation.
  const inboxPage = async (request: FastifyRequest, reply: FastifyReply, values: Values = {}, errors: Errors = {}, answering: string | null = null) => {
    const viewer = await viewerOf(request);
    const [items, key] = await Promise.all([disclosuresFor(deps, viewer), centreKey(deps)]);
    return reply.page({
      status: Object.keys(errors).length > 0 ? 422 : 200,
      title: titled(request, request.t('cgii.inbox.heading'), errors),
      breadcrumbs: crumbs(request),
      body: <DisclosureInbox items={items} fingerprint={key.fingerprint} values={values} errors={errors} answering={answering} />,
    });
  };
  app.get('/cgii/vulnerabilidades/bandeja', async (request, reply) => inboxPage(request, reply));
  app.post('/cgii/vulnerabilidades/:id/respuesta', { schema: { params: Params, body: FormBody } }, async (request, reply) => {
    const values = pick(request.body as Record<string, unknown>, ['respuesta'] as const);
    const errors = await attempt(request, async () => answerVulnerability(deps, await viewerOf(request), request.params.id, values.respuesta, request.id));
    if (errors) return inboxPage(request, reply, values, errors, request.params.id);
    return reply.redirect('/cgii/vulnerabilidades/bandeja', 303);
  });
  app.post('/cgii/clave/rotacion', { schema: { body: FormBody } }, async (request, reply) => {
    await rotateCentreKey(deps, await viewerOf(request), text(request.body as Record<string, unknown>, 'huella'), request.id);
    return reply.redirect('/cgii/vulnerabilidades/bandeja#clave', 303);
  });

  app.get('/cgii/clave.asc', async (_request, reply) => {
    const key = await centreKey(deps);
    return reply.header('content-type', 'application/pgp-keys; charset=utf-8').header('cache-control', 'public, max-age=3600').send(key.publicArmored);
  });

  app.get('/.well-known/security.txt', async (_request, reply) => {
    const base = deps.config.publicUrl;
    const expires = new Date(Date.now() + 180 * 86_400_000);
    expires.setUTCHours(0, 0, 0, 0);
    const body = [
      `Contact: ${base}/cgii/vulnerabilidades`,
      `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
      `Encryption: ${base}/cgii/clave.asc`,
      `Acknowledgments: ${base}/cgii/boletines`,
      'Preferred-Languages: es, en',
      `Canonical: ${base}/.well-known/security.txt`,
      `Policy: ${base}/cgii/vulnerabilidades`,
      '',
    ].join('\n');
    return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body);
  });
}

/** A local date and time written `YYYY-MM-DD HH:MM` (or with `T`) on the country's clock, as an ISO instant; anything else as given. */
function localInstant(timeZone: string, written: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/.exec(written.trim());
  return m ? instantAt(timeZone, m[1]!, (Number(m[2]) * 60 + Number(m[3])) * 60_000).toISOString() : written;
}
