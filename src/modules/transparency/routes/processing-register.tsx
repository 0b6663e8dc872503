// The public register of processing activities (/transparencia/tratamientos; docs/transparency.md).
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { processingActivities } from '../processing-register.ts';
import { ProcessingRegisterPage } from '../views/processing-register.views.tsx';

export function registerProcessingRegisterPage(app: TamboApp): void {
  app.get('/transparencia/tratamientos', async (request, reply) =>
    reply.page({
      title: request.t('transparency.processing.heading'),
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/transparencia', label: request.t('transparency.nav') },
      ],
      body: <ProcessingRegisterPage activities={processingActivities(app.tambo.modules)} />,
    }),
  );
}
