// The amount a procedure's fee asks for, in minor units of the country currency. A fee is data,
// never code (docs/payments.md, "Fees"): fixed (the catalog's `feeAmount`), or by formula, a
// declaration the catalog reads and validates (`catalog/fee-rules.ts`, the one reader: the
// catalog's editor refuses a broken rule, and a rule that is still broken orders nothing), or
// the official's decision. Answers a rule cannot price order nothing.
import { parseFeeRule } from '../catalog/index.ts';
import { toMinorUnits } from '../../shared/money.ts';

export interface FeeSource {
  feeKind: string;
  feeAmount: string | null;
  feeFormula?: string | null;
}

/** What a fee asks: an amount, the official's decision, or nothing (free, or not declared as data). */
export type Fee = { kind: 'amount'; amountMinor: number } | { kind: 'official' } | undefined;

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
