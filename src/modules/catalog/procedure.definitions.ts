// Checks the form and workflow definitions of a procedure version before it is saved, with
// the platform's validators (src/platform/forms): every problem names its JSON pointer.
import type { CountryProfile } from '../../platform/country/profile.ts';
import type { FieldError } from '../../platform/errors.ts';
import { validateFormDefinition, validateWorkflowDefinition, type DefinitionError } from '../../platform/forms/index.ts';

const toFieldErrors = (root: '/form' | '/workflow', errors: DefinitionError[]): FieldError[] =>
  errors.map((e) => ({ field: `${root}${e.path === '/' ? '' : e.path}`, messageKey: 'catalog.errors.definition', params: { path: e.path || '/', reason: e.message } }));

/** Problems of the form and workflow definitions, each with the JSON pointer of the problem. */
export function definitionProblems(content: { form: unknown | null; workflow: unknown | null }, country: CountryProfile): FieldError[] {
  const problems: FieldError[] = [];
  if (content.form !== null) {
    const result = validateFormDefinition(content.form, { country });
    if (!result.ok) problems.push(...toFieldErrors('/form', result.errors));
  }
  if (content.workflow !== null) {
    const result = validateWorkflowDefinition(content.workflow);
    if (!result.ok) problems.push(...toFieldErrors('/workflow', result.errors));
  }
  return problems;
}
