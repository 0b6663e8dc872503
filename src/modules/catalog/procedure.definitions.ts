// Checks the form and workflow definitions of a procedure version before it is saved.
import type { FieldError } from '../../platform/errors.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Problems of the form and workflow definitions, each with the JSON pointer of the problem. */
export function definitionProblems(content: { form: unknown | null; workflow: unknown | null }): FieldError[] {
  const problems: FieldError[] = [];
  if (content.form !== null && !isObject(content.form)) problems.push({ field: '/form', messageKey: 'catalog.errors.definitionObject' });
  if (content.workflow !== null && !isObject(content.workflow)) problems.push({ field: '/workflow', messageKey: 'catalog.errors.definitionObject' });
  return problems;
}
