// Amounts of money as integers of minor units (cents of the boliviano or the bolívar): exact,
// never through floating point.

/**
 * A decimal amount ("40.00", "17", "1.5", "25000,50") in integer minor units. Undefined when it
 * is not a positive amount with at most two decimals. A dot or a comma is the decimal mark;
 * thousands separators are refused, not guessed ("1.500" could be either), so a page asks for
 * the amount without them.
 */
export function toMinorUnits(decimal: string): number | undefined {
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(decimal.trim());
  if (!match) return undefined;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return minor > 0 ? minor : undefined;
}
