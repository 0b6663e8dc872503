// Message catalogs. Code holds only keys; each owner (the platform, every module) keeps
// `locales/es.json` and `locales/en.json`, nested objects whose paths are the keys
// (`layout.skipLink`). Spanish is the default language; English is complete.
// Messages use the ICU message format (intl-messageformat): `{name}` for a value,
// `{count, plural, one {# día} other {# días}}` for plurals, `{n, number}` for numbers in
// the locale's notation ("1.234,5" in Spanish). Each message is compiled once per locale.
// A test fails on a key missing in either language, on a key nothing uses, on a message that
// does not parse as ICU and on arguments that differ between the languages.
import { existsSync, readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { pluralRulesFor } from './plural-rules.ts';

/** The complete languages: every key in Spanish and English (the catalog check fails on a missing one). */
export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';
/**
 * Languages whose catalogs are optional files (`qu.json` …) that may be partial: a missing key
 * falls back to Spanish and is counted (`catalogCompleteness`). A country profile lists the ones
 * it offers (`languages`); the site offers them with Spanish first and English last.
 */
export const EXTRA_LANGUAGES = ['qu', 'ay', 'gn'] as const;
export type ExtraLanguage = (typeof EXTRA_LANGUAGES)[number];
/** A language pages are shown in: a complete one, or one of the profile's extra languages. */
export type Language = Locale | ExtraLanguage;
export const LANGUAGES: readonly Language[] = [...LOCALES, ...EXTRA_LANGUAGES];
/** Each language by its own name, as the language switch lists them (never translated). */
export const LANGUAGE_NAMES: Record<Language, string> = { es: 'Español', en: 'English', qu: 'Runasimi', ay: 'Aymar aru', gn: 'Avañeʼẽ' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The languages a site offers for a country profile's official languages: Spanish, the profile's extra ones, English. */
export function siteLanguages(profileLanguages: readonly string[]): Language[] {
  const extra = EXTRA_LANGUAGES.filter((language) => profileLanguages.includes(language));
  return [DEFAULT_LOCALE, ...extra, 'en'];
}

/** The complete language data falls back to for a language: English for English, Spanish for the rest. */
export function contentLocale(language: Language): Locale {
  return language === 'en' ? 'en' : DEFAULT_LOCALE;
}

export type Catalog = Map<string, string>;
/**
 * Both languages' messages. `region` (ISO 3166 alpha-2, e.g. `BO`) picks the country's
 * number and date notation for Spanish (`es-BO` writes 1.234,5; plain `es` would write 1234,5);
 * `timeZone` (the country's, e.g. America/La_Paz) is where `{d, date, long}` and `{d, time, short}` fall.
 */
export type Catalogs = Record<Locale, Catalog> & Partial<Record<ExtraLanguage, Catalog>> & { region?: string; timeZone?: string };
export type MessageParams = Record<string, string | number | Date>;
type MessageFormatters = NonNullable<ConstructorParameters<typeof IntlMessageFormat>[3]>['formatters'];
export type Translate = (key: string, params?: MessageParams) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function flatten(prefix: string, value: unknown, into: Map<string, string>, file: string): void {
  if (typeof value === 'string') {
    if (into.has(prefix)) throw new Error(`message key ${prefix} is defined twice (again in ${file})`);
    into.set(prefix, value);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`message ${prefix} in ${file} must be a string or an object`);
  }
  for (const [key, child] of Object.entries(value)) {
    // `_meta` (a draft's status, its reviewers) describes the file; it is not a message.
    if (key.startsWith('_')) continue;
    flatten(prefix ? `${prefix}.${key}` : key, child, into, file);
  }
}

/** Loads and merges the catalogs of every locales folder given. */
export function loadCatalogs(dirs: Array<URL | string>, options: { region?: string; timeZone?: string } = {}): Catalogs {
  const catalogs: Catalogs = { es: new Map(), en: new Map(), region: options.region, timeZone: options.timeZone };
  for (const dirRef of dirs) {
    const dir = dirRef instanceof URL ? fileURLToPath(dirRef) : dirRef;
    for (const locale of LOCALES) {
      const file = path.join(dir, `${locale}.json`);
      if (!existsSync(file)) throw new Error(`missing message catalog ${file}`);
      flatten('', JSON.parse(readFileSync(file, 'utf8')), catalogs[locale], file);
    }
    for (const language of EXTRA_LANGUAGES) {
      const file = path.join(dir, `${language}.json`);
      if (!existsSync(file)) continue;
      const catalog = catalogs[language] ?? new Map<string, string>();
      catalogs[language] = catalog;
      flatten('', JSON.parse(readFileSync(file, 'utf8')), catalog, file);
    }
  }
  return catalogs;
}

/**
 * Compiles one ICU message (tags are plain text: catalogs hold no markup). Throws on bad syntax.
 * A language Node's ICU does not know writes numbers as the country's Spanish does and takes its
 * plural categories from `plural-rules.ts`.
 */
export function compileMessage(template: string, locale: Language, region?: string, timeZone?: string): IntlMessageFormat {
  const formats = timeZone ? zonedFormats(timeZone) : undefined;
  const plural = pluralRulesFor(locale);
  if (plural) {
    const tag = region ? `es-${region.toUpperCase()}` : 'es';
    const formatters = {
      getNumberFormat: (...args: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...args),
      getDateTimeFormat: (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args),
      getPluralRules: () => plural,
    };
    return new IntlMessageFormat(template, tag, formats, { ignoreTag: true, formatters: formatters as unknown as MessageFormatters });
  }
  const tag = locale === 'es' && region ? `es-${region.toUpperCase()}` : locale;
  return new IntlMessageFormat(template, tag, formats, { ignoreTag: true });
}

/** intl-messageformat's date and time styles (short, medium, long, full), in one time zone. */
function zonedFormats(timeZone: string) {
  const zoned = (styles: Record<string, Intl.DateTimeFormatOptions>) => Object.fromEntries(Object.entries(styles).map(([name, options]) => [name, { ...options, timeZone }]));
  return { date: zoned(IntlMessageFormat.formats.date), time: zoned(IntlMessageFormat.formats.time) };
}

/** Formats an ICU message once (no cache): scripts and tests; pages use `translator`. */
export function interpolate(template: string, params: MessageParams = {}, locale: Locale = DEFAULT_LOCALE): string {
  return String(compileMessage(template, locale).format(params));
}

/**
 * The translate function for one locale; a missing key shows itself (and tests catch it).
 * Compiled messages are cached per catalog and locale; a missing argument shows as `{name}`
 * rather than failing the page.
 */
export function translator(catalogs: Catalogs, locale: Language): Translate {
  const catalog = catalogs[locale] ?? new Map<string, string>();
  const fallback = catalogs[DEFAULT_LOCALE];
  const cache = compiledCache(catalogs, locale);
  return (key, params) => {
    let compiled = cache.get(key);
    if (compiled === undefined) {
      const own = catalog.get(key);
      const template = own ?? fallback.get(key);
      if (template === undefined) return key;
      // A message missing in this language is the Spanish one, with Spanish plurals.
      compiled = compileMessage(template, own === undefined ? DEFAULT_LOCALE : locale, catalogs.region, catalogs.timeZone);
      cache.set(key, compiled);
    }
    try {
      return String(compiled.format(params));
    } catch {
      return String(compiled.format(withPlaceholders(compiled, params)));
    }
  };
}

const compiled = new WeakMap<Catalogs, Map<Language, Map<string, IntlMessageFormat>>>();
function compiledCache(catalogs: Catalogs, locale: Language): Map<string, IntlMessageFormat> {
  let entry = compiled.get(catalogs);
  if (!entry) {
    entry = new Map();
    compiled.set(catalogs, entry);
  }
  let cache = entry.get(locale);
  if (!cache) {
    cache = new Map();
    entry.set(locale, cache);
  }
  return cache;
}

/**
 * Sets one message of a language (a translation edited in the back office wins over the file's
 * draft) and drops every compiled form of that key, the Spanish fallbacks included.
 */
export function setMessage(catalogs: Catalogs, language: Language, key: string, text: string): void {
  const own = catalogs[language] ?? new Map<string, string>();
  (catalogs as Record<Language, Catalog | undefined>)[language] = own;
  own.set(key, text);
  for (const cache of compiled.get(catalogs)?.values() ?? []) cache.delete(key);
}

export type TranslationProblem = { kind: 'syntax'; detail: string } | { kind: 'arguments'; missing: string[]; unknown: string[] };
/** Why a text cannot stand for its Spanish message in a language: it is not valid ICU, or it loses or invents an argument. */
export function translationProblem(spanish: string, text: string, language: Language): TranslationProblem | undefined {
  let own: string[];
  try {
    own = messageArguments(compileMessage(text, language));
  } catch (error) {
    return { kind: 'syntax', detail: (error as Error).message };
  }
  const expected = messageArguments(compileMessage(spanish, DEFAULT_LOCALE));
  const missing = expected.filter((name) => !own.includes(name));
  const unknown = own.filter((name) => !expected.includes(name));
  return missing.length > 0 || unknown.length > 0 ? { kind: 'arguments', missing, unknown } : undefined;
}

export interface Completeness {
  language: Language;
  /** Spanish keys this language translates. */
  translated: number;
  total: number;
  /** Keys shown in Spanish instead (sorted). */
  missing: string[];
}

/** How much of each extra language's catalog is translated: every key it lacks shows in Spanish. */
export function catalogCompleteness(catalogs: Catalogs, languages: readonly Language[] = EXTRA_LANGUAGES): Completeness[] {
  const spanish = [...catalogs[DEFAULT_LOCALE].keys()];
  return languages
    .filter((language): language is ExtraLanguage => (EXTRA_LANGUAGES as readonly string[]).includes(language))
    .map((language) => {
      const own = catalogs[language] ?? new Map<string, string>();
      const missing = spanish.filter((key) => !own.has(key)).sort();
      return { language, translated: spanish.length - missing.length, total: spanish.length, missing };
    });
}

/** Month (1–12) and weekday (0 = Sunday) names a language's own catalog gives (`calendar.month.N`, `calendar.weekday.N`). */
export function calendarNames(catalogs: Catalogs, language: Language): { months: string[]; weekdays: string[] } {
  // Spanish and English have ICU's own (short forms included); their catalog entries are what the others translate.
  const own = (LOCALES as readonly string[]).includes(language) ? undefined : catalogs[language];
  return {
    months: Array.from({ length: 12 }, (_, i) => own?.get(`calendar.month.${i + 1}`) ?? ''),
    weekdays: Array.from({ length: 7 }, (_, i) => own?.get(`calendar.weekday.${i}`) ?? ''),
  };
}

/** Fills each argument the message names but the caller did not give with `{name}`. */
function withPlaceholders(message: IntlMessageFormat, params: MessageParams = {}): MessageParams {
  const filled: MessageParams = { ...params };
  for (const name of messageArguments(message)) if (!(name in filled)) filled[name] = `{${name}}`;
  return filled;
}

interface AstElement {
  type: number;
  value?: string;
  options?: Record<string, { value: AstElement[] }>;
}

/** The names of the arguments a compiled message uses (plural and select branches included), sorted. */
export function messageArguments(message: IntlMessageFormat): string[] {
  const names = new Set<string>();
  const walk = (elements: AstElement[]) => {
    for (const element of elements) {
      // Type 0 is literal text and 7 the `#` of a plural; the others name an argument.
      if (element.type !== 0 && element.type !== 7 && element.value) names.add(element.value);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(message.getAst() as unknown as AstElement[]);
  return [...names].sort();
}

/** Picks the best language from an Accept-Language header among those given (the complete ones by default). */
export function negotiateLocale(header: string | undefined): Locale | undefined;
export function negotiateLocale(header: string | undefined, offered: readonly Language[]): Language | undefined;
export function negotiateLocale(header: string | undefined, offered: readonly Language[] = LOCALES): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.lang).find((lang): lang is Language => (offered as readonly string[]).includes(lang));
}

/** Differences between the two languages' keys: each list names keys missing in that locale. */
export function compareCatalogs(catalogs: Catalogs): Record<Locale, string[]> {
  const missing = { es: [] as string[], en: [] as string[] };
  for (const key of catalogs.es.keys()) if (!catalogs.en.has(key)) missing.en.push(key);
  for (const key of catalogs.en.keys()) if (!catalogs.es.has(key)) missing.es.push(key);
  return missing;
}
