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

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

export type Catalog = Map<string, string>;
/**
 * Both languages' messages. `region` (ISO 3166 alpha-2, e.g. `BO`) picks the country's
 * number and date notation for Spanish (`es-BO` writes 1.234,5; plain `es` would write 1234,5);
 * `timeZone` (the country's, e.g. America/La_Paz) is where `{d, date, long}` and `{d, time, short}` fall.
 */
export type Catalogs = Record<Locale, Catalog> & { region?: string; timeZone?: string };
export type MessageParams = Record<string, string | number | Date>;
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
  for (const [key, child] of Object.entries(value)) flatten(prefix ? `${prefix}.${key}` : key, child, into, file);
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
  }
  return catalogs;
}

/** Compiles one ICU message (tags are plain text: catalogs hold no markup). Throws on bad syntax. */
export function compileMessage(template: string, locale: Locale, region?: string, timeZone?: string): IntlMessageFormat {
  const tag = locale === 'es' && region ? `es-${region.toUpperCase()}` : locale;
  return new IntlMessageFormat(template, tag, timeZone ? zonedFormats(timeZone) : undefined, { ignoreTag: true });
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
export function translator(catalogs: Catalogs, locale: Locale): Translate {
  const catalog = catalogs[locale];
  const fallback = catalogs[DEFAULT_LOCALE];
  const cache = compiledCache(catalogs, locale);
  return (key, params) => {
    let compiled = cache.get(key);
    if (compiled === undefined) {
      const template = catalog.get(key) ?? fallback.get(key);
      if (template === undefined) return key;
      compiled = compileMessage(template, locale, catalogs.region, catalogs.timeZone);
      cache.set(key, compiled);
    }
    try {
      return String(compiled.format(params));
    } catch {
      return String(compiled.format(withPlaceholders(compiled, params)));
    }
  };
}

const compiled = new WeakMap<Catalogs, Record<Locale, Map<string, IntlMessageFormat>>>();
function compiledCache(catalogs: Catalogs, locale: Locale): Map<string, IntlMessageFormat> {
  let entry = compiled.get(catalogs);
  if (!entry) {
    entry = { es: new Map(), en: new Map() };
    compiled.set(catalogs, entry);
  }
  return entry[locale];
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

/** Picks the best supported locale from an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale | undefined {
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
  return ranked.map((entry) => entry.lang).find(isLocale);
}

/** Differences between the two languages' keys: each list names keys missing in that locale. */
export function compareCatalogs(catalogs: Catalogs): Record<Locale, string[]> {
  const missing = { es: [] as string[], en: [] as string[] };
  for (const key of catalogs.es.keys()) if (!catalogs.en.has(key)) missing.en.push(key);
  for (const key of catalogs.en.keys()) if (!catalogs.es.has(key)) missing.es.push(key);
  return missing;
}
