// Message catalogs. Code holds only keys; each owner (the platform, every module) keeps
// `locales/es.json` and `locales/en.json`, nested objects whose paths are the keys
// (`layout.skipLink`). Spanish is the default language; English is complete.
// A test fails on a key missing in either language and on a key nothing uses.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

export type Catalog = Map<string, string>;
export type Catalogs = Record<Locale, Catalog>;
export type MessageParams = Record<string, string | number>;
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
export function loadCatalogs(dirs: Array<URL | string>): Catalogs {
  const catalogs = { es: new Map(), en: new Map() } as Catalogs;
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

export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The translate function for one locale; a missing key shows itself (and tests catch it). */
export function translator(catalogs: Catalogs, locale: Locale): Translate {
  const catalog = catalogs[locale];
  const fallback = catalogs[DEFAULT_LOCALE];
  return (key, params) => {
    const template = catalog.get(key) ?? fallback.get(key);
    return template === undefined ? key : interpolate(template, params);
  };
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
