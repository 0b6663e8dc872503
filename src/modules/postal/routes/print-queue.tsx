// The post clerks' print queue of official mail (docs/postal.md, "Official mail"): the letters
// the sweep printed as PDF, not yet printed first; each downloaded to print (the first download
// recorded and audited).
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { letterQueue, letterToPrint } from '../print-queue.service.ts';
import { requireClerk } from '../postal.service.ts';
import { PrintQueuePage } from '../views/print-queue.views.tsx';

export function registerPrintQueuePages(app: TamboApp, deps: Deps): void {
  app.get('/envios/oficina/impresion', async (request, reply) => {
    const { account } = requireSignedIn(request);
    const clerk = await requireClerk(deps, account);
    const { letters, offices } = await letterQueue(deps, clerk.agencyCode);
    return reply.page({
      title: request.t('postal.queue.heading'),
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/envios', label: request.t('postal.nav') },
        { href: '/envios/oficina', label: request.t('postal.desk.heading') },
      ],
      body: <PrintQueuePage letters={letters} offices={offices} />,
    });
  });

  app.get('/envios/oficina/impresion/:number/carta.pdf', { schema: { params: Type.Object({ number: Type.String({ maxLength: 60 }) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const clerk = await requireClerk(deps, account);
    const { number, bytes } = await letterToPrint(deps, clerk, request.params.number, request.id);
    return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `attachment; filename="carta-${number}.pdf"`).send(bytes);
  });
}
