// The one set of checks for what people type: e-mail addresses, phone numbers and dates.
// Forms, registration and administration use these, never a regular expression of their own.
// Pure: no I/O, no clock (callers pass "today" when a rule needs it).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Longest address SMTP can carry (RFC 5321: 254 octets in a path). */
export const EMAIL_MAX_LENGTH = 254;

// One @, no blanks, no characters that need quoting in an address; a dot in the domain and a
// top-level domain of at least two characters. Deliberately loose on the local part: the
// confirmation code proves an address, not this pattern.
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.]{2,}$/;

/** True when `value` (already trimmed) looks like an e-mail address one can write to. */
export function isEmail(value: string): boolean {
  return value.length <= EMAIL_MAX_LENGTH && EMAIL.test(value) && !value.includes('..') && !/@\.|\.@|^\.|\.$/.test(value);
}

/** The e-mail address written the one stored way (trimmed, domain in lower case), or undefined. */
export function normalizeEmail(value: string): string | undefined {
  const trimmed = value.trim();
  if (!isEmail(trimmed)) return undefined;
  const at = trimmed.lastIndexOf('@');
  return `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}

/** ISO 3166 region of a phone number plan, as the country profiles name it (`BO`, `VE`). */
export type PhoneRegion = 'BO' | 'VE';

export type PhoneCheck = { ok: true; e164: string; mobile: boolean } | { ok: false; reason: 'invalid' | 'not_mobile' };

/**
 * A phone number as people write it (national form `7123 4567`, `0412-1234567`, or
 * international `+591 71234567`) checked against the region's numbering plan
 * (libphonenumber's full metadata) and written in E.164 (`+59171234567`). With
 * `mobileOnly` (numbers that must receive SMS) fixed lines are refused as `not_mobile`.
 */
export function normalizePhone(value: string, region: PhoneRegion, options: { mobileOnly?: boolean } = {}): PhoneCheck {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 30 || /[^\d\s()+.-]/.test(trimmed)) return { ok: false, reason: 'invalid' };
  const number = parsePhoneNumberFromString(trimmed, region);
  if (!number?.isValid()) return { ok: false, reason: 'invalid' };
  const type = number.getType();
  const mobile = type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
  if (options.mobileOnly && !mobile) return { ok: false, reason: 'not_mobile' };
  return { ok: true, e164: number.number, mobile };
}

/** The phone region of a country code as the country profiles write it (`bo` → `BO`). */
export function phoneRegionOf(countryCode: string): PhoneRegion {
  const region = countryCode.toUpperCase();
  if (region !== 'BO' && region !== 'VE') throw new RangeError(`no phone region for country ${JSON.stringify(countryCode)}`);
  return region;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date's three parts as people type them in separate boxes (day, month, year). */
export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

/** 'YYYY-MM-DD' for a real Gregorian date from numbers, or undefined (31 February, month 13…). */
function isoFrom(year: number, month: number, day: number): string | undefined {
  if (year < 1 || year > 9999) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True when `value` is a real calendar date written 'YYYY-MM-DD' (the stored form). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  return match !== null && isoFrom(Number(match[1]), Number(match[2]), Number(match[3])) === value;
}

/** A date from its three typed parts (day and month 1–2 digits, year 4), or undefined. */
export function dateFromParts(parts: DateParts): string | undefined {
  const [day, month, year] = [parts.day, parts.month, parts.year].map((part) => (part ?? '').trim()) as [string, string, string];
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
  return isoFrom(Number(year), Number(month), Number(day));
}

/**
 * A date as people type it, in 'YYYY-MM-DD': the stored form `2026-12-06`, or day first as
 * written in Bolivia and Venezuela, `6/12/2026`, `06-12-2026` or `6.12.2026` (never month
 * first). Undefined when it is none of these or not a real date.
 */
export function parseDate(value: string): string | undefined {
  const trimmed = value.trim();
  const iso = ISO_DATE.exec(trimmed);
  if (iso) return isoFrom(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(trimmed);
  if (!dayFirst) return undefined;
  return dateFromParts({ day: dayFirst[1], month: dayFirst[3], year: dayFirst[4] });
}
