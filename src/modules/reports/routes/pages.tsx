// HTML pages of reports: the public list and report page, the three-step report form (works
// with JavaScript off: category, details, then duplicates nearby + photos + send), the
// reporter's contest, the agency's actions and queue, the triage queue, moderation,
// statistics and alerts. Routes parse, call one service function, render or redirect.
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { CSRF_COOKIE } from '../../../platform/http/security.ts';
import type { Deps } from '../../../platform/module.ts';
import type { ChoiceOption } from '../../../platform/views/components.tsx';
import { listAgencies } from '../../agencies/index.ts';
import { getRoles, requireSignedIn } from '../../identity/index.ts';
import { listTerritories, type Territory } from '../../territories/index.ts';
import {
  actOnReport,
  checkReportDraft,
  contestReport,
  createReport,
  findPossibleDuplicates,
  findReportForViewer,
  getReportStats,
  getTimeline,
  hideContent,
  isContestable,
  listAgencyQueue,
  listCategories,
  listMyReports,
  listSubscriptions,
  listTriageQueue,
  searchReports,
  subscribeToReports,
  unsubscribeFromReports,
  supportReport,
  listAgencyWebhooks,
  listRoutingRules,
  setAgencyWebhook,
  type AgencyAction,
  type Official,
} from '../report.service.ts';
import { REPORT_STATUSES, type Category, type NewReport, type ReportStatus } from '../report.types.ts';
import {
  AlertsPage,
  CategoriesPage,
  CategoryChoicePage,
  WebhookPage,
  QueuePage,
  ReportConfirmPage,
  ReportDetailsPage,
  ReportListPage,
  ReportPage,
  StatsPage,
  type FormErrors,
  type FormValues,
  type Formatting,
} from '../views/report.views.tsx';
import { registerReportFiles } from './files.ts';
import { acceptMultipart, type MultipartBody } from './multipart.ts';

type Body = Record<string, string | string[] | undefined>;
const str = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** Form field for each API pointer the service names. */
const FIELD_OF: Record<string, string> = {
  '/categoryCode': 'categoria',
  '/description': 'descripcion',
  '/lat': 'lat',
  '/lon': 'lon',
  '/address': 'direccion',
  '/territoryCode': 'territorio',
  '/isAnonymous': 'anonimo',
  '/subjectAgencyCode': 'institucion',
  '/onBehalfOfTerritory': 'consejo',
  '/photos': 'fotos',
  '/text': 'respuesta',
  '/status': 'estado',
  '/agencyCode': 'institucion',
  '/intoReportId': 'duplicado_de',
  '/files': 'evidencia',
  '/radiusM': 'radio',
};

function formErrors(request: FastifyRequest, error: unknown, reasonField = 'motivo'): FormErrors {
  if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
  const errors: FormErrors = {};
  for (const f of error.fields) {
    const name =
      f.field === '/reason' ? reasonField : f.field.startsWith('/answers/') ? `respuesta.${f.field.slice(9)}` : f.field.startsWith('/photos') ? 'fotos' : (FIELD_OF[f.field] ?? f.field.slice(1));
    errors[name] ??= request.t(f.messageKey, f.params);
  }
  return errors;
}

const coordinate = (text: string): number | null => {
  if (!text) return null;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : 999; // out of range: the service reports it
};

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

/** The fields of the details step, to carry through the confirm step as hidden inputs. */
function carried(body: Body, category: Category): FormValues {
  const names = ['categoria', 'descripcion', 'territorio', 'direccion', 'lat', 'lon', 'anonimo', 'consejo', 'institucion', ...category.questions.map((q) => `respuesta.${q.code}`)];
  return Object.fromEntries(names.filter((n) => body[n] !== undefined && body[n] !== '').map((n) => [n, body[n]]));
}

export function registerReportPages(app: TamboApp, deps: Deps): void {
  registerReportFiles(app, deps);

  // Territories change only when the registry is reloaded: keep the flattened tree a minute.
  let territoryCache: { at: number; all: Territory[] } | undefined;
  const territories = async (): Promise<Territory[]> => {
    if (territoryCache && Date.now() - territoryCache.at < 60_000) return territoryCache.all;
    const all: Territory[] = [];
    const walk = async (parent: string | null) => {
      for (const child of await listTerritories(deps, parent)) {
        all.push(child);
        await walk(child.code);
      }
    };
    await walk(null);
    territoryCache = { at: Date.now(), all };
    return all;
  };
  const territoryOptions = async (): Promise<ChoiceOption[]> => {
    const all = await territories();
    const byCode = new Map(all.map((x) => [x.code, x]));
    return all.map((x) => ({ value: x.code, label: x.path.map((c) => byCode.get(c)?.name ?? c).join(' › ') }));
  };
  const councilOptions = async (): Promise<ChoiceOption[]> => {
    const all = await territories();
    return all.filter((x) => x.level === 'consejo_comunal' || x.level === 'comuna').map((x) => ({ value: x.code, label: x.name }));
  };
  const agencyOptions = async (): Promise<ChoiceOption[]> => (await listAgencies(deps)).map((a) => ({ value: a.code, label: `${a.name} (${a.acronym})` }));
  const formatting = async (request: FastifyRequest): Promise<Formatting> => {
    const all = await territories();
    const names = new Map(all.map((x) => [x.code, x.name]));
    const categories = new Map((await listCategories(deps.db)).map((c) => [c.code, c.name[request.locale]]));
    const format = new Intl.DateTimeFormat(request.locale === 'es' ? deps.country.intlLocale : 'en', { dateStyle: 'medium', timeStyle: 'short', timeZone: deps.country.timeZone });
    return {
      dateTime: (d) => format.format(d),
      territoryName: (code) => (code ? (names.get(code) ?? code) : '—'),
      categoryName: (code) => categories.get(code) ?? code,
    };
  };
  const officialOf = async (request: FastifyRequest): Promise<Official | undefined> => {
    if (!request.current) return undefined;
    const roles = await getRoles(deps, request.current.account.id);
    return { accountId: request.current.account.id, agencyCodes: [...new Set(roles.map((r) => r.agencyCode))], isPlatformAdmin: request.current.account.isPlatformAdmin };
  };
  const signInHref = (request: FastifyRequest) => `/ingresar?volver=${encodeURIComponent(request.url)}`;
  const home = (request: FastifyRequest) => [{ href: '/', label: request.t('portal.home.breadcrumb') }];
  const crumbs = (request: FastifyRequest) => [...home(request), { href: '/reportes', label: request.t('reports.list.title') }];

  // ---- public list
  app.get(
    '/reportes',
    {
      schema: {
        querystring: Type.Object({
          territorio: Type.Optional(Type.String({ maxLength: 64 })),
          categoria: Type.Optional(Type.String({ maxLength: 64 })),
          institucion: Type.Optional(Type.String({ maxLength: 64 })),
          estado: Type.Optional(Type.String({ maxLength: 20 })),
          desde: Type.Optional(Type.String({ maxLength: 10 })),
          hasta: Type.Optional(Type.String({ maxLength: 10 })),
          antes: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const errors: FormErrors = {};
      const day = (text: string | undefined, name: string, end: boolean) => {
        if (!text) return undefined;
        const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T${end ? '23:59:59.999' : '00:00:00'}Z`) : new Date(NaN);
        if (Number.isNaN(date.getTime())) errors[name] = request.t('reports.errors.date');
        return Number.isNaN(date.getTime()) ? undefined : date;
      };
      const startDate = day(q.desde, 'desde', false);
      const endDate = day(q.hasta, 'hasta', true);
      const status = REPORT_STATUSES.includes(q.estado as ReportStatus) ? [q.estado as ReportStatus] : undefined;
      const limit = 50;
      const reports = await searchReports(deps.db, {
        territoryCode: q.territorio || undefined,
        categoryCodes: q.categoria ? [q.categoria] : undefined,
        agencyCode: q.institucion || undefined,
        status,
        startDate,
        endDate,
        beforeId: q.antes,
        limit,
      });
      const next =
        reports.length === limit ? new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'antes' && v)), antes: String(reports[reports.length - 1]!.id) }) : null;
      const tileUrl = deps.config.mapTileUrl || null;
      const official = await officialOf(request);
      const roles = request.current ? await getRoles(deps, request.current.account.id) : [];
      const links = [
        ...(request.current ? [{ href: '/reportes/mis-reportes', labelKey: 'reports.mine.title' }] : []),
        ...(official && official.agencyCodes.length > 0 ? [{ href: '/reportes/institucion', labelKey: 'reports.queue.title' }] : []),
        ...(official?.isPlatformAdmin ? [{ href: '/reportes/triaje', labelKey: 'reports.triage.title' }] : []),
        ...(official?.isPlatformAdmin || roles.some((r) => r.role === 'agency_admin') ? [{ href: '/reportes/integracion', labelKey: 'reports.webhook.title' }] : []),
      ];
      return reply.page({
        status: Object.keys(errors).length ? 400 : 200,
        title: `${Object.keys(errors).length ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.list.title')}`,
        breadcrumbs: home(request),
        body: (
          <ReportListPage
            reports={reports}
            format={await formatting(request)}
            values={q as FormValues}
            territories={await territoryOptions()}
            categories={(await listCategories(deps.db)).map((c) => ({ value: c.code, label: c.name[request.locale] }))}
            agencies={await agencyOptions()}
            nextHref={next ? `/reportes?${next.toString()}` : null}
            errors={errors}
            tileUrl={tileUrl}
            links={links}
            mapPoints={JSON.stringify(reports.filter((r) => r.lat !== null).map((r) => [r.id, r.lat, r.lon]))}
          />
        ),
      });
    },
  );

  // ---- new report, step 1 (category) and step 2 (details)
  app.get('/reportes/nuevo', { schema: { querystring: Type.Object({ categoria: Type.Optional(Type.String({ maxLength: 64 })) }) } }, async (request, reply) => {
    const categories = await listCategories(deps.db);
    const code = request.query.categoria;
    const category = categories.find((c) => c.code === code);
    if (!category) {
      const error = code !== undefined ? request.t('reports.errors.category') : undefined;
      return reply.page({
        status: error ? 400 : 200,
        title: `${error ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.new.title')}`,
        breadcrumbs: crumbs(request),
        body: <CategoryChoicePage categories={categories} error={error} />,
      });
    }
    return renderDetails(request, reply, category, { categoria: category.code, territorio: request.current?.account.territoryCode ?? undefined }, {});
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
    const format = await formatting(request);
    const t = request.t;
    const summary = [
      { key: t('reports.field.category'), value: category.name[request.locale] },
      { key: t('reports.field.description'), value: draft.description },
      ...(draft.territoryCode ? [{ key: t('reports.field.territory'), value: format.territoryName(draft.territoryCode) }] : []),
      ...(draft.address ? [{ key: t('reports.field.address'), value: draft.address }] : []),
      ...(draft.lat != null && draft.lon != null ? [{ key: t('reports.field.point'), value: `${draft.lat}, ${draft.lon}` }] : []),
      { key: t('reports.field.identity'), value: draft.isAnonymous ? t('reports.new.sentAnonymously') : t('reports.new.sentSignedIn') },
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
    acceptMultipart(multipart);
    multipart.post('/reportes/nuevo/enviar', { bodyLimit: 20 * 1024 * 1024 }, async (request, reply) => {
      const body = (request.body ?? {}) as MultipartBody;
      const category = (await listCategories(deps.db)).find((c) => c.code === str(body.categoria));
      if (!category) return reply.redirect('/reportes/nuevo', 303);
      const draft = draftFrom(body, category, request.current !== null);
      draft.photos = body._files?.fotos ?? [];
      try {
        const { report } = await createReport(deps, draft, { actor: actorOf(request, draft), idempotencyKey: str(body.clave) || undefined, requestId: request.id });
        return reply.redirect(`/reportes/${report.id}?enviado=1`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        const detailErrors = Object.keys(errors).filter((k) => k !== 'fotos');
        if (detailErrors.length > 0) return renderDetails(request, reply, category, body as FormValues, errors);
        return renderConfirm(request, reply, category, body, draft, errors);
      }
    });
    multipart.post('/reportes/:id/evidencia', { bodyLimit: 20 * 1024 * 1024, schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (request, reply) => {
      const body = (request.body ?? {}) as MultipartBody;
      const official = await officialOf(request);
      if (!official) throw new AppError('UNAUTHENTICATED');
      const action: AgencyAction = { type: 'evidence', text: str(body.nota) || undefined, files: body._files?.evidencia ?? [] };
      return act(request, reply, request.params.id, official, action, body);
    });
  });

  const act = async (request: FastifyRequest, reply: FastifyReply, id: number, official: Official, action: AgencyAction, body: Body) => {
    try {
      await actOnReport(deps, official, id, action, request.id);
    } catch (error) {
      const reasonField = action.type === 'reassign' ? 'motivo_reasignacion' : 'motivo_estado';
      return renderReport(request, reply, id, { errors: formErrors(request, error, reasonField), values: body as FormValues });
    }
    return reply.redirect(`/reportes/${id}#historial`, 303);
  };

  // ---- one report
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
      canAct: official !== undefined && (report.agencyCode === null ? official.isPlatformAdmin : official.agencyCodes.includes(report.agencyCode)),
      isAdmin: official?.isPlatformAdmin === true,
      canContest: isReporter && report.status === 'resolved' && report.resolvedAt !== null && isContestable(deps, report.resolvedAt, category?.contestDays ?? 0, new Date()),
      canSupport: isOpen && !isReporter,
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
    let action: AgencyAction;
    switch (str(body.accion)) {
      case 'aceptar':
        action = { type: 'accept' };
        break;
      case 'responder':
        action = { type: 'reply', text: str(body.respuesta) };
        break;
      case 'estado':
        action = { type: 'status', status: str(body.estado) as ReportStatus, reason: str(body.motivo_estado) || undefined };
        break;
      case 'reasignar':
        action = { type: 'reassign', agencyCode: str(body.institucion), reason: str(body.motivo_reasignacion) };
        break;
      case 'fusionar': {
        const into = Number(str(body.duplicado_de).replace(/^R-/i, ''));
        action = { type: 'merge', intoReportId: Number.isSafeInteger(into) && into > 0 ? into : 0 };
        break;
      }
      default:
        throw new AppError('BAD_REQUEST');
    }
    return act(request, reply, request.params.id, official, action, body);
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

  // ---- queues
  app.get('/reportes/institucion', async (request, reply) => {
    requireSignedIn(request);
    const official = (await officialOf(request))!;
    if (official.agencyCodes.length === 0) throw new AppError('REPORT_FORBIDDEN');
    const reports = (await Promise.all(official.agencyCodes.map((code) => listAgencyQueue(deps, official, { agencyCode: code })))).flat();
    return reply.page({
      title: request.t('reports.queue.title'),
      breadcrumbs: crumbs(request),
      body: (
        <QueuePage
          title={request.t('reports.queue.title')}
          lead={request.t('reports.queue.lead', { agencies: official.agencyCodes.join(', ') })}
          reports={reports}
          format={await formatting(request)}
        />
      ),
    });
  });

  app.get('/reportes/triaje', async (request, reply) => {
    requireSignedIn(request);
    const official = (await officialOf(request))!;
    if (!official.isPlatformAdmin) throw new AppError('REPORT_FORBIDDEN');
    return reply.page({
      title: request.t('reports.triage.title'),
      breadcrumbs: crumbs(request),
      body: <QueuePage title={request.t('reports.triage.title')} lead={request.t('reports.triage.lead')} reports={await listTriageQueue(deps)} format={await formatting(request)} />,
    });
  });

  app.get('/reportes/mis-reportes', async (request, reply) => {
    const { account } = requireSignedIn(request);
    return reply.page({
      title: request.t('reports.mine.title'),
      breadcrumbs: crumbs(request),
      body: <QueuePage title={request.t('reports.mine.title')} lead={request.t('reports.mine.lead')} reports={await listMyReports(deps, account.id)} format={await formatting(request)} />,
    });
  });

  // ---- statistics
  app.get(
    '/reportes/estadisticas',
    {
      schema: { querystring: Type.Object({ territorio: Type.Optional(Type.String({ maxLength: 64 })), institucion: Type.Optional(Type.String({ maxLength: 64 })) }) },
    },
    async (request, reply) => {
      const q = request.query;
      const stats = await getReportStats(deps, { territoryCode: q.territorio || undefined, agencyCode: q.territorio ? undefined : q.institucion || undefined });
      const format = await formatting(request);
      const agencies = await agencyOptions();
      const scopeLabel = q.territorio
        ? format.territoryName(q.territorio)
        : q.institucion
          ? (agencies.find((a) => a.value === q.institucion)?.label ?? q.institucion)
          : request.t('reports.stats.allCountry');
      return reply.page({
        title: request.t('reports.stats.title'),
        breadcrumbs: crumbs(request),
        body: (
          <StatsPage
            stats={stats}
            scopeLabel={scopeLabel}
            territories={await territoryOptions()}
            agencies={agencies}
            values={q as FormValues}
            byTerritory={
              await Promise.all((await territories()).filter((x) => x.parentCode === null).map(async (x) => ({ label: x.name, stats: await getReportStats(deps, { territoryCode: x.code }) })))
            }
            byAgency={(await Promise.all(agencies.map(async (a) => ({ label: a.label, stats: await getReportStats(deps, { agencyCode: a.value }) })))).filter((x) => x.stats.received > 0)}
          />
        ),
      });
    },
  );

  // ---- alerts
  const renderAlerts = async (request: FastifyRequest, reply: FastifyReply, accountId: string, extra: { errors?: FormErrors; values?: FormValues; notice?: string } = {}) => {
    const format = await formatting(request);
    const subscriptions = (await listSubscriptions(deps, accountId)).map((s) => ({
      id: s.id,
      label: s.territoryCode
        ? request.t('reports.alerts.territoryLabel', { territory: format.territoryName(s.territoryCode) })
        : request.t('reports.alerts.radiusLabel', { radius: s.radiusM ?? 0, lat: s.lat ?? 0, lon: s.lon ?? 0 }),
    }));
    const hasErrors = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.alerts.title')}`,
      breadcrumbs: crumbs(request),
      body: <AlertsPage subscriptions={subscriptions} territories={await territoryOptions()} errors={extra.errors ?? {}} values={extra.values ?? {}} notice={extra.notice} />,
    });
  };
  app.get('/reportes/alertas', async (request, reply) => renderAlerts(request, reply, requireSignedIn(request).account.id));
  app.post('/reportes/alertas', async (request, reply) => {
    const { account } = requireSignedIn(request);
    const body = (request.body ?? {}) as Body;
    try {
      if (str(body.tipo) === 'radio') {
        await subscribeToReports(deps, account.id, { lat: coordinate(str(body.lat)) ?? 999, lon: coordinate(str(body.lon)) ?? 999, radiusM: Number(str(body.radio) || 'x') }, request.id);
      } else {
        await subscribeToReports(deps, account.id, { territoryCode: str(body.territorio) }, request.id);
      }
    } catch (error) {
      return renderAlerts(request, reply, account.id, { errors: formErrors(request, error), values: body as FormValues });
    }
    return reply.redirect('/reportes/alertas', 303);
  });
  app.post('/reportes/alertas/:id/eliminar', { schema: idParams }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await unsubscribeFromReports(deps, account.id, request.params.id, request.id);
    return reply.redirect('/reportes/alertas', 303);
  });

  // ---- delivery to the agency's own system (agency administrators, platform administrators)
  const administered = async (request: FastifyRequest) => {
    const { account } = requireSignedIn(request);
    const roles = await getRoles(deps, account.id);
    const all = await listAgencies(deps);
    const codes = account.isPlatformAdmin ? all.map((a) => a.code) : roles.filter((r) => r.role === 'agency_admin').map((r) => r.agencyCode);
    if (codes.length === 0) throw new AppError('REPORT_FORBIDDEN');
    const who = { accountId: account.id, agencyCodes: [...new Set(roles.map((r) => r.agencyCode))], isPlatformAdmin: account.isPlatformAdmin, roles };
    return { who, options: all.filter((a) => codes.includes(a.code)).map((a) => ({ value: a.code, label: `${a.name} (${a.acronym})` })), codes };
  };
  const renderWebhooks = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; values?: FormValues; notice?: string } = {}) => {
    const { options, codes } = await administered(request);
    const current = (await listAgencyWebhooks(deps, codes)).map((w) => ({ agency: w.agencyCode, url: w.url, isActive: w.isActive }));
    const hasErrors = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.webhook.title')}`,
      breadcrumbs: crumbs(request),
      body: <WebhookPage agencies={options} current={current} errors={extra.errors ?? {}} values={extra.values ?? { activo: 'si' }} notice={extra.notice} />,
    });
  };
  app.get('/reportes/integracion', { schema: { querystring: Type.Object({ guardado: Type.Optional(Type.String({ maxLength: 5 })) }) } }, async (request, reply) =>
    renderWebhooks(request, reply, { notice: request.query.guardado ? request.t('reports.webhook.saved') : undefined }),
  );
  app.post('/reportes/integracion', async (request, reply) => {
    const { who, codes } = await administered(request);
    const body = (request.body ?? {}) as Body;
    const agencyCode = str(body.institucion);
    if (!codes.includes(agencyCode)) return renderWebhooks(request, reply, { errors: { institucion: request.t('reports.errors.agency') }, values: { ...body, secreto: undefined } as FormValues });
    try {
      await setAgencyWebhook(deps, who, { agencyCode, url: str(body.url), secret: str(body.secreto), isActive: list(body.activo).includes('si') }, request.id);
    } catch (error) {
      const errors = formErrors(request, error);
      if (errors.secret) errors.secreto = errors.secret;
      delete errors.secret;
      return renderWebhooks(request, reply, { errors, values: { ...body, secreto: undefined } as FormValues });
    }
    return reply.redirect('/reportes/integracion?guardado=1', 303);
  });

  // ---- who handles what: categories, legal times and routing rules, in public
  app.get('/reportes/categorias', async (request, reply) => {
    const format = await formatting(request);
    const agencies = new Map((await listAgencies(deps)).map((a) => [a.code, a.name]));
    const rules = (await listRoutingRules(deps)).map((r) => ({
      categoryCode: r.categoryCode,
      territory: r.territoryCode ? format.territoryName(r.territoryCode) : request.t('reports.stats.allCountry'),
      agency: agencies.get(r.agencyCode) ?? r.agencyCode,
    }));
    return reply.page({
      title: request.t('reports.categories.title'),
      breadcrumbs: crumbs(request),
      body: <CategoriesPage categories={await listCategories(deps.db)} rules={rules} />,
    });
  });
}
