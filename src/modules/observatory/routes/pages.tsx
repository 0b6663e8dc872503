// The Observatorio's pages: the public plan page (/observatorio, /observatorio/planes/:plan),
// an indicator's history, the CSV export; the entity's yearly report form and the
// administrators' forms. Plain forms: everything works without JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError, type FieldError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../../agencies/index.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { publicFigureNames } from '../figures.service.ts';
import { canAdministerPlan, reportingAgencies } from '../observatory.policy.ts';
import { type Actor, addEvaluation, currentYear, editIndicator, getIndicatorHistory, getPlan, getPlanView, listEvaluations, listPlans, requirePlanAdmin } from '../plans.service.ts';
import { indicatorsCsv } from '../export.service.ts';
import { type EvidenceUpload, fileYearlyReport, listReports, MAX_REPORT_FILE_BYTES, MAX_REPORT_FILES, reportFile, reportForm } from '../yearly-report.service.ts';
import { EditIndicatorPage, EvaluationForm, type FormErrors, type IndicatorValues, ReportFormPage, type ReportValues } from '../views/forms.views.tsx';
import { IndicatorPage, PlanPage } from '../views/observatory.views.tsx';
import { LevelsPage } from '../views/levels.views.tsx';
import { levelsView } from '../levels.service.ts';
import { addLine, addLineIndicator, type LineIndicatorInput, type LineInput, listLines } from '../structure.service.ts';
import { LinePage, type LineValues, StructurePage } from '../views/structure.views.tsx';
import { addGoal, editGoal, editLine, lineDetail, moveLine, retireLine, retireLineIndicator } from '../plan-editing.service.ts';

const Text = (max = 4000) => Type.Optional(Type.String({ maxLength: max }));
const PlanParams = Type.Object({ plan: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }) });
const IndicatorParams = Type.Object({ plan: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }), code: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,59}$' }) });
const AgencyQuery = Type.Object({ entidad: Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{2,20}$' })) });

function fieldErrors(request: FastifyRequest, fields: FieldError[]): FormErrors {
  const errors: FormErrors = {};
  for (const f of fields) errors[f.field] ??= request.t(f.messageKey, f.params);
  return errors;
}

async function attempt<T>(request: FastifyRequest, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') return { ok: false, errors: fieldErrors(request, error.fields) };
    throw error;
  }
}

/** The signed-in person, or null (public pages show more to the plan's people). */
async function actorOf(deps: Deps, request: FastifyRequest, required: boolean): Promise<Actor | null> {
  const current = required ? requireSignedIn(request) : request.current;
  if (!current) return null;
  return { accountId: current.account.id, grants: roleGrantsOf(current.account, await getRoles(deps, current.account.id)), requestId: request.id };
}

const titleOf = (request: FastifyRequest, title: string, errors: FormErrors) => (Object.keys(errors).length > 0 ? request.t('observatory.errorTitle', { title }) : title);

export function registerObservatoryPages(app: TamboApp, deps: Deps): void {
  const agencyNames = async () => Object.fromEntries((await listAgencies(deps)).map((a) => [a.code, a.name]));

  const planPage = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const [view, actor] = await Promise.all([getPlanView(deps, code), actorOf(deps, request, false)]);
    const [reports, evaluations, names] = await Promise.all([listReports(deps, view.plan), listEvaluations(deps, view.plan), agencyNames()]);
    if (!actor) reply.header('cache-control', 'public, max-age=60');
    return reply.page({
      title: request.t('observatory.heading'),
      description: view.plan.title,
      body: (
        <PlanPage
          view={view}
          reports={reports}
          evaluations={evaluations}
          canEdit={actor ? canAdministerPlan(actor.grants, view.plan) : false}
          reportFor={actor ? reportingAgencies(actor.grants) : []}
          agencyNames={names}
        />
      ),
    });
  };

  app.get('/observatorio', async (request, reply) => {
    const plans = await listPlans(deps);
    const main = plans.find((p) => p.territoryCode === null) ?? plans[0];
    if (!main) return reply.page({ title: request.t('observatory.heading'), body: <p>{request.t('observatory.noPlans')}</p> });
    return planPage(request, reply, main.code);
  });

  // The plan's goals per level of the State, from the register of public entities.
  app.get('/observatorio/entidades', { schema: { hide: true, querystring: Type.Object({ anio: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }) } }, async (request, reply) => {
    const view = await levelsView(deps, request.query.anio ?? currentYear(deps));
    reply.header('cache-control', 'public, max-age=60');
    return reply.page({
      title: request.t('observatory.levels.title'),
      description: request.t('observatory.levels.lead'),
      breadcrumbs: [{ href: '/observatorio', label: request.t('observatory.heading') }],
      body: <LevelsPage view={view} />,
    });
  });

  app.get('/observatorio/planes/:plan', { schema: { params: PlanParams } }, async (request, reply) => planPage(request, reply, request.params.plan));

  app.get('/observatorio/planes/:plan/indicadores.csv', { schema: { params: PlanParams } }, async (request, reply) => {
    const csv = await indicatorsCsv(deps, request.params.plan);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="indicadores-${request.params.plan}.csv"`)
      .header('cache-control', 'public, max-age=60')
      .send(csv);
  });

  app.get('/observatorio/planes/:plan/indicadores/:code', { schema: { params: IndicatorParams } }, async (request, reply) => {
    const history = await getIndicatorHistory(deps, request.params.plan, request.params.code);
    return reply.page({
      title: history.status.indicator.name,
      breadcrumbs: [{ href: `/observatorio/planes/${history.plan.code}`, label: request.t('observatory.heading') }],
      body: <IndicatorPage history={history} />,
    });
  });

  // The entity's yearly report.
  const reportPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    code: string,
    agencyCode: string | undefined,
    form: { values?: ReportValues; errors?: FormErrors; status?: number } = {},
  ) => {
    const mine = reportingAgencies(actor.grants);
    const agency = agencyCode ?? mine[0];
    if (!agency) throw new AppError('OBSERVATORY_FORBIDDEN');
    const { plan, lines, indicators, filed } = await reportForm(deps, actor, code, agency);
    const names = await agencyNames();
    const errors = form.errors ?? {};
    reply.header('cache-control', 'no-store');
    return reply.page({
      status: form.status ?? (Object.keys(errors).length > 0 ? 400 : 200),
      title: titleOf(request, request.t('observatory.report.title'), errors),
      breadcrumbs: [{ href: `/observatorio/planes/${plan.code}`, label: request.t('observatory.heading') }],
      body: (
        <ReportFormPage
          plan={plan}
          agencyCode={agency}
          agencies={mine.map((c) => ({ code: c, name: names[c] ?? c }))}
          lines={lines}
          indicators={indicators}
          filed={filed}
          values={form.values ?? { year: String(Math.min(plan.endYear, currentYear(deps) - 1)), lines: {}, figures: {} }}
          errors={errors}
        />
      ),
    });
  };

  app.get('/observatorio/planes/:plan/informe', { schema: { params: PlanParams, querystring: AgencyQuery } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    return reportPage(request, reply, actor, request.params.plan, request.query.entidad);
  });

  // The report is multipart (evidence files, checked by content); a form without files may come urlencoded.
  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_REPORT_FILE_BYTES, maxFiles: MAX_REPORT_FILES, allowed: ['application/pdf', 'image/png', 'image/jpeg'] });
    multipart.post(
      '/observatorio/planes/:plan/informe',
      { schema: { params: PlanParams, querystring: AgencyQuery, body: Type.Record(Type.String({ maxLength: 80 }), Type.String({ maxLength: 4000 })) } },
      async (request, reply) => {
        const actor = (await actorOf(deps, request, true))!;
        const agency = request.query.entidad ?? reportingAgencies(actor.grants)[0] ?? '';
        const { lines, indicators } = await reportForm(deps, actor, request.params.plan, agency);
        const body = request.body as Record<string, string>;
        const values: ReportValues = {
          year: body.year ?? '',
          lines: Object.fromEntries(lines.map((l) => [l.id, { done: body[`done-${l.position}`] ?? '', evidence: body[`evidence-${l.position}`] ?? '' }])),
          figures: Object.fromEntries(indicators.map((i) => [i.code, body[`figure-${i.code}`] ?? ''])),
        };
        const files: Record<string, EvidenceUpload[]> = {};
        if (request.isMultipart()) {
          try {
            const form = readMultipartForm(request);
            for (const line of lines) files[line.id] = (form.files[`files-${line.position}`] ?? []) as EvidenceUpload[];
          } catch (error) {
            if (!isAppError(error)) throw error;
            const fields = error.fields.length > 0 ? error.fields : [{ field: `files-${lines[0]?.position ?? 1}`, messageKey: `errors.${error.code}`, params: error.params }];
            return reportPage(request, reply, actor, request.params.plan, agency, { values, errors: fieldErrors(request, fields) });
          }
        }
        try {
          const result = await attempt(request, () => fileYearlyReport(deps, actor, request.params.plan, agency, { ...values, files }));
          if (!result.ok) return reportPage(request, reply, actor, request.params.plan, agency, { values, errors: result.errors });
        } catch (error) {
          // Already filed (a second tab, a double submit): said next to the year, the text kept.
          if (!isAppError(error) || error.code !== 'OBSERVATORY_REPORT_EXISTS') throw error;
          return reportPage(request, reply, actor, request.params.plan, agency, { values, errors: { year: request.t('observatory.errors.reportExists', { year: values.year }) }, status: 409 });
        }
        return reply.redirect(`/observatorio/planes/${request.params.plan}#informes`, 303);
      },
    );
  });

  app.get(
    '/observatorio/informes/:report/archivos/:position',
    { schema: { params: Type.Object({ report: Type.String({ format: 'uuid' }), position: Type.Integer({ minimum: 0, maximum: 50 }) }) } },
    async (request, reply) => {
      const file = await reportFile(deps, request.params.report, request.params.position);
      if (!file) throw new AppError('OBSERVATORY_NOT_FOUND');
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('cache-control', 'public, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );

  // The plan's administrators: an indicator and its targets, evaluation notes.
  const editPage = async (request: FastifyRequest, reply: FastifyReply, actor: Actor, params: { plan: string; code: string }, form: { values?: IndicatorValues; errors?: FormErrors } = {}) => {
    const plan = await requirePlanAdmin(deps, actor, params.plan);
    const history = await getIndicatorHistory(deps, plan.code, params.code);
    const indicator = history.status.indicator;
    const errors = form.errors ?? {};
    const year = String(plan.endYear);
    const values: IndicatorValues = form.values ?? {
      name: indicator.name,
      unit: indicator.unit,
      direction: indicator.direction,
      baseline: indicator.baseline === null ? '' : String(indicator.baseline),
      baselineYear: indicator.baselineYear === null ? '' : String(indicator.baselineYear),
      formula: indicator.formula ? JSON.stringify(indicator.formula) : '',
      responsibleAgency: indicator.responsibleAgency,
      targetYear: year,
      target: indicator.targets[year] === undefined ? '' : String(indicator.targets[year]),
    };
    reply.header('cache-control', 'no-store');
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleOf(request, request.t('observatory.edit.title'), errors),
      breadcrumbs: [{ href: `/observatorio/planes/${plan.code}`, label: request.t('observatory.heading') }],
      body: <EditIndicatorPage plan={plan} indicator={indicator} values={values} errors={errors} figures={publicFigureNames(deps)} />,
    });
  };

  app.get('/observatorio/planes/:plan/indicadores/:code/editar', { schema: { params: IndicatorParams } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    return editPage(request, reply, actor, request.params);
  });

  app.post(
    '/observatorio/planes/:plan/indicadores/:code/editar',
    {
      schema: {
        params: IndicatorParams,
        body: Type.Object({
          name: Text(300),
          unit: Text(20),
          direction: Text(20),
          baseline: Text(40),
          baselineYear: Text(10),
          formula: Text(2000),
          responsibleAgency: Text(40),
          targetYear: Text(10),
          target: Text(40),
        }),
      },
    },
    async (request, reply) => {
      const actor = (await actorOf(deps, request, true))!;
      const b = request.body;
      const values: IndicatorValues = {
        name: b.name ?? '',
        unit: b.unit ?? '',
        direction: b.direction ?? '',
        baseline: b.baseline ?? '',
        baselineYear: b.baselineYear ?? '',
        formula: b.formula ?? '',
        responsibleAgency: b.responsibleAgency ?? '',
        targetYear: b.targetYear ?? '',
        target: b.target ?? '',
      };
      const result = await attempt(request, () => editIndicator(deps, actor, request.params.plan, request.params.code, values));
      if (!result.ok) return editPage(request, reply, actor, request.params, { values, errors: result.errors });
      return reply.redirect(`/observatorio/planes/${request.params.plan}/indicadores/${request.params.code}`, 303);
    },
  );

  const evaluationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    code: string,
    form: { values?: { kind: string; year: string; note: string }; errors?: FormErrors } = {},
  ) => {
    const plan = await requirePlanAdmin(deps, actor, code);
    const errors = form.errors ?? {};
    reply.header('cache-control', 'no-store');
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleOf(request, request.t('observatory.evaluationForm.title'), errors),
      breadcrumbs: [{ href: `/observatorio/planes/${plan.code}`, label: request.t('observatory.heading') }],
      body: <EvaluationForm plan={plan} values={form.values ?? { kind: 'mid_term', year: String(currentYear(deps)), note: '' }} errors={errors} />,
    });
  };

  app.get('/observatorio/planes/:plan/evaluaciones', { schema: { params: PlanParams } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    return evaluationPage(request, reply, actor, request.params.plan);
  });

  app.post('/observatorio/planes/:plan/evaluaciones', { schema: { params: PlanParams, body: Type.Object({ kind: Text(20), year: Text(10), note: Text(8000) }) } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    const values = { kind: request.body.kind ?? '', year: request.body.year ?? '', note: request.body.note ?? '' };
    const result = await attempt(request, () => addEvaluation(deps, actor, request.params.plan, values));
    if (!result.ok) return evaluationPage(request, reply, actor, request.params.plan, { values, errors: result.errors });
    const plan = await getPlan(deps, request.params.plan);
    return reply.redirect(`/observatorio/planes/${plan.code}#evaluaciones`, 303);
  });
}

const LineBody = Type.Object({ axis: Text(300), title: Text(400) });
const IndicatorBody = Type.Object({ line: Text(40), name: Text(400), unit: Text(20), baseline: Text(30), target: Text(30), targetYear: Text(10) });

/** The administrators' page of a plan's structure: a new line, a new indicator under a line. */
export function registerStructurePages(app: TamboApp, deps: Deps): void {
  const page = async (request: FastifyRequest, reply: FastifyReply, code: string, form: { line?: LineInput; indicator?: LineIndicatorInput; errors?: FormErrors } = {}) => {
    const actor = (await actorOf(deps, request, true))!;
    const plan = await requirePlanAdmin(deps, actor, code);
    const errors = form.errors ?? {};
    reply.header('cache-control', 'no-store');
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleOf(request, request.t('observatory.structure.title'), errors),
      breadcrumbs: [{ href: `/observatorio/planes/${plan.code}`, label: request.t('observatory.heading') }],
      body: (
        <StructurePage
          plan={plan}
          lines={await listLines(deps, plan)}
          line={form.line ?? { axis: '', title: '' }}
          indicator={form.indicator ?? { line: '', name: '', unit: 'percent', baseline: '', target: '', targetYear: String(plan.endYear) }}
          errors={errors}
        />
      ),
    });
  };

  app.get('/observatorio/planes/:plan/estructura', { schema: { params: PlanParams } }, (request, reply) => page(request, reply, request.params.plan));

  app.post('/observatorio/planes/:plan/estructura/lineas', { schema: { params: PlanParams, body: LineBody } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    const line = { axis: request.body.axis ?? '', title: request.body.title ?? '' };
    const result = await attempt(request, () => addLine(deps, actor, request.params.plan, line));
    if (!result.ok) return page(request, reply, request.params.plan, { line, errors: result.errors });
    return reply.redirect(`/observatorio/planes/${request.params.plan}/estructura`, 303);
  });

  app.post('/observatorio/planes/:plan/estructura/indicadores', { schema: { params: PlanParams, body: IndicatorBody } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    const b = request.body;
    const indicator = { line: b.line ?? '', name: b.name ?? '', unit: b.unit ?? '', baseline: b.baseline ?? '', target: b.target ?? '', targetYear: b.targetYear ?? '' };
    const result = await attempt(request, () => addLineIndicator(deps, actor, request.params.plan, indicator));
    if (!result.ok) return page(request, reply, request.params.plan, { indicator, errors: result.errors });
    return reply.redirect(`/observatorio/planes/${request.params.plan}`, 303);
  });

  registerLinePages(app, deps);
}

const LineParams = Type.Object({ plan: PlanParams.properties.plan, line: Type.String({ format: 'uuid' }) });
const GoalParams = Type.Object({ plan: PlanParams.properties.plan, line: Type.String({ format: 'uuid' }), position: Type.Integer({ minimum: 1, maximum: 1000 }) });
const LineIndicatorParams = Type.Object({ plan: PlanParams.properties.plan, line: Type.String({ format: 'uuid' }), code: IndicatorParams.properties.code });
const FreeBody = Type.Record(Type.String({ maxLength: 80 }), Type.String({ maxLength: 1000 }));

/** A line's page and its changes: rename, move, retire; goals added and edited; indicators retired. */
function registerLinePages(app: TamboApp, deps: Deps): void {
  const page = async (request: FastifyRequest, reply: FastifyReply, params: { plan: string; line: string }, form: { values?: Partial<LineValues>; errors?: FormErrors } = {}) => {
    const actor = (await actorOf(deps, request, true))!;
    const detail = await lineDetail(deps, actor, params.plan, params.line);
    const errors = form.errors ?? {};
    const values: LineValues = { axis: detail.line.axis, title: detail.line.title, newGoal: '', goals: {}, ...form.values };
    reply.header('cache-control', 'no-store');
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleOf(request, request.t('observatory.lineEdit.title'), errors),
      breadcrumbs: [
        { href: `/observatorio/planes/${detail.plan.code}`, label: request.t('observatory.heading') },
        { href: `/observatorio/planes/${detail.plan.code}/estructura`, label: request.t('observatory.structure.title') },
      ],
      body: <LinePage detail={detail} values={values} errors={errors} />,
    });
  };
  const lineUrl = (p: { plan: string; line: string }) => `/observatorio/planes/${p.plan}/estructura/lineas/${p.line}`;
  const structureUrl = (p: { plan: string }) => `/observatorio/planes/${p.plan}/estructura`;

  app.get('/observatorio/planes/:plan/estructura/lineas/:line', { schema: { params: LineParams } }, (request, reply) => page(request, reply, request.params));

  app.post('/observatorio/planes/:plan/estructura/lineas/:line', { schema: { params: LineParams, body: LineBody } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    const line = { axis: request.body.axis ?? '', title: request.body.title ?? '' };
    const result = await attempt(request, () => editLine(deps, actor, request.params.plan, request.params.line, line));
    if (!result.ok) return page(request, reply, request.params, { values: line, errors: result.errors });
    return reply.redirect(structureUrl(request.params), 303);
  });

  app.post('/observatorio/planes/:plan/estructura/lineas/:line/mover', { schema: { params: LineParams, body: Type.Object({ from: Text(10), direction: Text(10) }) } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    await moveLine(deps, actor, request.params.plan, request.params.line, { from: request.body.from ?? '', direction: request.body.direction ?? '' });
    return reply.redirect(structureUrl(request.params), 303);
  });

  app.post('/observatorio/planes/:plan/estructura/lineas/:line/retirar', { schema: { params: LineParams, body: Type.Object({ confirm: Text(10) }) } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    const result = await attempt(request, () => retireLine(deps, actor, request.params.plan, request.params.line, { confirm: request.body.confirm ?? '' }));
    if (!result.ok) return page(request, reply, request.params, { errors: result.errors });
    return reply.redirect(structureUrl(request.params), 303);
  });

  app.post('/observatorio/planes/:plan/estructura/lineas/:line/metas', { schema: { params: LineParams, body: Type.Object({ newGoal: Text(1000) }) } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    const newGoal = request.body.newGoal ?? '';
    const result = await attempt(request, () => addGoal(deps, actor, request.params.plan, request.params.line, { title: newGoal }));
    if (!result.ok) return page(request, reply, request.params, { values: { newGoal }, errors: result.errors });
    return reply.redirect(lineUrl(request.params), 303);
  });

  app.post('/observatorio/planes/:plan/estructura/lineas/:line/metas/:position', { schema: { params: GoalParams, body: FreeBody } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    const { position } = request.params;
    const title = (request.body as Record<string, string>)[`goal-${position}`] ?? '';
    const result = await attempt(request, () => editGoal(deps, actor, request.params.plan, request.params.line, position, { title }));
    if (!result.ok) return page(request, reply, request.params, { values: { goals: { [String(position)]: title } }, errors: result.errors });
    return reply.redirect(lineUrl(request.params), 303);
  });

  app.post('/observatorio/planes/:plan/estructura/lineas/:line/indicadores/:code/retirar', { schema: { params: LineIndicatorParams, body: FreeBody } }, async (request, reply) => {
    const actor = (await actorOf(deps, request, true))!;
    const confirm = (request.body as Record<string, string>)[`retire-${request.params.code}`] ?? '';
    const result = await attempt(request, () => retireLineIndicator(deps, actor, request.params.plan, request.params.line, request.params.code, { confirm }));
    if (!result.ok) return page(request, reply, request.params, { errors: result.errors });
    return reply.redirect(lineUrl(request.params), 303);
  });
}
