// A procedure's fee by formula, as data (docs/payments.md, "Fees"): the one reader of the
// declaration the catalog's `feeFormula` holds, and its validator. The catalog's editor refuses
// a broken rule with these problems; payments (after catalog in the module order) prices a case
// with the rule this reader returns (`payments/fees.ts`, `feeOf`). Never evaluated as code.
//   {"base": "5.00", "perUnit": {"answer": "copies", "amount": "10.00", "maxUnits": 20}}   base + copies × 10,00
//   {"byAnswer": {"answer": "category", "amounts": {"A": "50.00", "B": "120.00"}}}           (+ base)
//   {"setBy": "official"}                                                                    the official sets it
// Prose (not starting with "{") is a decision the official takes: {"setBy": "official"}.
import type { FormComponent, FormDefinition } from '../../platform/forms/index.ts';
import { toMinorUnits } from '../../shared/money.ts';

export type FeeRule =
  | { kind: 'perUnit'; base: number; answer: string; unitMinor: number; maxUnits: number }
  | { kind: 'byAnswer'; base: number; answer: string; amounts: Record<string, number> }
  | { kind: 'official' };

/** What is wrong with a rule: a message key of the catalog (`catalog.errors.fee.*`) and its parameters. */
export interface FeeRuleProblem {
  messageKey: string;
  params?: Record<string, string>;
}

/** Units a per-unit fee counts at most, unless the rule says `maxUnits`. */
export const DEFAULT_MAX_UNITS = 1000;
const ANSWER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The rule a `feeFormula` declares, or the problems that make it unusable (an empty formula: neither). */
export function readFeeRule(formula: string | null | undefined): { rule?: FeeRule; problems: FeeRuleProblem[] } {
  const problems: FeeRuleProblem[] = [];
  const problem = (key: string, params?: Record<string, string>) => problems.push({ messageKey: `catalog.errors.fee.${key}`, ...(params ? { params } : {}) });
  if (!formula?.trim()) return { problems };
  if (!formula.trim().startsWith('{')) return { rule: { kind: 'official' }, problems };
  let data: unknown;
  try {
    data = JSON.parse(formula);
  } catch (error) {
    problem('json', { reason: (error as Error).message });
    return { problems };
  }
  if (!isObject(data)) {
    problem('shape');
    return { problems };
  }
  const unknownKeys = (where: string, value: Record<string, unknown>, allowed: string[]) => {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) problem('unknownKey', { key: where ? `${where}.${key}` : key });
  };
  const amount = (path: string, value: unknown): number | undefined => {
    const minor = typeof value === 'string' ? toMinorUnits(value) : undefined;
    if (minor === undefined) problem('amount', { path, value: typeof value === 'string' ? value : (JSON.stringify(value) ?? '') });
    return minor;
  };
  const answerOf = (path: string, value: unknown): string | undefined => {
    if (typeof value === 'string' && ANSWER.test(value)) return value;
    problem('answerName', { path, answer: typeof value === 'string' ? value : (JSON.stringify(value) ?? '') });
    return undefined;
  };
  const kinds = ['perUnit', 'byAnswer', 'setBy'].filter((k) => k in data);
  if (kinds.length !== 1) {
    problem('shape');
    return { problems };
  }
  if (kinds[0] === 'setBy') {
    unknownKeys('', data, ['setBy']);
    if (data.setBy !== 'official') problem('setBy');
    return problems.length ? { problems } : { rule: { kind: 'official' }, problems };
  }
  unknownKeys('', data, ['base', 'perUnit', 'byAnswer']);
  const base = data.base === undefined ? 0 : amount('base', data.base);
  if (kinds[0] === 'perUnit') {
    const perUnit = data.perUnit;
    if (!isObject(perUnit)) {
      problem('shape');
      return { problems };
    }
    unknownKeys('perUnit', perUnit, ['answer', 'amount', 'maxUnits']);
    const answer = answerOf('perUnit.answer', perUnit.answer);
    const unitMinor = amount('perUnit.amount', perUnit.amount);
    const maxUnits = perUnit.maxUnits === undefined ? DEFAULT_MAX_UNITS : perUnit.maxUnits;
    if (typeof maxUnits !== 'number' || !Number.isInteger(maxUnits) || maxUnits < 1) problem('maxUnits');
    if (problems.length || base === undefined || answer === undefined || unitMinor === undefined) return { problems };
    return { rule: { kind: 'perUnit', base, answer, unitMinor, maxUnits: maxUnits as number }, problems };
  }
  const byAnswer = data.byAnswer;
  if (!isObject(byAnswer) || !isObject(byAnswer.amounts)) {
    problem('shape');
    return { problems };
  }
  unknownKeys('byAnswer', byAnswer, ['answer', 'amounts']);
  const answer = answerOf('byAnswer.answer', byAnswer.answer);
  const amounts: Record<string, number> = {};
  for (const [option, value] of Object.entries(byAnswer.amounts)) {
    const minor = amount(`byAnswer.amounts.${option}`, value);
    if (minor !== undefined) amounts[option] = minor;
  }
  if (Object.keys(byAnswer.amounts).length === 0) problem('emptyTable');
  if (problems.length || base === undefined || answer === undefined) return { problems };
  return { rule: { kind: 'byAnswer', base, answer, amounts }, problems };
}

/** The rule a `feeFormula` declares, or undefined when it is empty or broken (a broken rule orders nothing). */
export const parseFeeRule = (formula: string | null | undefined): FeeRule | undefined => readFeeRule(formula).rule;

/** The fields a fee can be computed over: the form's top-level fields (not those inside a repeated group). */
function topLevelFields(form: unknown): Map<string, FormComponent> {
  const fields = new Map<string, FormComponent>();
  const pages = isObject(form) && Array.isArray(form.pages) ? (form as unknown as FormDefinition).pages : [];
  for (const page of pages) for (const component of Array.isArray(page?.components) ? page.components : []) if (component?.id) fields.set(component.id, component);
  return fields;
}

/**
 * Everything wrong with a fee by formula for a procedure whose form is `form` (null: not online):
 * the rule's own problems, then whether the form can price it: the field exists, a per-unit fee
 * counts a whole-number field, a table prices a field of options, every option and no other.
 */
export function feeRuleProblems(formula: string | null | undefined, form: unknown): FeeRuleProblem[] {
  const { rule, problems } = readFeeRule(formula);
  if (!rule || rule.kind === 'official') return problems;
  const problem = (key: string, params: Record<string, string>) => problems.push({ messageKey: `catalog.errors.fee.${key}`, params });
  const field = topLevelFields(form).get(rule.answer);
  if (!field) {
    problem('unknownField', { answer: rule.answer });
    return problems;
  }
  if (rule.kind === 'perUnit') {
    if (field.type !== 'number' || !field.integer) problem('notWholeNumber', { answer: rule.answer });
    return problems;
  }
  if (field.type !== 'select' && field.type !== 'radios') {
    problem('notChoice', { answer: rule.answer });
    return problems;
  }
  const offered = field.options.map((o) => o.value);
  for (const option of offered) if (!Object.hasOwn(rule.amounts, option)) problem('missingOption', { answer: rule.answer, option });
  for (const option of Object.keys(rule.amounts)) if (!offered.includes(option)) problem('unknownOption', { answer: rule.answer, option });
  return problems;
}
