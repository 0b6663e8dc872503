// Public surface of reports (1x10 del Buen Gobierno: community problems and complaints).
// Reports are accepted synchronously: when createReport returns, the report is committed
// (there is no asynchronous token).
export { reportsModule } from './module.ts';
export {
  createReport,
  findReport,
  getReport,
  getReportStats,
  getTimeline,
  listCategories,
  listReportUpdates,
  parseReportId,
  searchReports,
  type CreateReportOptions,
} from './report.service.ts';
/** Recomputes the statistics from the reports (repair, after bulk loads). */
export { rebuildStats as rebuildReportStats } from './report.queries.ts';
export { seedCategories as seedReportCategories } from './report.seed.ts';
export { signBody as signReportWebhookBody, SIGNATURE_HEADER as REPORT_SIGNATURE_HEADER } from './report.delivery.ts';
export type { Category, CategoryQuestion, NewReport, QuestionDatatype, Report, ReportActor, ReportFilters, ReportStats, ReportStatus, ReportUpdate, TimelineEntry } from './report.types.ts';
