// Public surface of reports (1x10 del Buen Gobierno: community problems and complaints).
// Reports are accepted synchronously: when createReport returns, the report is committed
// (there is no asynchronous token).
export { reportsModule } from './module.ts';
export { findReport, getReport, getTimeline, listCategories, listReportUpdates, parseReportId, searchReports } from './reading.service.ts';
export { createReport, type CreateReportOptions } from './submission.service.ts';
/** The staff start page's figures (portal): open and overdue reports per agency handled, the triage queue for platform administrators. */
export { STAFF_COUNT_LIMIT, staffReportCounts } from './reading.service.ts';
/** Recomputes the statistics from the reports (repair, after bulk loads). */
export { getReportStats, rebuildReportStats } from './stats.service.ts';
/** Public reports' points (id, created_at, lat, lon, territory path), batched: for another module's rebuild of a figure. */
export { type PublicReportPoint, publicReportPoints } from './map-points.service.ts';
export { seedCategories as seedReportCategories } from './report.seed.ts';
export type { Category, CategoryQuestion, NewReport, QuestionDatatype, Report, ReportActor, ReportFilters, ReportStats, ReportStatus, ReportUpdate, TimelineEntry } from './report.types.ts';
