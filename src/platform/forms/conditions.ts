// Conditions are evaluated by walking the data: nothing a publisher writes is ever run as code.
import type { AnswerValue, Answers, Condition, FormComponent, FormDefinition, FormPage } from './form.types.ts';

export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

/** Whether `condition` holds for `answers`. */
export function evaluateCondition(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((child) => evaluateCondition(child, answers));
  if ('any' in condition) return condition.any.some((child) => evaluateCondition(child, answers));
  if ('not' in condition) return !evaluateCondition(condition.not, answers);
  const value = answers[condition.field];
  if ('answered' in condition) return isAnswered(value) === condition.answered;
  if ('equals' in condition) return value === condition.equals;
  if ('notEquals' in condition) return value !== condition.notEquals;
  if ('in' in condition) return condition.in.some((item) => item === value);
  if ('includes' in condition) return Array.isArray(value) && (value as unknown[]).includes(condition.includes);
  if ('greaterThan' in condition) return typeof value === 'number' && value > condition.greaterThan;
  return typeof value === 'number' && value < condition.lessThan;
}

const shows = (item: { showIf?: Condition }, answers: Answers) => !item.showIf || evaluateCondition(item.showIf, answers);

/** The pages the person is asked, in order, given the answers so far. */
export function visiblePages(definition: FormDefinition, answers: Answers): FormPage[] {
  return definition.pages.filter((page) => shows(page, answers));
}

/** The components of a page the person is asked, given the answers so far. */
export function visibleComponents(page: FormPage, answers: Answers): FormComponent[] {
  return page.components.filter((component) => shows(component, answers));
}

/** The answers to what is still asked: answers to hidden pages, hidden fields or unknown ids are dropped. */
export function pruneAnswers(definition: FormDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const page of definition.pages) {
    // Conditions only name fields of earlier pages, so `kept` already holds what they need.
    if (!shows(page, kept)) continue;
    for (const component of page.components) {
      if (!shows(component, kept)) continue;
      const value = answers[component.id];
      if (value !== undefined) kept[component.id] = value;
    }
  }
  return kept;
}
