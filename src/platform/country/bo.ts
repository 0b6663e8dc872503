// Country profile of Bolivia (`bo`). Facts: /work/shared/COUNTRY-FACTS.md; verify anything
// that becomes a legal rule against Bolivian law before a real deployment.
import { calendarDate, carnival, dayOfWeek, addDays, easterRelative, sortHolidays } from './calendar.ts';
import type { CountryProfile, DocumentCheck, Holiday, IdentityDocumentType, LocalizedText } from './profile.ts';

/** Abbreviations of the nine departments, historically written after the CI number. */
export const BO_DEPARTMENT_ABBREVIATIONS = ['LP', 'CB', 'SC', 'OR', 'PT', 'CH', 'TJ', 'BE', 'PD'] as const;

/** Trims, upper-cases, collapses runs of blanks to one space and drops blanks around '-'. */
function tidy(value: string): string {
  return value.trim().toUpperCase().replace(/\s+/g, ' ').replace(/ ?- ?/g, '-');
}

// 5–8 digits; an optional duplicate complement after '-' (a digit and/or up to two letters,
// never empty); an optional department abbreviation, separated by a space (or written right
// after the digits when there is no complement).
const CI_PATTERN = new RegExp(`^(\\d{5,8})(-(?:\\d[A-Z]{0,2}|[A-Z]{1,2}))?(?: ?(${BO_DEPARTMENT_ABBREVIATIONS.join('|')}))?$`);

/** Cédula de Identidad (SEGIP): `1234567`, `1234567-1B`, `1234567 LP`, `1234567-1B LP`. */
export function checkBoliviaCi(value: string): DocumentCheck {
  const tidied = tidy(value);
  const match = CI_PATTERN.exec(tidied);
  if (!match) return { ok: false, normalized: tidied };
  const [, digits, complement = '', department] = match;
  return { ok: true, normalized: `${digits}${complement}${department ? ` ${department}` : ''}` };
}

/** NIT (Servicio de Impuestos Nacionales): 7 to 12 digits; blanks are dropped. */
export function checkBoliviaNit(value: string): DocumentCheck {
  const normalized = value.replace(/\s+/g, '');
  return { ok: /^\d{7,12}$/.test(normalized), normalized };
}

const identityDocuments: IdentityDocumentType[] = [
  { code: 'CI', name: { es: 'Cédula de Identidad', en: 'Identity card' }, example: '4567891 LP', check: checkBoliviaCi },
  { code: 'NIT', name: { es: 'Número de Identificación Tributaria', en: 'Tax identification number' }, example: '1028547023', check: checkBoliviaNit },
];

interface FixedHoliday {
  month: number;
  day: number;
  name: LocalizedText;
}

const FIXED_HOLIDAYS: FixedHoliday[] = [
  { month: 1, day: 1, name: { es: 'Año Nuevo', en: "New Year's Day" } },
  { month: 1, day: 22, name: { es: 'Día del Estado Plurinacional', en: 'Plurinational State Day' } },
  { month: 5, day: 1, name: { es: 'Día del Trabajo', en: 'Labour Day' } },
  { month: 6, day: 21, name: { es: 'Año Nuevo Andino Amazónico', en: 'Andean Amazonian New Year' } },
  { month: 8, day: 6, name: { es: 'Día de la Independencia', en: 'Independence Day' } },
  { month: 11, day: 2, name: { es: 'Todos Santos', en: "All Souls' Day" } },
  { month: 12, day: 25, name: { es: 'Navidad', en: 'Christmas Day' } },
];

/**
 * A fixed holiday of the year. ILLUSTRATIVE RULE (verify against the current decree before
 * relying on it): in Bolivia a fixed national holiday that falls on a Sunday is moved to the
 * following Monday; the Monday is then the holiday, named "(trasladado)" / "(observed)",
 * and the Sunday is not listed. It applies to all seven fixed dates above.
 */
function fixedHoliday(year: number, holiday: FixedHoliday): Holiday {
  const date = calendarDate(year, holiday.month, holiday.day);
  if (dayOfWeek(date) !== 0) return { date, name: holiday.name };
  return {
    date: addDays(date, 1),
    name: { es: `${holiday.name.es} (trasladado)`, en: `${holiday.name.en} (observed)` },
  };
}

/** National public holidays of Bolivia in a year (departmental days excluded), sorted by date. */
export function boliviaHolidays(year: number): Holiday[] {
  return sortHolidays([
    ...FIXED_HOLIDAYS.map((holiday) => fixedHoliday(year, holiday)),
    ...carnival(year),
    easterRelative(year, -2, { es: 'Viernes Santo', en: 'Good Friday' }),
    easterRelative(year, 60, { es: 'Corpus Christi', en: 'Corpus Christi' }),
  ]);
}

export const boliviaProfile: CountryProfile = {
  code: 'bo',
  name: { es: 'Bolivia', en: 'Bolivia' },
  intlLocale: 'es-BO',
  currency: 'BOB',
  timeZone: 'America/La_Paz',
  languages: ['es', 'qu', 'ay', 'gn'],
  territoryLevels: [
    { key: 'departamento', name: { es: 'Departamento', en: 'Department' } },
    { key: 'provincia', name: { es: 'Provincia', en: 'Province' } },
    { key: 'municipio', name: { es: 'Municipio', en: 'Municipality' } },
  ],
  identityDocuments,
  holidays: boliviaHolidays,
  // ILLUSTRATIVE (verify against the decree on working hours of the public administration).
  officeHours: { opens: '08:00', closes: '16:00' },
  mailboxDeemedNotifiedDays: 10,
  withdrawalDays: 7,
  cashOnDelivery: true,
  // A decision of the profile, not a figure from a law: the plans (seed 003, "principio de
  // conservación") ask that electronic documents be kept at least as paper ones are.
  documentRetentionYears: 10,
  platformAgency: 'AGETIC',
  // ILLUSTRATIVE (D.S. 28168 of 2005, access to information in the Executive: 15 business days,
  // one extension of 10; verify against the law and its regulations before a real deployment).
  transparency: {
    answerDays: 15,
    extensionDays: 10,
    maxExtensions: 1,
    appealDays: 10,
    appealAnswerDays: 10,
    emailOnly: true,
    refusalGrounds: ['classified', 'personal_data', 'ongoing_investigation', 'not_held'],
    publications: [
      { kind: 'budget', every: 'year', graceDays: 31, dueFrom: 'start' },
      { kind: 'budget_execution', every: 'month', graceDays: 30, dueFrom: 'end' },
      { kind: 'contracts', every: 'month', graceDays: 15, dueFrom: 'end' },
      { kind: 'staff_salaries', every: 'quarter', graceDays: 30, dueFrom: 'end' },
      { kind: 'plans', every: 'year', graceDays: 60, dueFrom: 'start' },
      { kind: 'annual_report', every: 'year', graceDays: 90, dueFrom: 'end' },
      { kind: 'audit_report', every: 'year', graceDays: 120, dueFrom: 'end' },
    ],
  },
  terms: {
    emergencyNumber: '110',
    mobileExample: '71234567',
    territoryExample: 'BO-L-01-01',
    reportsName: { es: 'Reportes ciudadanos', en: 'Citizen reports', qu: 'Llaqtaq willakuyninkuna' },
    reportsLead: {
      es: 'Problemas de su barrio o comunidad y quejas sobre la atención: quién los atiende y en qué plazo.',
      en: 'Problems in your neighbourhood or community and complaints about service: who handles them and by when.',
    },
  },
};
