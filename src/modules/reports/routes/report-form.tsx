// The new report form (works with JavaScript off): 1. category, 2. details, 3. duplicates
// nearby, photos and send. Step 3 is multipart and idempotent by the form's key.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { findPossibleDuplicates, listCategories } from '../reading.service.ts';
import { type Category, type NewReport, textIn } from '../report.types.ts';
import { checkReportDraft, createReport } from '../submission.service.ts';
import type { FormErrors, FormValues } from '../views/report-common.views.tsx';
import { CategoryChoicePage, ReportConfirmPage, ReportDetailsPage } from '../views/report-form.views.tsx';
import { registerMultipart } from '../../../platform/http/multipart.ts';
import { isStaffOfReportAgency, MAX_PHOTO_BYTES, MAX_PHOTOS } from '../report.policy.ts';
import { type Body, coordinate, formErrors, list, type PageContext, str, uploadedFiles } from './page-context.ts';

function draftFrom(body: Body, category: Category, isSignedIn: boolean): NewReport {
  const answers: Record<string, string | string[]> = {};
  for (const q of category.questions) {
    const raw = body[`respuesta.${q.code}`];
    if (q.datatype === 'multivaluelist') {
      const values = list(raw);
      if (values.length) answers[q.code] = values;
    } else if (str(raw)) answers[q.code] = str(raw);
  }
  return {
    categoryCode: category.code,
    description: str(body.descripcion),
    answers,
    lat: coordinate(str(body.lat)),
    lon: coordinate(str(body.lon)),
    address: str(body.direccion) || null,
    territoryCode: str(body.territorio) || null,
    subjectAgencyCode: str(body.institucion) || null,
    isAnonymous: !isSignedIn || list(body.anonimo).includes('si'),
    onBehalfOfTerritory: str(body.consejo) || null,
  };
}

/** The answers to the category's own questions as the review lists them (option names, not keys), in the form's order. */
function answerRows(category: Category, draft: NewReport, language: string): Array<{ key: string; value: string }> {
  return category.questions.flatMap((q) => {
    const answer = draft.answers?.[q.code];
    if (answer === undefined) return [];
    const name = (key: string) => textIn(q.values.find((v) => v.key === key)?.name ?? { es: key, en: key }, language);
    return [{ key: textIn(q.description, language), value: [answer].flat().map(name).join(', ') }];
  });
}

/** The fields of the details step, to carry through the confirm step as hidden inputs. */
function carried(body: Body, category: Category): FormValues {
  const names = ['categoria', 'descripcion', 'territorio', 'direccion', 'lat', 'lon', 'anonimo', 'consejo', 'institucion', ...category.questions.map((q) => `respuesta.${q.code}`)];
  return Object.fromEntries(names.filter((n) => body[n] !== undefined && body[n] !== '').map((n) => [n, body[n]]));
}

export function registerReportFormPages(app: TamboApp, deps: Deps, ctx: PageContext): void {
  const { territoryOptions, councilOptions, agencyOptions, formatting, officialOf, signInHref, crumbs } = ctx;

  // ---- new report, step 1 (category) and step 2 (details)
  app.get(
    '/reportes/nuevo',
    { schema: { querystring: Type.Object({ categoria: Type.Optional(Type.String({ maxLength: 64 })), paso: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (request, reply) => {
      const categories = await listCategories(deps.db);
      const code = request.query.categoria;
      const category = categories.find((c) => c.code === code);
      if (!category) {
        // The step's form says it was sent (`paso`): with no category chosen, that is an error, not a fresh page.
        const error = code !== undefined || request.query.paso !== undefined ? request.t('reports.errors.category') : undefined;
        return reply.page({
          status: error ? 400 : 200,
          title: `${error ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.new.title')}`,
          breadcrumbs: crumbs(request),
          body: <CategoryChoicePage categories={categories} error={error} />,
        });
      }
      return renderDetails(request, reply, category, { categoria: category.code, territorio: request.current?.account.territoryCode ?? undefined }, {});
    },
  );

  // "Cambiar los datos" on the review step: the details form again with everything typed (WCAG 3.3.7).
  app.post('/reportes/nuevo/cambiar', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const category = (await listCategories(deps.db)).find((c) => c.code === str(body.categoria));
    if (!category) return reply.redirect('/reportes/nuevo', 303);
    return renderDetails(request, reply, category, carried(body, category), {});
  });

  const renderDetails = async (request: FastifyRequest, reply: FastifyReply, category: Category, values: FormValues, errors: FormErrors) => {
    const hasErrors = Object.keys(errors).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.new.detailsTitle')}`,
      breadcrumbs: crumbs(request),
      body: (
        <ReportDetailsPage
          category={category}
          values={values}
          errors={errors}
          territories={await territoryOptions()}
          councils={await councilOptions()}
          agencies={await agencyOptions()}
          isSignedIn={request.current !== null}
          signInHref={signInHref(request)}
          tileUrl={deps.config.mapTileUrl || null}
        />
      ),
    });
  };

  // A signed-in person is the actor even when the report goes out anonymously (the report then keeps no link to them).
  const actorOf = (request: FastifyRequest, _draft: NewReport) => (request.current ? { type: 'person' as const, id: request.current.account.id } : { type: 'anonymous' as const });

  const renderConfirm = async (request: FastifyRequest, reply: FastifyReply, category: Category, body: Body, draft: NewReport, errors: FormErrors) => {
    const duplicates = draft.lat != null && draft.lon != null ? await findPossibleDuplicates(deps, category.code, draft.lat, draft.lon) : [];
    const official = duplicates.length > 0 ? await officialOf(request) : undefined;
    const format = await formatting(request);
    const t = request.t;
    const agencyName = draft.subjectAgencyCode ? (await agencyOptions()).find((a) => a.value === draft.subjectAgencyCode)?.label : undefined;
    const councilName = draft.onBehalfOfTerritory ? (await councilOptions()).find((a) => a.value === draft.onBehalfOfTerritory)?.label : undefined;
    const summary = [
      { key: t('reports.field.category'), value: textIn(category.name, request.language) },
      ...(agencyName ? [{ key: t('reports.new.subjectAgency'), value: agencyName }] : []),
      { key: t('reports.field.description'), value: draft.description },
      ...answerRows(category, draft, request.language),
      ...(draft.territoryCode ? [{ key: t('reports.field.territory'), value: format.territoryName(draft.territoryCode) }] : []),
      ...(draft.address ? [{ key: t('reports.field.address'), value: draft.address }] : []),
      ...(draft.lat != null && draft.lon != null ? [{ key: t('reports.field.point'), value: `${draft.lat}, ${draft.lon}` }] : []),
      { key: t('reports.field.identity'), value: draft.isAnonymous ? t('reports.new.sentAnonymously') : t('reports.new.sentSignedIn') },
      ...(councilName ? [{ key: t('reports.new.council'), value: councilName }] : []),
    ];
    const hasErrors = Object.keys(errors).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${t('reports.errorPrefix')} ` : ''}${t('reports.new.confirmTitle')}`,
      breadcrumbs: crumbs(request),
      body: (
        <ReportConfirmPage
          category={category}
          values={carried(body, category)}
          errors={errors}
          duplicates={duplicates}
          canSupport={(report) => official === undefined || !isStaffOfReportAgency(official.grants, report)}
          summary={summary}
          idempotencyKey={str(body.clave) || randomUUID()}
          format={format}
        />
      ),
    });
  };

  // Step 2 → 3: check the details, then show duplicates nearby and ask for photos.
  app.post('/reportes/nuevo', async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const category = (await listCategories(deps.db)).find((c) => c.code === str(body.categoria));
    if (!category) return reply.redirect('/reportes/nuevo', 303);
    const draft = draftFrom(body, category, request.current !== null);
    try {
      await checkReportDraft(deps, draft, actorOf(request, draft));
    } catch (error) {
      return renderDetails(request, reply, category, body as FormValues, formErrors(request, error));
    }
    return renderConfirm(request, reply, category, body, draft, {});
  });

  // Step 3: send (multipart, with the photos). Idempotent by the form's key: a double submit creates one report.
  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_PHOTO_BYTES, maxFiles: MAX_PHOTOS, allowed: ['image/jpeg', 'image/png'] });
    multipart.post('/reportes/nuevo/enviar', async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const category = (await listCategories(deps.db)).find((c) => c.code === str(body.categoria));
      if (!category) return reply.redirect('/reportes/nuevo', 303);
      const draft = draftFrom(body, category, request.current !== null);
      try {
        draft.photos = uploadedFiles(request, 'fotos', { pointer: '/photos', messages: 'reports.errors.photo', tooMany: 'reports.errors.photoCount' });
        const { report } = await createReport(deps, draft, { actor: actorOf(request, draft), idempotencyKey: str(body.clave) || undefined, requestId: request.id });
        return reply.redirect(`/reportes/${report.id}?enviado=1`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        const detailErrors = Object.keys(errors).filter((k) => k !== 'fotos');
        if (detailErrors.length > 0) return renderDetails(request, reply, category, body as FormValues, errors);
        return renderConfirm(request, reply, category, body, draft, errors);
      }
    });
  });
}
