// Country profile of Venezuela (`ve`). Facts: /work/shared/COUNTRY-FACTS.md; verify anything
// that becomes a legal rule against Venezuelan law before a real deployment.
import { calendarDate, carnival, easterRelative, sortHolidays } from './calendar.ts';
import type { CountryProfile, DocumentCheck, Holiday, IdentityDocumentType, LocalizedText } from './profile.ts';

/** Trims, upper-cases and drops blanks and dots (people write `V-12.345.678`). */
function tidy(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s.]+/g, '');
}

/** Cédula de identidad (SAIME): `V` (Venezuelan) or `E` (foreign resident) and up to 8 digits. */
export function checkVenezuelaCedula(value: string): DocumentCheck {
  const tidied = tidy(value);
  const match = /^([VE])-?(\d{1,8})$/.exec(tidied);
  if (!match) return { ok: false, normalized: tidied };
  const [, letter, digits] = match;
  return { ok: true, normalized: `${letter}-${digits}` };
}

// Letter values of the commonly published RIF check-digit formula. `C` (communal
// organisations) has no published value, so its check digit is not verified.
const RIF_LETTER_VALUES: Record<string, number> = { V: 1, E: 2, J: 3, P: 4, G: 5 };
const RIF_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/**
 * The RIF check digit as commonly computed: letter value × 4 plus the eight digits weighted
 * 3,2,7,6,5,4,3,2; check = 11 − (sum mod 11), where 10 and 11 give 0. `undefined` for a
 * letter without a known value. Not confirmed by SENIAT: hence a warning, never a refusal.
 */
export function rifCheckDigit(letter: string, digits: string): number | undefined {
  const letterValue = RIF_LETTER_VALUES[letter];
  if (letterValue === undefined || !/^\d{8}$/.test(digits)) return undefined;
  let sum = letterValue * 4;
  for (const [i, weight] of RIF_WEIGHTS.entries()) sum += Number(digits[i]) * weight;
  const check = 11 - (sum % 11);
  return check >= 10 ? 0 : check;
}

/**
 * RIF (SENIAT): a letter (V, E, J, P, G, C), 8 digits and a check digit, written
 * `J-12345678-9`. A mismatching check digit is accepted with the warning
 * `country.document.rifCheckDigit` until the formula is verified against real RIFs.
 */
export function checkVenezuelaRif(value: string): DocumentCheck {
  const tidied = tidy(value);
  const match = /^([VEJPGC])-?(\d{8})-?(\d)$/.exec(tidied);
  if (!match) return { ok: false, normalized: tidied };
  const [, letter = '', digits = '', check] = match;
  const normalized = `${letter}-${digits}-${check}`;
  const expected = rifCheckDigit(letter, digits);
  if (expected !== undefined && expected !== Number(check)) {
    return { ok: true, normalized, warningKey: 'country.document.rifCheckDigit' };
  }
  return { ok: true, normalized };
}

const identityDocuments: IdentityDocumentType[] = [
  { code: 'CEDULA', name: { es: 'Cédula de identidad', en: 'Identity card' }, example: 'V-12345678', check: checkVenezuelaCedula },
  // G-20000303-0 is SENIAT's own RIF (its check digit agrees with the formula above).
  { code: 'RIF', name: { es: 'Registro de Información Fiscal', en: 'Tax information registry number' }, example: 'J-12345678-4', check: checkVenezuelaRif },
];

const FIXED_HOLIDAYS: { month: number; day: number; name: LocalizedText }[] = [
  { month: 1, day: 1, name: { es: 'Año Nuevo', en: "New Year's Day" } },
  { month: 4, day: 19, name: { es: 'Declaración de la Independencia', en: 'Declaration of Independence' } },
  { month: 5, day: 1, name: { es: 'Día del Trabajador', en: 'Labour Day' } },
  { month: 6, day: 24, name: { es: 'Batalla de Carabobo', en: 'Battle of Carabobo' } },
  { month: 7, day: 5, name: { es: 'Día de la Independencia', en: 'Independence Day' } },
  { month: 7, day: 24, name: { es: 'Natalicio del Libertador Simón Bolívar', en: 'Birth of Simón Bolívar' } },
  { month: 10, day: 12, name: { es: 'Día de la Resistencia Indígena', en: 'Day of Indigenous Resistance' } },
  { month: 12, day: 24, name: { es: 'Nochebuena', en: 'Christmas Eve' } },
  { month: 12, day: 25, name: { es: 'Navidad', en: 'Christmas Day' } },
  { month: 12, day: 31, name: { es: 'Fin de Año', en: "New Year's Eve" } },
];

/**
 * National public holidays of Venezuela in a year, sorted by date. No moving rule: a
 * holiday on a weekend stays there. When two coincide (19 April on Holy Thursday or Good
 * Friday, e.g. 2019) both are listed on the same date.
 */
export function venezuelaHolidays(year: number): Holiday[] {
  return sortHolidays([
    ...FIXED_HOLIDAYS.map(({ month, day, name }) => ({ date: calendarDate(year, month, day), name })),
    ...carnival(year),
    easterRelative(year, -3, { es: 'Jueves Santo', en: 'Holy Thursday' }),
    easterRelative(year, -2, { es: 'Viernes Santo', en: 'Good Friday' }),
  ]);
}

export const venezuelaProfile: CountryProfile = {
  code: 've',
  name: { es: 'Venezuela', en: 'Venezuela' },
  intlLocale: 'es-VE',
  currency: 'VES',
  timeZone: 'America/Caracas',
  languages: ['es'],
  territoryLevels: [
    { key: 'estado', name: { es: 'Estado', en: 'State' } },
    { key: 'municipio', name: { es: 'Municipio', en: 'Municipality' } },
    { key: 'parroquia', name: { es: 'Parroquia', en: 'Parish' } },
    { key: 'comuna', name: { es: 'Comuna', en: 'Commune' } },
    { key: 'consejo_comunal', name: { es: 'Consejo comunal', en: 'Community council' } },
  ],
  identityDocuments,
  holidays: venezuelaHolidays,
  // ILLUSTRATIVE (verify against the decree on working hours of the public administration).
  officeHours: { opens: '08:00', closes: '16:00' },
  mailboxDeemedNotifiedDays: 10,
  withdrawalDays: 7,
  // A decision of the profile, not a figure from a law: the plans (seed 003, "principio de
  // conservación") ask that electronic documents be kept at least as paper ones are.
  documentRetentionYears: 10,
  platformAgency: 'CNTI',
  // ILLUSTRATIVE (Ley de Transparencia y Acceso a la Información de Interés Público, LOPA's 20
  // business days; verify against the law before a real deployment).
  transparency: {
    answerDays: 20,
    extensionDays: 10,
    maxExtensions: 1,
    appealDays: 15,
    appealAnswerDays: 20,
    emailOnly: false,
    refusalGrounds: ['classified', 'personal_data', 'ongoing_investigation', 'not_held'],
    publications: [
      { kind: 'budget', every: 'year', graceDays: 31, dueFrom: 'start' },
      { kind: 'budget_execution', every: 'quarter', graceDays: 30, dueFrom: 'end' },
      { kind: 'contracts', every: 'month', graceDays: 30, dueFrom: 'end' },
      { kind: 'staff_salaries', every: 'year', graceDays: 60, dueFrom: 'start' },
      { kind: 'plans', every: 'year', graceDays: 60, dueFrom: 'start' },
      { kind: 'annual_report', every: 'year', graceDays: 90, dueFrom: 'end' },
      { kind: 'audit_report', every: 'year', graceDays: 120, dueFrom: 'end' },
    ],
  },
  terms: {
    emergencyNumber: '911',
    mobileExample: '0412-1234567',
    territoryExample: 'VE-A-01-01',
    reportsName: { es: '1x10 del Buen Gobierno', en: '1x10 of Good Government' },
    reportsLead: {
      es: 'Los problemas de su comunidad, reportados por cada persona o por su consejo comunal y su comuna: quién los atiende y en qué plazo.',
      en: 'The problems of your community, reported by each person or by their community council and commune: who handles them and by when.',
    },
  },
};
