// The representative's page for an economic unit's settlement account:
// /gestion/pagos/unidades/{unit key}/cuenta (only a representative of the unit; anyone else 403),
// and a person's own, to be paid as herself (a marketplace seller): /gestion/pagos/cuenta.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { configurePersonPayee, configureUnitPayee, personSettlementAccount, requireRepresentative, unitSettlementAccount } from '../payees.service.ts';
import { type UnitPayeeForm, UnitPayeePage } from '../views/unit-payee.views.tsx';

const Params = Type.Object({ unit: Type.String({ pattern: '^[A-Za-z0-9-]{1,37}$' }) });
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const Body = Type.Object({ treasuryAccount: text(300), gatewayUrl: text(600), merchantId: text(300), secret: text(300), collectingAgencies: text(600) });

export function registerUnitPayeePages(app: TamboApp, deps: Deps): void {
  const breadcrumbs = (request: FastifyRequest) => [{ href: '/', label: request.t('portal.home.breadcrumb') }];

  app.get('/gestion/pagos/unidades/:unit/cuenta', { schema: { params: Params, querystring: Type.Object({ guardado: Type.Optional(Type.String({ maxLength: 1 })) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const unit = await requireRepresentative(deps, account, request.params.unit);
    const current = await unitSettlementAccount(deps, unit.key);
    const typed: UnitPayeeForm = current ? { ...current, collectingAgencies: current.collectingAgencies.join(', ') } : { treasuryAccount: '', gatewayUrl: '', merchantId: '', collectingAgencies: '' };
    return reply.page({
      title: request.t('payments.payee.heading', { unit: unit.name }),
      breadcrumbs: breadcrumbs(request),
      body: <UnitPayeePage unit={unit} typed={typed} configured={current !== undefined} saved={request.query.guardado === '1'} />,
    });
  });

  app.post('/gestion/pagos/unidades/:unit/cuenta', { schema: { params: Params, body: Body } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const unit = await requireRepresentative(deps, account, request.params.unit);
    const b = request.body;
    // The secret is never written back into the page: the person types it again after an error.
    const typed: UnitPayeeForm = { treasuryAccount: b.treasuryAccount ?? '', gatewayUrl: (b.gatewayUrl ?? '').trim(), merchantId: b.merchantId ?? '', collectingAgencies: b.collectingAgencies ?? '' };
    const collectingAgencies = typed.collectingAgencies.split(/[\s,;]+/).filter((a) => a.length > 0);
    try {
      await configureUnitPayee(deps, account, { unitKey: unit.key, ...typed, secret: b.secret ?? '', collectingAgencies }, request.id);
      return reply.redirect(`/gestion/pagos/unidades/${encodeURIComponent(unit.key)}/cuenta?guardado=1`, 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const errors = Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
      return reply.page({
        status: 400,
        title: `${request.t('payments.payee.errorTitle')} ${request.t('payments.payee.heading', { unit: unit.name })}`,
        breadcrumbs: breadcrumbs(request),
        body: <UnitPayeePage unit={unit} typed={typed} configured={(await unitSettlementAccount(deps, unit.key)) !== undefined} errors={errors} />,
      });
    }
  });

  const Saved = Type.Object({ guardado: Type.Optional(Type.String({ maxLength: 1 })) });
  const personPage = (account: { id: string; givenName: string; familyName: string }) => ({ key: account.id, name: `${account.givenName} ${account.familyName}` });

  app.get('/gestion/pagos/cuenta', { schema: { querystring: Saved } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const current = await personSettlementAccount(deps, account.id);
    const typed: UnitPayeeForm = { treasuryAccount: current?.treasuryAccount ?? '', gatewayUrl: current?.gatewayUrl ?? '', merchantId: current?.merchantId ?? '', collectingAgencies: '' };
    return reply.page({
      title: request.t('payments.payee.personHeading'),
      breadcrumbs: breadcrumbs(request),
      body: <UnitPayeePage unit={personPage(account)} person typed={typed} configured={current !== undefined} saved={request.query.guardado === '1'} />,
    });
  });

  app.post('/gestion/pagos/cuenta', { schema: { body: Body } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const b = request.body;
    const typed: UnitPayeeForm = { treasuryAccount: b.treasuryAccount ?? '', gatewayUrl: (b.gatewayUrl ?? '').trim(), merchantId: b.merchantId ?? '', collectingAgencies: '' };
    try {
      await configurePersonPayee(deps, account, { ...typed, secret: b.secret ?? '' }, request.id);
      return reply.redirect('/gestion/pagos/cuenta?guardado=1', 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const errors = Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
      return reply.page({
        status: 400,
        title: `${request.t('payments.payee.errorTitle')} ${request.t('payments.payee.personHeading')}`,
        breadcrumbs: breadcrumbs(request),
        body: <UnitPayeePage unit={personPage(account)} person typed={typed} configured={(await personSettlementAccount(deps, account.id)) !== undefined} errors={errors} />,
      });
    }
  });
}
