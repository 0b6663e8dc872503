// The amount a procedure's fee asks for, in minor units of the country currency: a fixed fee
// as published in the catalog. A fee "by formula" is prose in the catalog today; it orders
// nothing until the form declares it as data (docs/payments.md, "Fees").
import { toMinorUnits } from './payments.types.ts';

export interface FeeSource {
  feeKind: string;
  feeAmount: string | null;
}

export function feeOf(version: FeeSource, _answers: Record<string, unknown>): number | undefined {
  if (version.feeKind === 'fixed' && version.feeAmount) return toMinorUnits(version.feeAmount);
  return undefined;
}
