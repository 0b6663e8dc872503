// The agency's payments for its officials (docs/payments.md, "The agency's orders"):
// /gestion/pagos (orders with filters, cases waiting for their fee), one order's page with the
// refund form, and the page where an official sets a case's fee. Only the agencies the official
// holds a role in.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { payeeOptions } from '../payees.service.ts';
import { reconcilingPayees } from '../reconciliation.service.ts';
import { getOrderForOfficial, listAgencyOrders, requestRefund, setOfficialFee, findFeeRequestForOfficial } from '../agency-orders.service.ts';
import { listOrderLedger } from '../payments.service.ts';
import { ORDER_STATUSES, type OrderStatus } from '../payments.types.ts';
import { AgencyOrderPage, AgencyOrdersPage, FeePage } from '../views/agency.views.tsx';

const ListQuery = Type.Object({
  institucion: Type.Optional(Type.String({ maxLength: 40 })),
  estado: Type.Optional(Type.String({ maxLength: 20 })),
  tramite: Type.Optional(Type.String({ maxLength: 40 })),
  desde: Type.Optional(Type.String({ maxLength: 10 })),
  hasta: Type.Optional(Type.String({ maxLength: 10 })),
});
const CodeParams = Type.Object({ code: Type.String({ maxLength: 20 }) });
const CaseParams = Type.Object({ caseId: Type.String({ format: 'uuid' }) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A day typed as YYYY-MM-DD, or undefined (an unreadable day filters nothing). */
function day(text: string | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const at = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export function registerAgencyPages(app: TamboApp, deps: Deps): void {
  const breadcrumbs = (request: FastifyRequest) => [{ href: '/', label: request.t('portal.home.breadcrumb') }];

  app.get('/gestion/pagos', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const agencies = await reconcilingPayees(deps, account);
    if (agencies.length === 0) throw new AppError('PAYMENTS_FORBIDDEN');
    const q = request.query;
    const agency = q.institucion ?? agencies[0]!;
    const status = ORDER_STATUSES.includes(q.estado as OrderStatus) ? (q.estado as OrderStatus) : undefined;
    const procedureId = q.tramite && UUID.test(q.tramite) ? q.tramite : undefined;
    const to = day(q.hasta);
    const found = await listAgencyOrders(deps, account, agency, { status, procedureId, from: day(q.desde), before: to ? new Date(to.getTime() + 86_400_000) : undefined });
    return reply.page({
      title: request.t('payments.agency.heading'),
      breadcrumbs: breadcrumbs(request),
      body: <AgencyOrdersPage agencies={await payeeOptions(deps, agencies)} filter={{ agency, estado: status, tramite: procedureId, desde: q.desde, hasta: q.hasta }} {...found} />,
    });
  });

  app.get('/gestion/pagos/ordenes/:code', { schema: { params: CodeParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const order = await getOrderForOfficial(deps, account, request.params.code);
    return reply.page({
      title: request.t('payments.agency.orderHeading', { code: order.code }),
      breadcrumbs: breadcrumbs(request),
      body: <AgencyOrderPage order={order} ledger={await listOrderLedger(deps, order)} />,
    });
  });

  app.post('/gestion/pagos/ordenes/:code/devolucion', { schema: { params: CodeParams, body: Type.Object({ motivo: Type.Optional(Type.String({ maxLength: 5000 })) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const typed = request.body.motivo ?? '';
    try {
      const order = await requestRefund(deps, account, request.params.code, typed, request.id);
      return reply.redirect(`/gestion/pagos/ordenes/${order.code}`, 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const order = await getOrderForOfficial(deps, account, request.params.code);
      return reply.page({
        status: 400,
        title: request.t('payments.agency.orderHeading', { code: order.code }),
        breadcrumbs: breadcrumbs(request),
        body: <AgencyOrderPage order={order} ledger={await listOrderLedger(deps, order)} typed={typed} error={request.t('payments.agency.refundReasonRequired')} />,
      });
    }
  });

  app.get('/gestion/pagos/importes/:caseId', { schema: { params: CaseParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const feeRequest = await findFeeRequestForOfficial(deps, account.id, request.params.caseId);
    if (feeRequest.orderId) return reply.redirect(`/gestion/pagos?institucion=${encodeURIComponent(feeRequest.payeeAgency)}`, 303);
    return reply.page({ title: request.t('payments.agency.feeHeading'), breadcrumbs: breadcrumbs(request), body: <FeePage request={feeRequest} /> });
  });

  app.post('/gestion/pagos/importes/:caseId', { schema: { params: CaseParams, body: Type.Object({ importe: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const typed = request.body.importe ?? '';
    try {
      const order = await setOfficialFee(deps, account.id, request.params.caseId, typed, request.id);
      return reply.redirect(`/gestion/pagos/ordenes/${order.code}`, 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const feeRequest = await findFeeRequestForOfficial(deps, account.id, request.params.caseId);
      return reply.page({
        status: 400,
        title: request.t('payments.agency.feeHeading'),
        breadcrumbs: breadcrumbs(request),
        body: <FeePage request={feeRequest} typed={typed} error={request.t('payments.agency.amountInvalid')} />,
      });
    }
  });
}
