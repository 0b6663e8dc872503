// The provider's signing keys (/admin/llaves), for platform administrators: the same steps as
// `npm run keys:rotate`; each takes effect as processes restart.
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { activateKey, addSigningKey, listSigningKeys, retireKey } from '../admin/keys.service.ts';
import { KeysPage } from '../views/admin-keys.views.tsx';
import { DoneQuery, doneMessage, staffOf } from './admin-common.ts';

const KidParams = Type.Object({ kid: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });

export function registerKeyPages(app: TamboApp, deps: Deps): void {
  app.get('/admin/llaves', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const keys = await listSigningKeys(deps.db, await staffOf(deps, request));
    return reply.page({
      title: request.t('identity.keys.heading'),
      breadcrumbs: [{ href: '/admin', label: request.t('identity.admin.home.heading') }],
      body: <KeysPage keys={keys} signingNow={await deps.keyring.signingKid()} signingNext={keys.find((key) => !key.retiredAt)?.kid} done={doneMessage(request, request.query.hecho)} />,
    });
  });
  app.post('/admin/llaves', async (request, reply) => {
    await addSigningKey(deps.db, { staged: true }, await staffOf(deps, request));
    return reply.redirect('/admin/llaves?hecho=llaveNueva', 303);
  });
  app.post('/admin/llaves/:kid/activar', { schema: { params: KidParams } }, async (request, reply) => {
    if (!(await activateKey(deps.db, request.params.kid, await staffOf(deps, request)))) throw new AppError('NOT_FOUND');
    return reply.redirect('/admin/llaves?hecho=llaveActiva', 303);
  });
  app.post('/admin/llaves/:kid/retirar', { schema: { params: KidParams } }, async (request, reply) => {
    const result = await retireKey(deps.db, request.params.kid, await staffOf(deps, request));
    if (result === 'unknown') throw new AppError('NOT_FOUND');
    if (result === 'signing') throw new AppError('CONFLICT');
    return reply.redirect('/admin/llaves?hecho=llaveRetirada', 303);
  });
}
