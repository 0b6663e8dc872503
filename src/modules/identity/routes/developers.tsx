// /desarrolladores, the developer portal (views/developers.views.tsx): built from the modules'
// contract (scopes, webhook topics) at each request, with the demo system's credentials in
// demo mode only.
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { publishedResourceServers } from '../admin/resource-servers.service.ts';
import { DEMO_AGENCY, DEMO_RP } from '../identity.seed.ts';
import { DeveloperPage } from '../views/developers.views.tsx';

export function registerDeveloperPortal(app: TamboApp, deps: Deps): void {
  app.get('/desarrolladores', async (request, reply) => {
    const contract = app.tambo.modules;
    return reply.page({
      title: request.t('identity.developers.title'),
      body: (
        <DeveloperPage
          baseUrl={deps.config.publicUrl}
          sandbox={deps.config.demo ? { clientId: DEMO_RP.clientId, clientSecret: DEMO_RP.clientSecret, agencyCode: DEMO_AGENCY[deps.country.code] ?? '' } : null}
          scopes={contract.flatMap((m) => (m.scopes ?? []).map((s) => ({ name: s.name, descriptionKey: s.descriptionKey, holders: [...(s.holders ?? ['person'])] })))}
          topics={contract.flatMap((m) => (m.webhookTopics ?? []).map((topic) => ({ name: topic.name, descriptionKey: topic.descriptionKey })))}
          resources={await publishedResourceServers(deps)}
        />
      ),
    });
  });
}
