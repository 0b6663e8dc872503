// "Mis datos" (/cuenta/mis-datos): what every module holds about the signed-in person, the
// download of all of it (/cuenta/mis-datos/descargar, a JSON attachment; /cuenta/mis-datos/pdf,
// a readable PDF signed by the platform) and the erasure of
// what the law allows, one module at a time, after a confirmation (/cuenta/mis-datos/borrar).
// Only the signed-in person's own account is ever read or erased: no route takes an account id.
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { eraseMyData, exportMyData, exportMyDataPdf, findMyData } from '../my-data.service.ts';
import { EraseMyDataPage, MyDataPage } from '../views/my-data.tsx';
import { requireSignedIn } from './portal-session.ts';

const Done = Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) });
const Which = Type.Object({ modulo: Type.String({ maxLength: 60 }) });
const EraseBody = Type.Object({ module: Type.String({ maxLength: 60 }), confirm: Type.Optional(Type.String({ maxLength: 10 })) });

export function registerMyDataPages(app: TamboApp, deps: Deps): void {
  const timeZone = deps.country.timeZone;
  const modules = () => app.tambo.modules;

  app.get('/cuenta/mis-datos', { schema: { querystring: Done } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const found = await findMyData(deps, modules(), account.id);
    const notice = request.query.hecho === 'borrado' ? request.t('identity.myData.erased') : undefined;
    return reply.page({ title: request.t('identity.myData.title'), body: <MyDataPage modules={found} timeZone={timeZone} notice={notice} /> });
  });

  app.get('/cuenta/mis-datos/descargar', async (request, reply) => {
    const { account } = requireSignedIn(request);
    const document = await exportMyData(deps, modules(), account.id, request.t, request.id);
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-disposition', `attachment; filename="mis-datos-${day}.json"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(`${JSON.stringify(document, null, 2)}\n`);
  });

  app.get('/cuenta/mis-datos/pdf', async (request, reply) => {
    const { account } = requireSignedIn(request);
    const pdf = await exportMyDataPdf(deps, modules(), account, { t: request.t, format: request.format, locale: request.locale }, request.id);
    const day = new Date().toISOString().slice(0, 10);
    return reply.header('content-disposition', `attachment; filename="mis-datos-${day}.pdf"`).header('cache-control', 'no-store').type('application/pdf').send(pdf);
  });

  /** The module's data when it may erase something of the person's now; otherwise 404. */
  const erasable = async (accountId: string, module: string) => {
    const found = (await findMyData(deps, modules(), accountId)).find((m) => m.module === module);
    if (!found?.canErase || !found.eraseKey) throw new AppError('NOT_FOUND');
    return found;
  };

  app.get('/cuenta/mis-datos/borrar', { schema: { querystring: Which } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const module = await erasable(account.id, request.query.modulo);
    return reply.page({ title: request.t(module.eraseKey!), body: <EraseMyDataPage module={module} /> });
  });

  app.post('/cuenta/mis-datos/borrar', { schema: { body: EraseBody } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const module = await erasable(account.id, request.body.module);
    if (request.body.confirm !== 'si') {
      return reply.page({
        status: 400,
        title: `${request.t('identity.errorPrefix')} ${request.t(module.eraseKey!)}`,
        body: <EraseMyDataPage module={module} error={request.t('identity.myData.confirmMissing')} />,
      });
    }
    await eraseMyData(deps, modules(), account.id, module.module, request.id);
    return reply.redirect('/cuenta/mis-datos?hecho=borrado', 303);
  });
}
