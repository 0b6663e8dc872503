// HTML pages of reports: the public list, the queues, statistics and who handles what; the
// new report form (report-form.tsx), one report and its actions (report-page.tsx), alerts and
// webhooks (alerts-webhooks.tsx). Routes parse, call one service function, render or redirect.
import { Type } from 'typebox';
import { endOfLocalDay, instantAt } from '../../../platform/country/zoned.ts';
import { hasRole, PLATFORM_ADMIN, requireRole } from '../../../platform/contract/roles.ts';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { parseDate } from '../../../shared/validators.ts';
import { listAgencies } from '../../agencies/index.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { listAgencyQueue, listCategories, listMyReports, listTriageQueue, searchReports } from '../reading.service.ts';
import { isAgencyAdmin } from '../report.policy.ts';
import { REPORT_STATUSES, type ReportStatus } from '../report.types.ts';
import { listRoutingRules } from '../routing.service.ts';
import { getReportStats } from '../stats.service.ts';
import type { FormErrors, FormValues } from '../views/report-common.views.tsx';
import { CategoriesPage, StatsPage } from '../views/report-info.views.tsx';
import { QueuePage, ReportListPage } from '../views/report-list.views.tsx';
import { registerAlertAndWebhookPages } from './alerts-webhooks.tsx';
import { registerReportFiles } from './files.ts';
import { createPageContext } from './page-context.ts';
import { registerReportFormPages } from './report-form.tsx';
import { registerReportPage } from './report-page.tsx';

export function registerReportPages(app: TamboApp, deps: Deps): void {
  registerReportFiles(app, deps);
  const ctx = createPageContext(deps);
  registerReportFormPages(app, deps, ctx);
  registerReportPage(app, deps, ctx);
  registerAlertAndWebhookPages(app, deps, ctx);
  const { territories, territoryOptions, agencyOptions, formatting, officialOf, home, crumbs } = ctx;

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
        // A day on the country's clock: from its midnight to its last millisecond there.
        const date = parseDate(text);
        if (!date) {
          errors[name] = request.t('reports.errors.date');
          return undefined;
        }
        return end ? endOfLocalDay(deps.country.timeZone, date) : instantAt(deps.country.timeZone, date, 0);
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
      const isAdmin = official !== undefined && hasRole(official.grants, { role: PLATFORM_ADMIN });
      const links = [
        ...(request.current ? [{ href: '/reportes/mis-reportes', labelKey: 'reports.mine.title' }] : []),
        ...(official && official.agencyCodes.length > 0 ? [{ href: '/reportes/institucion', labelKey: 'reports.queue.title' }] : []),
        ...(isAdmin ? [{ href: '/reportes/triaje', labelKey: 'reports.triage.title' }] : []),
        ...(isAdmin || (official !== undefined && isAgencyAdmin(official.grants)) ? [{ href: '/reportes/integracion', labelKey: 'reports.webhook.title' }] : []),
      ];
      return reply.page({
        status: Object.keys(errors).length ? 400 : 200,
        title: `${Object.keys(errors).length ? `${request.t('reports.errorPrefix')} ` : ''}${deps.country.terms.reportsName[request.locale]}`,
        breadcrumbs: home(request),
        body: (
          <ReportListPage
            title={deps.country.terms.reportsName[request.locale]}
            lead={deps.country.terms.reportsLead[request.locale]}
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
    requireRole(official.grants, { role: PLATFORM_ADMIN }, 'REPORT_FORBIDDEN');
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
