// Public surface of the Observatorio and the plans model: subnational governments' plans
// (departments, municipalities) reuse the same model through these functions.
export { observatoryModule } from './module.ts';
export {
  addEvaluation,
  editIndicator,
  ensurePlans,
  getIndicatorHistory,
  getPlan,
  getPlanLines,
  getPlanView,
  listEvaluations,
  listPlans,
  snapshotYear,
  type Actor,
  type IndicatorHistory,
  type IndicatorInput,
} from './plans.service.ts';
export { fileYearlyReport, listReports, type ReportInput } from './yearly-report.service.ts';
export { evaluateFormula, formulaProblems } from './figures.service.ts';
export { indicatorRows, indicatorsCsv } from './export.service.ts';
export { PLAN_ADMIN, PLAN_REPORTER } from './observatory.policy.ts';
export type { Formula, Indicator, IndicatorStatus, Line, Plan, PlanSpec, PlanView, StatTerm, YearlyReport } from './observatory.types.ts';
