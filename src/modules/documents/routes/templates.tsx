// Pages of the publishers' document templates (/gestion/documentos/plantillas): the list, the
// editor of one template (save, or "Ver muestra": the same form answers the sample PDF, no
// JavaScript needed) and "Volver al predeterminado". docs/signed-documents.md, "Templates".
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { previewTemplate, restoreDefault, saveTemplate, type TemplateTarget, templatesOverview, templateTarget } from '../templates.service.ts';
import type { TemplateOutcome } from '../templates.types.ts';
import { OUTCOME_SEGMENT, type TemplateFormValues, TemplateEditPage, templateHref, TemplatesPage } from '../views/templates.views.tsx';

const OUTCOMES: Record<string, TemplateOutcome> = Object.fromEntries(Object.entries(OUTCOME_SEGMENT).map(([outcome, segment]) => [segment, outcome as TemplateOutcome]));
const params = Type.Object({ procedure: Type.String({ maxLength: 40 }), outcome: Type.String({ maxLength: 20 }) });
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

export function registerTemplatePages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, inner = false) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(inner ? [{ href: '/gestion/documentos/plantillas', label: request.t('documents.templates.heading') }] : []),
  ];

  /** The template an address names, for the signed-in person (403 when they may not edit it, 404 for an unknown address). */
  const targetOf = async (request: FastifyRequest<{ Params: { procedure: string; outcome: string } }>): Promise<TemplateTarget> => {
    const { account } = requireSignedIn(request);
    const outcome = OUTCOMES[request.params.outcome];
    const procedure = request.params.procedure === 'predeterminada' ? null : request.params.procedure;
    if (!outcome || (procedure !== null && !/^[0-9a-f-]{36}$/i.test(procedure))) throw new AppError('NOT_FOUND');
    return templateTarget(deps, account, procedure, outcome);
  };

  const editPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    target: TemplateTarget,
    values: TemplateFormValues,
    extra: { errors?: Record<string, string>; saved?: boolean; restored?: boolean } = {},
  ) => {
    const failed = Object.keys(extra.errors ?? {}).length > 0;
    const outcome = request.t(`documents.templates.outcome.${target.outcome}`);
    const heading = target.procedure ? request.t('documents.templates.editHeading', { procedure: target.procedure.name, outcome }) : request.t('documents.templates.defaultHeading', { outcome });
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('documents.templates.errorPrefix')} ` : ''}${heading}`,
      breadcrumbs: crumbs(request, true),
      body: <TemplateEditPage target={target} values={values} {...extra} />,
    });
  };

  app.get('/gestion/documentos/plantillas', async (request, reply) => {
    const { account } = requireSignedIn(request);
    const overview = await templatesOverview(deps, account);
    return reply.page({ title: request.t('documents.templates.heading'), breadcrumbs: crumbs(request), body: <TemplatesPage {...overview} /> });
  });

  app.get(
    '/gestion/documentos/plantillas/:procedure/:outcome',
    { schema: { params, querystring: Type.Object({ guardada: Type.Optional(Type.String({ maxLength: 5 })), restaurada: Type.Optional(Type.String({ maxLength: 5 })) }) } },
    async (request, reply) => {
      const target = await targetOf(request);
      const { kind, title, body } = target.effective;
      return editPage(request, reply, target, { kind, title, body }, { saved: request.query.guardada !== undefined, restored: request.query.restaurada !== undefined });
    },
  );

  app.post(
    '/gestion/documentos/plantillas/:procedure/:outcome',
    {
      schema: {
        params,
        // Longer than the limits, so that a too-long text comes back to the form with its message.
        body: Type.Object({ kind: text(40), title: text(2000), body: text(20000), accion: text(20), clave: text(200), _csrf: text(200) }),
      },
    },
    async (request, reply) => {
      const target = await targetOf(request);
      const values: TemplateFormValues = { kind: request.body.kind ?? '', title: request.body.title ?? '', body: request.body.body ?? '', clave: request.body.clave };
      const input = { kind: values.kind, title: values.title, body: values.body };
      try {
        if (request.body.accion === 'muestra') {
          const pdf = await previewTemplate(deps, target, input);
          return reply.header('content-type', 'application/pdf').header('content-disposition', 'inline; filename="muestra.pdf"').header('cache-control', 'private, no-store').send(pdf);
        }
        const scope = `documents.template:${target.editor.account.id}:${target.procedure?.id ?? 'default'}:${target.outcome}`;
        await onceByKey(formClaim(scope, request.body), (claim) => saveTemplate(deps, target, input, request.id, claim));
        return reply.redirect(`${templateHref(target.procedure?.id ?? null, target.outcome)}?guardada=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'DOCUMENTS_TEMPLATE_INVALID') throw error;
        const errors = Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
        return editPage(request, reply, target, values, { errors });
      }
    },
  );

  app.post('/gestion/documentos/plantillas/:procedure/:outcome/predeterminada', { schema: { params, body: Type.Object({ _csrf: text(200) }) } }, async (request, reply) => {
    const target = await targetOf(request);
    await restoreDefault(deps, target, request.id);
    return reply.redirect(`${templateHref(target.procedure?.id ?? null, target.outcome)}?restaurada=1`, 303);
  });
}
