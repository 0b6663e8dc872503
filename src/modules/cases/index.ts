// Public surface of applications and cases.
export { casesModule } from './module.ts';
export { applyLegalDeadlines } from './services/deadlines.service.ts';
export { rebuildProcedureStatistics } from './services/statistics.service.ts';
export { submitApplication } from './services/submission.service.ts';
/** The staff start page's figures (portal): open, unassigned, own and overdue cases per agency the person handles. */
export { queueCounts } from './services/queue.service.ts';
/** A case's answers, for payments' fee rules over them. */
export { caseAnswers } from './services/queue.service.ts';
export { PAYMENT_TRANSITIONS, recordCasePayment } from './services/payment.service.ts';
export type { Case, CaseEvent, Channel } from './case.types.ts';
