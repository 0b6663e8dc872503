import { defineModule } from '../../platform/module.ts';
import { reportsMapPoints } from './map-points.service.ts';
import { reportsOverdue } from './overdue.service.ts';
import { reportNotices } from './notices.ts';
import { alertSubscribers, type SubmittedReport } from './alerts.service.ts';
import { ESCALATION_JOB, escalateOverdueReports } from './escalation.service.ts';
import { seedReports } from './report.seed.ts';
import { reportStats } from './reports.stats.ts';
import { registerReportsAdmin } from './routes/admin.tsx';
import { registerReportApi } from './routes/api.ts';
import { registerReportPages } from './routes/pages.tsx';
import { reportsPersonalData } from './personal-data.service.ts';
import { reportsWebhookTopics } from './webhook-topics.ts';
import { scheduleRoutedDelivery } from './webhooks.service.ts';
import { routingCache } from './routing.service.ts';

export const reportsModule = defineModule({
  name: 'reports',
  dependsOn: ['territories', 'agencies', 'identity', 'mailbox'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: [new URL('./locales/', import.meta.url), new URL('./locales/contract/', import.meta.url)],
  errors: {
    REPORT_NOT_FOUND: { status: 404, title: 'No report has this number' },
    REPORT_CATEGORY_NOT_FOUND: { status: 404, title: 'No report category has this code' },
    REPORT_FORBIDDEN: { status: 403, title: 'Only the competent agency (or the reporter) may do this on the report' },
    REPORT_INVALID_TRANSITION: { status: 409, title: 'The report is not in a state that allows this action' },
    REPORT_NOT_OPEN: { status: 409, title: 'The report is closed' },
    REPORT_OWN_AGENCY: { status: 403, title: 'Staff of the agency a report is addressed to cannot support it' },
    REPORT_NOT_CONTESTABLE: { status: 409, title: 'Only a resolved report can be contested' },
    REPORT_CONTEST_PERIOD_OVER: { status: 409, title: 'The period to contest the resolution is over' },
  },
  routes: (app, deps) => {
    // New reports read categories and routing rules from a cache the bus keeps true (routing.service.ts).
    routingCache.listen(deps.bus);
    registerReportApi(app, deps);
    registerReportPages(app, deps);
    registerReportsAdmin(app, deps);
  },
  jobs: {
    // reports:escalate_overdue runs on the schedule below. Deliveries to agencies' systems are the
    // platform's webhook jobs now; `deliver` only ends the jobs enqueued before migration 004
    // moved the subscriptions (their deliveries were dropped with reports.delivery).
    deliver: async () => undefined,
    [ESCALATION_JOB]: async (_payload, deps) => {
      const { failed } = await escalateOverdueReports(deps, new Date(), (reportId, error) => deps.log.error({ err: error, reportId }, 'reports: escalation failed'));
      if (failed.length > 0) deps.log.warn({ failed: failed.length }, 'reports: some overdue reports were not escalated; the next run retries them');
    },
  },
  // The one sweep of legal time: reports past their due instant without an answer are escalated.
  schedule: { [ESCALATION_JOB]: '*/5 * * * *' },
  eventHandlers: {
    // One subscriber (one job per report) does the follow-up of a new report: alerts (one
    // `reports.alert` event per subscriber whose territory or circle the report falls in; the
    // mailbox or e-mail wiring subscribes to it).
    // The `mailbox` subscribers (notices.ts) follow up reporters, subscribers and, on escalation,
    // the admins of the agency and of its superior agency.
    'reports.submitted': {
      ...reportNotices['reports.submitted'],
      follow_up: async (event, deps) => {
        const p = event.payload as SubmittedReport;
        await alertSubscribers(deps, p, event.id);
      },
      // The agency's system hears of the routed report (out of the submission's one statement).
      webhook: async (event, deps) => {
        const p = event.payload as SubmittedReport;
        await scheduleRoutedDelivery(deps, p.reportId, p.agencyCode);
      },
    },
    'reports.accepted': reportNotices['reports.accepted'],
    'reports.replied': reportNotices['reports.replied'],
    'reports.status_changed': reportNotices['reports.status_changed'],
    'reports.merged': reportNotices['reports.merged'],
    'reports.reopened': reportNotices['reports.reopened'],
    'reports.alert': reportNotices['reports.alert'],
    'reports.escalated': reportNotices['reports.escalated'],
  },
  seed: (deps) => seedReports(deps),
  nav: [{ href: '/reportes', labelKey: 'reports.nav' }],
  adminLinks: [{ href: '/admin/reportes', labelKey: 'reports.admin.title', textKey: 'reports.admin.homeText', audience: 'platformAdmin' }],
  overdue: reportsOverdue,
  mapPoints: reportsMapPoints,
  personalData: reportsPersonalData,
  webhookTopics: reportsWebhookTopics,
  stats: reportStats,
});
