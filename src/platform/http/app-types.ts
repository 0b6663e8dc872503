import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ComponentChildren } from 'preact';
import type { Formatter } from '../i18n/format.ts';
import type { Language, Locale, Translate } from '../i18n/i18n.ts';

export type TamboApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** The signed-in person as the page header shows her. */
export interface Viewer {
  name: string;
  /** Holds a role in an agency or territory, or administers the platform: the navigation links the staff start page. */
  staff?: boolean;
}

export interface PageOptions {
  /** The page's own title (the site name is added). */
  title: string;
  /** The page's meta description (search results, shared links); the layout writes one from the title when none is given. */
  description?: string;
  body: ComponentChildren;
  status?: number;
  /** Breadcrumb trail above the title, optional. */
  breadcrumbs?: Array<{ href: string; label: string }>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of data (procedures, profiles) shown: `es` or `en`; Spanish for the extra languages. */
    locale: Locale;
    /** The language the page is in (the messages, `<html lang>`): one the site offers. */
    language: Language;
    t: Translate;
    /** Dates, times and numbers in the person's language and the country's zone. */
    format: Formatter;
    /** The CSRF token for forms on this page (sets the browser's CSRF cookie if missing). */
    csrfToken(): string;
    /**
     * Throws CSRF_INVALID when the request must carry the CSRF token (see `needsCsrfToken`)
     * and neither `fields._csrf` nor the `x-csrf-token` header is the cookie's. Every unsafe
     * request is checked before its handler; multipart forms are checked before their files are read.
     */
    assertCsrf(fields: Record<string, unknown> | undefined): void;
    /** Who is signed in, for the page header (set by the module that keeps sessions), or null. */
    viewer: Viewer | null;
  }
  interface FastifyReply {
    /** Renders a full HTML page in the layout. */
    page(options: PageOptions): FastifyReply;
    /** The page `page` would send, as HTML (for a route that keeps it for anonymous visitors). */
    renderPage(options: PageOptions): string;
    /** Sends HTML rendered by `renderPage` as `page` does. */
    sendPage(html: string, status?: number): FastifyReply;
  }
  interface FastifyInstance {
    /** Sets the request's language (and the reply's Content-Language) as every page's hook does (pages.ts). */
    chooseLanguage?(request: FastifyRequest, reply: FastifyReply): void;
  }
  interface FastifyContextConfig {
    /** Skip CSRF checks (APIs authenticated by tokens, not cookies). */
    csrf?: false;
  }
}
