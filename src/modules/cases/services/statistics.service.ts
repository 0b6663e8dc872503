// Statistics of cases, pushed to the catalog.
import type { Deps } from '../../../platform/module.ts';
import { saveProcedureStatistics, type ProcedureStatistics } from '../../catalog/index.ts';
import { computeAgencyFigures, computeProcedureFigures, type ProcedureFigures } from '../case.queries.ts';

function toStatistics(figures: ProcedureFigures): ProcedureStatistics {
  return {
    applications: figures.applications,
    completed: figures.completed,
    medianDaysToComplete: figures.medianDaysToComplete,
    shareWithinLegalTime: figures.completed > 0 ? Math.round((figures.withinLegalTime / figures.completed) * 1000) / 1000 : null,
    satisfactionAverage: figures.satisfactionAverage,
    satisfactionCount: figures.satisfactionCount,
  };
}

/** Recomputes a procedure's figures and pushes them to the catalog (run on every submission, decision and rating). */
export async function refreshProcedureStatistics(deps: Pick<Deps, 'db'>, procedureId: string): Promise<void> {
  await saveProcedureStatistics(deps.db, procedureId, toStatistics(await computeProcedureFigures(deps.db, procedureId)));
}

/** The same figures for all of an agency's procedures, computed on demand. */
export async function getAgencyStatistics(deps: Pick<Deps, 'db'>, agencyCode: string): Promise<ProcedureStatistics> {
  return toStatistics(await computeAgencyFigures(deps.db, agencyCode));
}
