// Per-request language among the site's (Spanish, the country profile's official languages,
// English): query `lang` (kept a year in a cookie), then the cookie, then Accept-Language, then Spanish;
// `reply.page()` to render a page in the layout, and the static assets with
// content-hash versions so browsers may cache them for a year.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { createFormatter, type Formatter } from '../i18n/format.ts';
import { DEFAULT_LOCALE, calendarNames, contentLocale, isLanguage, negotiateLocale, siteLanguages, translator, type Catalogs, type Language, type Locale } from '../i18n/i18n.ts';
import type { NavItem } from '../module.ts';
import { renderDocument } from '../views/layout.tsx';
import type { PageOptions, TamboApp } from './app-types.ts';
import { LANG_COOKIE, cookieOptions } from './security.ts';

export const ASSETS_DIR = fileURLToPath(new URL('../../../assets/', import.meta.url));

function hashAssets(dir: string, prefix = ''): Map<string, string> {
  const versions = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) {
      for (const [file, version] of hashAssets(full, relative)) versions.set(file, version);
    } else {
      versions.set(relative, createHash('sha256').update(readFileSync(full)).digest('hex').slice(0, 12));
    }
  }
  return versions;
}

let assetVersions: Map<string, string> | undefined;

/**
 * The versioned address of a static asset (`/assets/css/tambo.css?v=<content hash>`), cached
 * for a year as immutable: for pages rendered outside the layout (the provider's own pages).
 */
export function assetPath(file: string): string {
  assetVersions ??= hashAssets(ASSETS_DIR);
  const version = assetVersions.get(file);
  if (!version) throw new Error(`unknown asset ${file}`);
  return `/assets/${file}?v=${version}`;
}

export interface PageSetup {
  config: Config;
  catalogs: Catalogs;
  nav: NavItem[];
  countryName: (locale: Locale) => string;
  /** The country profile's official languages (ISO 639): which extra languages the site offers. */
  languages?: readonly string[];
}

export async function registerPages(app: TamboApp, setup: PageSetup): Promise<void> {
  const asset = assetPath;
  const languages = siteLanguages(setup.languages ?? []);
  const zone = { region: setup.catalogs.region, timeZone: setup.catalogs.timeZone };
  const translators = new Map(languages.map((language) => [language, translator(setup.catalogs, language)]));
  const formatters = new Map(languages.map((language) => [language, createFormatter(language, { ...zone, names: calendarNames(setup.catalogs, language) })]));
  const offered = (value: unknown): value is Language => isLanguage(value) && languages.includes(value);

  await app.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: '/assets/',
    index: false,
    cacheControl: false,
    setHeaders(reply, filePath) {
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      if (filePath.endsWith('.svg')) reply.header('content-type', 'image/svg+xml');
    },
  });

  app.decorateRequest('viewer', null);
  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', translators.get(DEFAULT_LOCALE)!);
  app.decorateRequest('language', DEFAULT_LOCALE);
  app.decorateRequest('format', null as unknown as Formatter);
  const chooseLanguage = (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, unknown> | undefined;
    const fromQuery = typeof query?.lang === 'string' ? query.lang : undefined;
    let language: Language;
    if (offered(fromQuery)) {
      language = fromQuery;
      if (request.cookies[LANG_COOKIE] !== fromQuery) {
        reply.setCookie(LANG_COOKIE, fromQuery, { ...cookieOptions(setup.config), maxAge: 31_536_000 });
      }
    } else {
      const fromCookie = request.cookies[LANG_COOKIE];
      language = offered(fromCookie) ? fromCookie : (negotiateLocale(request.headers['accept-language'], languages) ?? DEFAULT_LOCALE);
    }
    request.language = language;
    request.locale = contentLocale(language);
    request.t = translators.get(language)!;
    request.format = formatters.get(language)!;
    reply.header('content-language', language);
    reply.header('vary', 'Accept-Language, Cookie');
  };
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => chooseLanguage(request, reply));
  // A request refused before its hooks ran (the rate limit, security.ts) is answered in its language too.
  app.decorate('chooseLanguage', chooseLanguage);

  // The page as HTML, for a route that keeps it (a public page is the same for every anonymous
  // visitor in a language: catalog's procedure page); `page` renders and sends it.
  app.decorateReply('renderPage', function renderPage(this: FastifyReply, options: PageOptions): string {
    const request = this.request;
    return renderDocument(
      {
        locale: request.locale,
        language: request.language,
        languages,
        t: request.t,
        format: request.format,
        csrfToken: () => request.csrfToken(),
        path: request.url,
        nav: setup.nav,
        asset,
        siteName: request.t('layout.siteName'),
        countryName: setup.countryName(request.locale),
        viewer: request.viewer,
      },
      options,
    );
  });
  app.decorateReply('sendPage', function sendPage(this: FastifyReply, html: string, status = 200) {
    this.header('cache-control', 'no-store');
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });
  app.decorateReply('page', function page(this: FastifyReply, options: PageOptions) {
    return this.sendPage(this.renderPage(options), options.status);
  });
}
