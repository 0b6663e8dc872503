// The page shell: skip link, header with the site name, the language switch and who is
// signed in (with the sign-out button), main navigation, the page, footer.
// Works without JavaScript; the script only enhances.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageOptions } from '../http/app-types.ts';
import { LANGUAGE_NAMES } from '../i18n/i18n.ts';
import { Breadcrumbs, CsrfField } from './components.tsx';
import { ViewContextProvider, useView, type ViewContext } from './context.ts';

/** The same address with `lang` set, so the switch works as a plain link. */
export function withLanguage(path: string, locale: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', locale);
  return `${url.pathname}${url.search}`;
}

function LanguageSwitch() {
  const { language, languages, t, path } = useView();
  return (
    <nav class="lang-switch" aria-label={t('layout.languageNav')}>
      <ul>
        {languages.map((other) =>
          other === language ? (
            <li key={other}>
              <span aria-current="true">{LANGUAGE_NAMES[other]}</span>
            </li>
          ) : (
            <li key={other}>
              <a href={withLanguage(path, other)} lang={other} hreflang={other}>
                {LANGUAGE_NAMES[other]}
              </a>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}

/** The form the header's sign-out button submits, placed after the page's own forms. */
const SIGN_OUT_FORM_ID = 'cerrar-sesion';

/**
 * Who is signed in and the sign-out button, on every page while a session lasts. The button
 * submits a form at the end of the body (`form` attribute): a plain POST with its CSRF field,
 * without JavaScript, and the page's own forms stay first in the document.
 */
function SessionBar() {
  const { viewer, t } = useView();
  if (!viewer) return null;
  return (
    <div class="session-bar">
      <span class="session-bar__name">{t('layout.session.signedInAs', { name: viewer.name })}</span>
      <button class="session-bar__button" type="submit" form={SIGN_OUT_FORM_ID}>
        {t('layout.session.signOut')}
      </button>
    </div>
  );
}

function SignOutForm() {
  const { viewer } = useView();
  if (!viewer) return null;
  return (
    <form id={SIGN_OUT_FORM_ID} action="/salir" method="post" hidden>
      <CsrfField />
    </form>
  );
}

function MainNav() {
  const { nav: all, t, path, viewer } = useView();
  const nav = all.filter((item) => (item.audience === 'staff' ? viewer?.staff : item.audience === 'signedIn' ? viewer : true));
  if (nav.length === 0) return null;
  const current = new URL(path, 'http://x').pathname;
  return (
    <nav class="main-nav" aria-label={t('layout.mainNav')}>
      <ul>
        {nav.map((item) => (
          <li key={item.href}>
            <a href={item.href} aria-current={current === item.href || current.startsWith(`${item.href}/`) ? 'page' : undefined}>
              {t(item.labelKey)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Layout(props: { title: string; description?: string; breadcrumbs?: PageOptions['breadcrumbs']; children: ComponentChildren }) {
  const { language, t, asset, siteName, countryName } = useView();
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${siteName}`}</title>
        <meta name="description" content={props.description ?? t('layout.description', { title: props.title, country: countryName })} />
        <link rel="stylesheet" href={asset('css/tambo.css')} />
        <link rel="icon" href={asset('img/favicon.svg')} type="image/svg+xml" />
        <script src={asset('js/enhance.js')} defer />
      </head>
      <body>
        <a class="skip-link" href="#contenido">
          {t('layout.skipLink')}
        </a>
        <header class="site-header">
          <div class="wrap site-header__bar">
            <a class="site-name" href="/">
              {siteName}
              <span class="site-name__country">{countryName}</span>
            </a>
            <LanguageSwitch />
            <SessionBar />
          </div>
          <div class="wrap">
            <MainNav />
          </div>
        </header>
        <div class="wrap">
          {props.breadcrumbs && props.breadcrumbs.length > 0 ? <Breadcrumbs items={props.breadcrumbs} /> : null}
          <main id="contenido" tabIndex={-1}>
            {props.children}
          </main>
        </div>
        <footer class="site-footer">
          <div class="wrap">
            <ul class="site-footer__links">
              <li>
                <a href="/accesibilidad">{t('layout.footer.accessibility')}</a>
              </li>
              <li>
                <a href="/api/docs">{t('layout.footer.apiDocs')}</a>
              </li>
              <li>
                <a href="/codigo-fuente">{t('layout.footer.sourceCode')}</a>
              </li>
            </ul>
            <p>{t('layout.footer.licence')}</p>
          </div>
        </footer>
        <SignOutForm />
      </body>
    </html>
  );
}

/** The whole HTML document of a page. */
export function renderDocument(context: ViewContext, options: PageOptions): string {
  return `<!doctype html>${renderToString(
    <ViewContextProvider.Provider value={context}>
      <Layout title={options.title} description={options.description} breadcrumbs={options.breadcrumbs}>
        {options.body}
      </Layout>
    </ViewContextProvider.Provider>,
  )}`;
}
