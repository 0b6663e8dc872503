// "Mis pagos" (/pagos): the signed-in person's orders; an order's page with "Pagar" (a POST
// form, no JavaScript) that sends her to the gateway's page, and the page she returns to.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { unitsRepresentedBy } from '../../registries/index.ts';
import { OrderCodeParams } from '../payments.schemas.ts';
import { payeeName } from '../payees.service.ts';
import { gatewayOrigin, getOrderForPayer, listOrderLedger, listPayerOrders, pollOrder, startCheckout } from '../payments.service.ts';
import { OrderListPage, OrderPage, type ReturnNotice } from '../views/payments.views.tsx';

const PAYABLE = new Set(['created', 'pending', 'declined']);

export function registerPaymentsPages(app: TamboApp, deps: Deps): void {
  const breadcrumbs = (request: FastifyRequest, withList = false) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withList ? [{ href: '/pagos', label: request.t('payments.nav') }] : []),
  ];

  /** The units the person represents now: their orders are hers to see and pay (empresa digital). */
  const unitsOf = async (account: { documentNumber: string }) => (await unitsRepresentedBy(deps, account.documentNumber)).map((u) => u.key);

  app.get('/pagos', async (request, reply) => {
    const { account } = requireSignedIn(request);
    return reply.page({
      title: request.t('payments.list.heading'),
      breadcrumbs: breadcrumbs(request),
      body: <OrderListPage orders={await listPayerOrders(deps, account.id, await unitsOf(account))} />,
    });
  });

  app.get('/pagos/:code', { schema: { params: OrderCodeParams, querystring: Type.Object({ retorno: Type.Optional(Type.String({ maxLength: 10 })) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const order = await getOrderForPayer(deps, account.id, request.params.code, await unitsOf(account));
    const events = await listOrderLedger(deps, order);
    const returned = request.query.retorno !== undefined;
    const notice: ReturnNotice | undefined = !returned ? undefined : order.status === 'paid' ? 'paid' : order.status === 'declined' ? 'declined' : 'waiting';
    const payable = PAYABLE.has(order.status) && order.expiresAt.getTime() > Date.now();
    // "Pagar" posts here and is redirected to the gateway: the page's CSP lets its form go there.
    const gateway = payable ? await gatewayOrigin(deps, order.payeeAgency) : undefined;
    if (gateway) reply.header('content-security-policy', String(reply.getHeader('content-security-policy') ?? '').replace("form-action 'self'", `form-action 'self' ${gateway}`));
    return reply.page({
      title: order.concept,
      breadcrumbs: breadcrumbs(request, true),
      body: <OrderPage order={order} payee={await payeeName(deps, order.payeeAgency)} events={events} notice={notice} payable={payable} />,
    });
  });

  app.post('/pagos/:code/pagar', { schema: { params: OrderCodeParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const order = await getOrderForPayer(deps, account.id, request.params.code, await unitsOf(account));
    const redirectUrl = await startCheckout(deps, order, { accountId: account.id, requestId: request.id });
    return reply.redirect(redirectUrl, 303);
  });

  // Back from the gateway: when its notification has not come yet, ask it (fetchStatus).
  app.get('/pagos/:code/retorno', { schema: { params: OrderCodeParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const order = await getOrderForPayer(deps, account.id, request.params.code, await unitsOf(account));
    if (order.status === 'pending') {
      try {
        await pollOrder(deps, order);
      } catch (error) {
        request.log.warn({ err: error }, 'payment status poll failed');
      }
    }
    return reply.redirect(`/pagos/${order.code}?retorno=1`, 303);
  });
}
