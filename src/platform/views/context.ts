// What every component can read while a page renders: the language, the translate function,
// the CSRF token for forms, the current path, the navigation, who is signed in.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Viewer } from '../http/app-types.ts';
import type { Formatter } from '../i18n/format.ts';
import type { Language, Locale, Translate } from '../i18n/i18n.ts';
import type { NavItem } from '../module.ts';

export interface ViewContext {
  /** The language of data (`es` or `en`): Spanish when the page is in an extra language. */
  locale: Locale;
  /** The page's language and the ones the site offers (the language switch). */
  language: Language;
  languages: readonly Language[];
  t: Translate;
  /** Dates, times and numbers in the person's language and the country's zone (`format.dateTime(d)`). */
  format: Formatter;
  csrfToken: () => string;
  /** Path and query of the current page (for the language switch and active links). */
  path: string;
  nav: NavItem[];
  /** Public URL of a file under assets/, with a content-hash version. */
  asset: (file: string) => string;
  siteName: string;
  countryName: string;
  /** Who is signed in (the header shows her name and a sign-out button), or null. */
  viewer: Viewer | null;
}

export const ViewContextProvider = createContext<ViewContext | null>(null);

export function useView(): ViewContext {
  const context = useContext(ViewContextProvider);
  if (!context) throw new Error('a component rendered outside a page');
  return context;
}
