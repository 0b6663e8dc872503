// Public surface of applications and cases.
export { casesModule } from './module.ts';
export { applyLegalDeadlines, getAgencyStatistics, refreshProcedureStatistics, submitApplication } from './case.service.ts';
export type { Case, CaseEvent, Channel } from './case.types.ts';
