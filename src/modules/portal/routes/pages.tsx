// The portal's own pages: home, accessibility statement, source code.
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { AccessibilityPage, HomePage, SourceCodePage } from '../views/portal.views.tsx';

export function registerPortalPages(app: TamboApp): void {
  app.get('/', async (request, reply) => reply.page({ title: request.t('portal.home.title'), body: <HomePage /> }));
  app.get('/accesibilidad', async (request, reply) =>
    reply.page({
      title: request.t('portal.accessibility.title'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <AccessibilityPage />,
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
