// Public surface of the catalog of procedures (trámites).
export { catalogModule } from './module.ts';
export { findPublishedVersion, findVersionById, saveProcedureStatistics, listProcedureStatistics } from './procedure.service.ts';
export type { ProcedureStatistics, ProcedureVersionRef, TacitOutcome } from './procedure.types.ts';
