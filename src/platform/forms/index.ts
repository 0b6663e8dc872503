// Forms and workflows as data: types, the published JSON Schemas, definition validation,
// condition evaluation and answer checking. Pure code: no I/O, no module knowledge.
export * from './form.types.ts';
export { FORM_SCHEMA_ID, MAX_FILE_BYTES, WORKFLOW_SCHEMA_ID, formDefinitionSchema, workflowDefinitionSchema } from './form.schema.ts';
export type { JsonSchema } from './form.schema.ts';
export { validateFormDefinition } from './form.validate.ts';
export { exampleFormDefinition } from './examples.ts';
export type { DefinitionOptions } from './form.validate.ts';
export { evaluateCondition, isAnswered, pruneAnswers, visibleComponents, visiblePages } from './conditions.ts';
export {
  DEFAULT_GROUP_MAX,
  DEFAULT_LONG_TEXT_MAX,
  DEFAULT_TEXT_MAX,
  applyPrefill,
  fieldsFromAnswers,
  firstIncompletePage,
  isPrefilled,
  prefilledValue,
  prefillKey,
  postedGroupItems,
  readPage,
  validateAnswers,
  validatePageAnswers,
} from './answers.ts';
export type { AnswerContext, FormFields, KnownFacts, PageReading } from './answers.ts';
export {
  availableTransitions,
  defaultWorkflow,
  findTransition,
  findWorkflowState,
  tacitTransition,
  validateWorkflowDefinition,
} from './workflow.ts';
