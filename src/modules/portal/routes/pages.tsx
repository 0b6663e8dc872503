// The portal's own pages: home, accessibility statement, source code.
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { LANGUAGE_NAMES, catalogCompleteness, siteLanguages } from '../../../platform/i18n/i18n.ts';
import { AccessibilityPage, HomePage, SourceCodePage } from '../views/portal.views.tsx';

export function registerPortalPages(app: TamboApp): void {
  app.get('/', async (request, reply) => reply.page({ title: request.t('portal.home.title'), body: <HomePage /> }));
  app.get('/accesibilidad', async (request, reply) =>
    reply.page({
      title: request.t('portal.accessibility.title'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      // How complete each extra language is: what it lacks is shown in Spanish.
      body: (
        <AccessibilityPage
          languages={catalogCompleteness(app.tambo.deps.catalogs, siteLanguages(app.tambo.deps.country.languages)).map((c) => ({
            language: c.language,
            name: LANGUAGE_NAMES[c.language],
            share: c.total === 0 ? 0 : c.translated / c.total,
            missing: c.missing.length,
          }))}
        />
      ),
    }),
  );
  app.get('/codigo-fuente', async (request, reply) =>
    reply.page({
      title: request.t('portal.source.title'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <SourceCodePage />,
    }),
  );
}
