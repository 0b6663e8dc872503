// What every component can read while a page renders: the language, the translate function,
// the CSRF token for forms, the current path, the navigation, who is signed in.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Viewer } from '../http/app-types.ts';
import type { Locale, Translate } from '../i18n/i18n.ts';
import type { NavItem } from '../module.ts';

export interface ViewContext {
  locale: Locale;
  t: Translate;
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
