// UPU S10 item identifiers (the tracking numbers of registered mail and parcels): two service
// letters, an eight-digit serial, a check digit and the ISO 3166-1 alpha-2 code of the country
// that issued it, e.g. RR123456785CN. The check digit: the serial's digits times the weights
// 8 6 4 2 3 5 9 7, summed; 11 minus the sum modulo 11; 10 gives 0 and 11 gives 5.

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/** The check digit of an eight-digit serial. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new Error(`an S10 serial has eight digits: ${serial}`);
  const sum = WEIGHTS.reduce((total, weight, index) => total + weight * Number(serial[index]), 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** The number for a service prefix ("RR", "CP"), a serial (0 to 99 999 999) and a country ("BO"). */
export function makeS10(prefix: string, serial: number, country: string): string {
  if (!/^[A-Z]{2}$/.test(prefix) || !/^[A-Z]{2}$/.test(country)) throw new Error(`S10 prefix and country are two capital letters: ${prefix}, ${country}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 99_999_999) throw new Error(`an S10 serial has eight digits: ${serial}`);
  const digits = String(serial).padStart(8, '0');
  return `${prefix}${digits}${s10CheckDigit(digits)}${country}`;
}

export type S10Check =
  | { ok: true; number: string }
  /** `format`: not two letters, nine digits, two letters; `check`: a digit is mistyped (the check digit does not match). */
  | { ok: false; reason: 'format' | 'check'; normalized: string };

/** Reads what a person typed: spaces and dashes dropped, letters upper-cased, then the format and the check digit. */
export function checkS10(input: string): S10Check {
  const normalized = input.replace(/[\s-]+/g, '').toUpperCase();
  const match = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(normalized);
  if (!match) return { ok: false, reason: 'format', normalized };
  if (s10CheckDigit(match[2]!) !== Number(match[3])) return { ok: false, reason: 'check', normalized };
  return { ok: true, number: normalized };
}
