// "Mi cuenta": the signed-in person's own data, level, and the way out.
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { AccountPage } from '../views/account.views.tsx';
import { requireSignedIn } from './portal-session.ts';

export function registerAccountPages(app: TamboApp, _deps: Deps): void {
  app.get('/cuenta', async (request, reply) => {
    const { account, session } = requireSignedIn(request);
    return reply.page({ title: request.t('identity.account.title'), body: <AccountPage account={account} acr={session.acr} /> });
  });
}
