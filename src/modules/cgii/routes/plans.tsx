// The CGII's pages of the Institutional Information Security Plans (docs/cgii.md#security-plans):
// /cgii/planes (the list, and a contact's form to file the entity's plan with an optional PDF),
// /cgii/planes/{id} (the plan and the centre's observations) and its PDF.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { localDateTime } from '../../../platform/country/zoned.ts';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { findAgencyStaff, requireSignedIn } from '../../identity/index.ts';
import { personViewer } from '../cgii.service.ts';
import { CGII_ANALYST, centreAgency } from '../cgii.types.ts';
import { filePlan, getPlan, MAX_PLAN_BYTES, observePlan, planFigures, planPdf, plansFor } from '../plan.service.ts';
import type { Errors, Values } from '../views/cgii.views.tsx';
import { PlanPage, PlansPage } from '../views/plan.views.tsx';
import { attempt, cgiiCrumbs, FormBody, pick } from './forms.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function registerCgiiPlanPages(app: TamboApp, deps: Deps): void {
  const crumbs = cgiiCrumbs;
  const viewerOf = async (request: FastifyRequest) => personViewer(deps, requireSignedIn(request).account);
  const failed = (errors: Errors) => Object.keys(errors).length > 0;
  const today = () => localDateTime(deps.country.timeZone, new Date()).date;

  const plansPage = async (request: FastifyRequest, reply: FastifyReply, values: Values = {}, errors: Errors = {}) => {
    const viewer = await viewerOf(request);
    if (!viewer.analyst && viewer.contactOf.length === 0) throw new AppError('CGII_FORBIDDEN');
    const [plans, figures] = await Promise.all([plansFor(deps, viewer), planFigures(deps)]);
    return reply.page({
      status: failed(errors) ? 422 : 200,
      title: failed(errors) ? request.t('cgii.errorTitle', { title: request.t('cgii.plan.heading') }) : request.t('cgii.plan.heading'),
      breadcrumbs: crumbs(request),
      body: <PlansPage plans={plans} analyst={viewer.analyst} agencies={viewer.contactOf} today={today()} figures={figures} values={values} errors={errors} />,
    });
  };
  app.get('/cgii/planes', async (request, reply) => plansPage(request, reply));

  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_PLAN_BYTES, maxFiles: 1, allowed: ['application/pdf'] });
    multipart.post('/cgii/planes', { schema: { body: FormBody } }, async (request, reply) => {
      const viewer = await viewerOf(request);
      if (viewer.contactOf.length === 0) throw new AppError('CGII_FORBIDDEN');
      const body = request.body as Record<string, unknown>;
      const values = pick(body, ['clave', 'entidad', 'secciones', 'responsable', 'aprobado', 'revision'] as const);
      let pdf: { filename: string; bytes: Uint8Array } | null = null;
      if (request.isMultipart()) {
        try {
          const file = readMultipartForm(request).files.documento?.[0];
          pdf = file ? { filename: file.filename, bytes: file.bytes } : null;
        } catch (error) {
          if (!isAppError(error)) throw error;
          return plansPage(request, reply, values, { documento: request.t(`errors.${error.code}`, error.params) });
        }
      }
      let id: string | undefined;
      const errors = await attempt(request, async () => {
        const plan = await onceByKey(formClaim(`cgii.plan:${viewer.accountId}`, body), (claim) =>
          filePlan(
            deps,
            viewer,
            { agencyCode: values.entidad || viewer.contactOf[0]!, sections: values.secciones, owner: values.responsable, approvedOn: values.aprobado, expiresOn: values.revision, pdf },
            { requestId: request.id, claim },
          ),
        );
        id = plan?.id;
      });
      if (errors) return plansPage(request, reply, values, errors);
      return reply.redirect(id ? `/cgii/planes/${id}` : '/cgii/planes', 303);
    });
  });

  const planPage = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Values = {}, errors: Errors = {}) => {
    const viewer = await viewerOf(request);
    const { plan, observations } = await getPlan(deps, viewer, id);
    const analysts = await findAgencyStaff(deps, centreAgency(deps.country.code), [CGII_ANALYST]);
    return reply.page({
      status: failed(errors) ? 422 : 200,
      title: request.t('cgii.plan.of', { agency: plan.agencyCode }),
      breadcrumbs: [...crumbs(request), { href: '/cgii/planes', label: request.t('cgii.plan.heading') }],
      body: (
        <PlanPage plan={plan} observations={observations} analyst={viewer.analyst} today={today()} names={Object.fromEntries(analysts.map((a) => [a.id, a.name]))} values={values} errors={errors} />
      ),
    });
  };
  app.get('/cgii/planes/:id', { schema: { params: Params } }, async (request, reply) => planPage(request, reply, request.params.id));
  app.post('/cgii/planes/:id/observaciones', { schema: { params: Params, body: FormBody } }, async (request, reply) => {
    const values = pick(request.body as Record<string, unknown>, ['observacion'] as const);
    const errors = await attempt(request, async () => observePlan(deps, await viewerOf(request), request.params.id, values.observacion, request.id));
    if (errors) return planPage(request, reply, request.params.id, values, errors);
    return reply.redirect(`/cgii/planes/${request.params.id}#observaciones`, 303);
  });
  app.get('/cgii/planes/:id/documento', { schema: { params: Params } }, async (request, reply) => {
    const file = await planPdf(deps, await viewerOf(request), request.params.id);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });
}
