// Public surface of the catalog of procedures (trámites).
export { catalogModule } from './module.ts';
export { findPublishedVersion, findPublishedVersionCached, findVersionById, listAgencyStatistics, listProcedureStatistics, searchProcedures } from './procedure.service.ts';
export { procedureStats } from './procedure.stats.ts';
export { applicationDims, recordProcedureFigures, type ApplicationCell } from './statistics.service.ts';
export { LIFE_EVENTS, procedureNameIn } from './procedure.types.ts';
export type { LifeEvent, ProcedureStatistics, ProcedureVersionRef, PublishedProcedure, TacitOutcome } from './procedure.types.ts';
export { proceduresOfferedByAgency, type AgencyOffer } from './procedure-offer.queries.ts';
/** The ranking's saving per procedure and commitments met, per agency (observatory's ranking). */
export { procedureQualityByAgency, type AgencyQuality } from './quality.service.ts';
/** Who may publish an agency's procedures, and those procedures (documents' template editor reuses the check). */
export { getProcedureForEditing, listProceduresForPublisher } from './procedure.service.ts';
export { canPublishFor, publishingAgencies, type Publisher } from './procedure.policy.ts';
/** A fee by formula: its one reader and validator (payments prices cases with it). */
export { type FeeRule, type FeeRuleProblem, feeRuleProblems, parseFeeRule } from './fee-rules.ts';
/** A procedure created and published by another module's seed (transparency: each holding agency's "Corrección de datos personales"). */
export { createProcedureIn, publishDraftIn } from './procedure.service.ts';
export { findProcedureBySlug } from './procedure.queries.ts';
export { PROCEDURE_DEFAULTS } from './procedure.seed.ts';
export type { ProcedureContent } from './procedure.types.ts';
