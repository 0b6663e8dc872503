// The amount a procedure's fee asks for, in minor units of the country currency. A fee is data,
// never code (docs/payments.md, "Fees"):
//   - fixed: the catalog's `feeAmount`;
//   - by formula: the catalog's `feeFormula` holds a JSON declaration over the form's answers,
//       {"base": "5.00", "perUnit": {"answer": "copies", "amount": "10.00"}}   base + copies × 10,00
//       {"byAnswer": {"answer": "category", "amounts": {"A": "50.00", "B": "120.00"}}}
//     (`base` is optional in both; `maxUnits` caps the count, 1000 by default);
//       {"setBy": "official"}   the official sets the amount while processing the case.
// A formula that is prose ("Según la tarifa vigente…", as the catalog's demo procedures say) is
// a decision the official takes: it is read as {"setBy": "official"}. A malformed declaration,
// or answers a declaration cannot price, order nothing.
import { toMinorUnits } from '../../shared/money.ts';

export interface FeeSource {
  feeKind: string;
  feeAmount: string | null;
  feeFormula?: string | null;
}

export type FeeRule =
  | { kind: 'perUnit'; base: number; answer: string; unitMinor: number; maxUnits: number }
  | { kind: 'byAnswer'; base: number; answer: string; amounts: Record<string, number> }
  | { kind: 'official' };

/** What a fee asks: an amount, the official's decision, or nothing (free, or not declared as data). */
export type Fee = { kind: 'amount'; amountMinor: number } | { kind: 'official' } | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const minorOrZero = (v: unknown): number | undefined => (v === undefined ? 0 : typeof v === 'string' ? toMinorUnits(v) : undefined);
const ANSWER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The declaration a catalog's `feeFormula` holds (prose: the official sets it), or undefined when it is empty or malformed. */
export function parseFeeRule(formula: string | null | undefined): FeeRule | undefined {
  if (!formula?.trim()) return undefined;
  if (!formula.trim().startsWith('{')) return { kind: 'official' };
  let data: unknown;
  try {
    data = JSON.parse(formula);
  } catch {
    return undefined;
  }
  if (!isObject(data)) return undefined;
  if (data.setBy === 'official') return { kind: 'official' };
  const base = minorOrZero(data.base);
  if (base === undefined) return undefined;
  if (isObject(data.perUnit)) {
    const { answer, amount, maxUnits } = data.perUnit;
    const unitMinor = typeof amount === 'string' ? toMinorUnits(amount) : undefined;
    if (typeof answer !== 'string' || !ANSWER.test(answer) || unitMinor === undefined) return undefined;
    const cap = maxUnits === undefined ? 1000 : maxUnits;
    if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 1) return undefined;
    return { kind: 'perUnit', base, answer, unitMinor, maxUnits: cap };
  }
  if (isObject(data.byAnswer)) {
    const { answer, amounts } = data.byAnswer;
    if (typeof answer !== 'string' || !ANSWER.test(answer) || !isObject(amounts)) return undefined;
    const table: Record<string, number> = {};
    for (const [value, amount] of Object.entries(amounts)) {
      const minor = typeof amount === 'string' ? toMinorUnits(amount) : undefined;
      if (minor === undefined) return undefined;
      table[value] = minor;
    }
    return { kind: 'byAnswer', base, answer, amounts: table };
  }
  return undefined;
}

function count(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The fee of a procedure's version for these answers. */
export function feeOf(version: FeeSource, answers: Record<string, unknown>): Fee {
  if (version.feeKind === 'fixed' && version.feeAmount) {
    const amountMinor = toMinorUnits(version.feeAmount);
    return amountMinor === undefined ? undefined : { kind: 'amount', amountMinor };
  }
  if (version.feeKind !== 'formula') return undefined;
  const rule = parseFeeRule(version.feeFormula);
  if (!rule) return undefined;
  if (rule.kind === 'official') return { kind: 'official' };
  let amountMinor: number | undefined;
  if (rule.kind === 'perUnit') {
    const units = count(answers[rule.answer]);
    if (units === undefined || units > rule.maxUnits) return undefined;
    amountMinor = rule.base + units * rule.unitMinor;
  } else {
    const chosen = answers[rule.answer];
    const key = typeof chosen === 'string' || typeof chosen === 'number' ? String(chosen) : undefined;
    const priced = key !== undefined && Object.hasOwn(rule.amounts, key) ? rule.amounts[key] : undefined;
    if (priced === undefined) return undefined;
    amountMinor = rule.base + priced;
  }
  return amountMinor > 0 ? { kind: 'amount', amountMinor } : undefined;
}
