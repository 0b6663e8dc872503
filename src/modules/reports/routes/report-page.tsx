// One report's page and what people do on it: support ("me too"), the reporter's contest,
// the agency's actions (one service function each) and evidence, moderation.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, PLATFORM_ADMIN } from '../../../platform/contract/roles.ts';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { CSRF_COOKIE } from '../../../platform/http/security.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { contestReport, isContestable } from '../contest.service.ts';
import { acceptReport, addReportEvidence, mergeReport, reassignReport, replyToReport, setReportStatus } from '../handling.service.ts';
import { hideContent } from '../moderation.service.ts';
import { findReportForViewer, getTimeline, listCategories } from '../reading.service.ts';
import type { ReportStatus } from '../report.types.ts';
import { supportReport } from '../submission.service.ts';
import type { FormErrors, FormValues } from '../views/report-common.views.tsx';
import { ReportPage } from '../views/report-page.views.tsx';
import { registerMultipart } from '../../../platform/http/multipart.ts';
import { canActOn, isStaffOfReportAgency, MAX_EVIDENCE_FILES, MAX_PHOTO_BYTES } from '../report.policy.ts';
import { type Body, formErrors, type PageContext, str, uploadedFiles } from './page-context.ts';

export function registerReportPage(app: TamboApp, deps: Deps, ctx: PageContext): void {
  const { agencyOptions, formatting, officialOf, crumbs } = ctx;

  /** Runs one action of the agency; a refused one shows the report again with the errors on its form. */
  const act = async (request: FastifyRequest, reply: FastifyReply, id: number, body: Body, reasonField: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      return renderReport(request, reply, id, { errors: formErrors(request, error, reasonField), values: body as FormValues });
    }
    return reply.redirect(`/reportes/${id}#historial`, 303);
  };

  const renderReport = async (request: FastifyRequest, reply: FastifyReply, id: number, extra: { errors?: FormErrors; values?: FormValues; notice?: string } = {}) => {
    const found = await findReportForViewer(deps, id);
    if (!found) throw new AppError('REPORT_NOT_FOUND', { params: { id } });
    const { report } = found;
    const official = await officialOf(request);
    const category = (await listCategories(deps.db)).find((c) => c.code === report.categoryCode);
    const isReporter = request.current !== null && found.private.reporterAccountId === request.current.account.id;
    const isOpen = report.status === 'received' || report.status === 'in_progress';
    const viewer = {
      isReporter,
      canAct: official !== undefined && canActOn(official, report),
      isAdmin: official !== undefined && hasRole(official.grants, { role: PLATFORM_ADMIN }),
      canContest: isReporter && report.status === 'resolved' && report.resolvedAt !== null && (await isContestable(deps, report.resolvedAt, category?.contestDays ?? 0, new Date())),
      // Staff of the report's agency may not support it (the service refuses it too).
      canSupport: isOpen && !isReporter && !(official !== undefined && isStaffOfReportAgency(official.grants, report)),
    };
    const errors = extra.errors ?? {};
    const hasErrors = Object.keys(errors).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.page.title', { code: report.code })}`,
      breadcrumbs: crumbs(request),
      body: (
        <ReportPage
          report={report}
          timeline={await getTimeline(deps, id)}
          category={category}
          viewer={viewer}
          format={await formatting(request)}
          notice={extra.notice}
          agencies={viewer.canAct ? await agencyOptions() : []}
          errors={errors}
          values={extra.values ?? {}}
        />
      ),
    });
  };

  const idParams = { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) };
  app.get('/reportes/:id', { schema: { ...idParams, querystring: Type.Object({ enviado: Type.Optional(Type.String({ maxLength: 5 })) }) } }, async (request, reply) =>
    renderReport(request, reply, request.params.id, { notice: request.query.enviado ? request.t('reports.page.sent', { code: `R-${request.params.id}` }) : undefined }),
  );

  app.post('/reportes/:id/apoyo', { schema: idParams }, async (request, reply) => {
    const cookie = request.cookies[CSRF_COOKIE] ?? '';
    const key = request.current ? `account:${request.current.account.id}` : `anon:${createHash('sha256').update(cookie).digest('hex')}`;
    const actor = request.current ? { type: 'person' as const, id: request.current.account.id } : { type: 'anonymous' as const };
    await supportReport(deps, request.params.id, { actor, key }, request.id);
    return reply.redirect(`/reportes/${request.params.id}`, 303);
  });

  app.post('/reportes/:id/objetar', { schema: idParams }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const body = (request.body ?? {}) as Body;
    try {
      await contestReport(deps, account.id, request.params.id, str(body.motivo), request.id);
    } catch (error) {
      return renderReport(request, reply, request.params.id, { errors: formErrors(request, error, 'motivo'), values: body as FormValues });
    }
    return reply.redirect(`/reportes/${request.params.id}#historial`, 303);
  });

  app.post('/reportes/:id/gestion', { schema: idParams }, async (request, reply) => {
    requireSignedIn(request);
    const official = (await officialOf(request))!;
    const body = (request.body ?? {}) as Body;
    const id = request.params.id;
    switch (str(body.accion)) {
      case 'aceptar':
        return act(request, reply, id, body, 'motivo_estado', () => acceptReport(deps, official, id, request.id));
      case 'responder':
        return act(request, reply, id, body, 'motivo_estado', () => replyToReport(deps, official, id, str(body.respuesta), request.id));
      case 'estado':
        return act(request, reply, id, body, 'motivo_estado', () =>
          setReportStatus(deps, official, id, { status: str(body.estado) as ReportStatus, reason: str(body.motivo_estado) || undefined }, request.id),
        );
      case 'reasignar':
        return act(request, reply, id, body, 'motivo_reasignacion', () => reassignReport(deps, official, id, { agencyCode: str(body.institucion), reason: str(body.motivo_reasignacion) }, request.id));
      case 'fusionar': {
        const into = Number(str(body.duplicado_de).replace(/^R-/i, ''));
        return act(request, reply, id, body, 'motivo_estado', () => mergeReport(deps, official, id, Number.isSafeInteger(into) && into > 0 ? into : 0, request.id));
      }
      default:
        throw new AppError('BAD_REQUEST');
    }
  });

  // Evidence is multipart (files checked by content).
  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_PHOTO_BYTES, maxFiles: MAX_EVIDENCE_FILES, allowed: ['image/jpeg', 'image/png', 'application/pdf'] });
    multipart.post('/reportes/:id/evidencia', { schema: idParams }, async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const official = await officialOf(request);
      if (!official) throw new AppError('UNAUTHENTICATED');
      const id = request.params.id;
      return act(request, reply, id, body, 'motivo_estado', () => {
        const files = uploadedFiles(request, 'evidencia', { pointer: '/files', messages: 'reports.errors.evidence', tooMany: 'errors.TOO_MANY_FILES' });
        return addReportEvidence(deps, official, id, { text: str(body.nota) || undefined, files }, request.id);
      });
    });
  });

  app.post('/reportes/:id/moderar', { schema: idParams }, async (request, reply) => {
    requireSignedIn(request);
    const official = (await officialOf(request))!;
    const body = (request.body ?? {}) as Body;
    const target = str(body.objeto);
    try {
      await hideContent(deps, official, { reportId: request.params.id, eventId: target && target !== 'reporte' ? Number(target) : undefined }, str(body.motivo_moderacion), request.id);
    } catch (error) {
      return renderReport(request, reply, request.params.id, { errors: formErrors(request, error, 'motivo_moderacion'), values: body as FormValues });
    }
    return reply.redirect(target && target !== 'reporte' ? `/reportes/${request.params.id}#historial` : '/reportes', 303);
  });
}
