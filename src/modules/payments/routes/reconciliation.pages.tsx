// The daily reconciliation for the agency's officials: /gestion/pagos/conciliacion (page, a
// "reconcile now" form, CSV download) and one page per difference to resolve it.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { findDifferenceForOfficial, readReconciliation, reconcileDay, reconciliationCsv, reconcilingPayees, resolveDifference } from '../reconciliation.service.ts';
import { isPrivatePayee, payeeOptions } from '../payees.service.ts';
import { DifferencePage, ReconciliationPage } from '../views/reconciliation.views.tsx';

const Query = Type.Object({
  institucion: Type.Optional(Type.String({ maxLength: 40 })),
  dia: Type.Optional(Type.String({ maxLength: 10 })),
});
const DifferenceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function registerReconciliationPages(app: TamboApp, deps: Deps): void {
  const breadcrumbs = (request: FastifyRequest) => [{ href: '/', label: request.t('portal.home.breadcrumb') }];

  /** The agency and day asked for, among the official's agencies (the first, and today in UTC, by default). */
  async function scope(request: FastifyRequest<{ Querystring: { institucion?: string; dia?: string } }>) {
    const { account } = requireSignedIn(request);
    // The payees of the person: the agencies where they hold a role, the economic units they represent.
    const agencies = await reconcilingPayees(deps, account);
    if (agencies.length === 0) throw new AppError('PAYMENTS_FORBIDDEN');
    const agency = request.query.institucion ?? agencies[0]!;
    if (!agencies.includes(agency)) throw new AppError('PAYMENTS_FORBIDDEN');
    const day = /^\d{4}-\d{2}-\d{2}$/.test(request.query.dia ?? '') && !Number.isNaN(Date.parse(request.query.dia!)) ? request.query.dia! : new Date().toISOString().slice(0, 10);
    return { account, agencies, agency, day };
  }

  app.get('/gestion/pagos/conciliacion', { schema: { querystring: Query } }, async (request, reply) => {
    const { agencies, agency, day } = await scope(request);
    const reconciliation = await readReconciliation(deps, agency, day);
    return reply.page({
      title: request.t('payments.reconciliation.heading'),
      breadcrumbs: breadcrumbs(request),
      body: <ReconciliationPage agencies={await payeeOptions(deps, agencies)} agency={agency} day={day} reconciliation={reconciliation} currency={deps.country.currency} />,
    });
  });

  app.post('/gestion/pagos/conciliacion', { schema: { querystring: Query } }, async (request, reply) => {
    const { account, agency, day } = await scope(request);
    // A unit's representative acts as a person, an agency's official as an official.
    await reconcileDay(deps, agency, day, { type: isPrivatePayee(agency) ? 'person' : 'official', id: account.id });
    return reply.redirect(`/gestion/pagos/conciliacion?institucion=${encodeURIComponent(agency)}&dia=${day}`, 303);
  });

  app.get('/gestion/pagos/conciliacion.csv', { schema: { querystring: Query } }, async (request, reply) => {
    const { agency, day } = await scope(request);
    const reconciliation = await readReconciliation(deps, agency, day);
    if (!reconciliation) throw new AppError('PAYMENTS_RECONCILIATION_NOT_FOUND');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="conciliacion-${agency}-${day}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(reconciliationCsv(reconciliation));
  });

  app.get('/gestion/pagos/diferencias/:id', { schema: { params: DifferenceParams } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const found = await findDifferenceForOfficial(deps, account, request.params.id);
    return reply.page({
      title: request.t('payments.reconciliation.differenceHeading'),
      breadcrumbs: breadcrumbs(request),
      body: <DifferencePage difference={found.difference} agency={found.payeeAgency} day={found.day} currency={deps.country.currency} />,
    });
  });

  app.post('/gestion/pagos/diferencias/:id', { schema: { params: DifferenceParams, body: Type.Object({ resolucion: Type.Optional(Type.String({ maxLength: 5000 })) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const typed = request.body.resolucion ?? '';
    try {
      const done = await resolveDifference(deps, account, request.params.id, typed, request.id);
      return reply.redirect(`/gestion/pagos/conciliacion?institucion=${encodeURIComponent(done.payeeAgency)}&dia=${done.day}`, 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const found = await findDifferenceForOfficial(deps, account, request.params.id);
      const messageKey = error.fields[0]?.messageKey ?? 'payments.reconciliation.resolutionRequired';
      return reply.page({
        status: 400,
        title: request.t('payments.reconciliation.differenceHeading'),
        breadcrumbs: breadcrumbs(request),
        body: <DifferencePage difference={found.difference} agency={found.payeeAgency} day={found.day} typed={typed} error={request.t(messageKey)} currency={deps.country.currency} />,
      });
    }
  });
}
