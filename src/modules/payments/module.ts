import { defineModule } from '../../platform/module.ts';
import { registerAgencyPages } from './routes/agency.pages.tsx';
import { registerPaymentsApi } from './routes/api.ts';
import { registerPaymentsPages } from './routes/pages.tsx';
import { registerReconciliationPages } from './routes/reconciliation.pages.tsx';
import { registerUnitPayeePages } from './routes/unit-payee.pages.tsx';
import { RECONCILE_JOB, runDailyReconciliation } from './reconciliation.service.ts';
import { onCaseDecided, onOrderExpired, onOrderPaid, orderForSubmittedCase } from './payments.handlers.ts';
import { PAYMENTS_SCOPES } from './payments.schemas.ts';
import { runExpiry } from './payments.service.ts';
import { paymentStats } from './payments.stats.ts';
import { seedPayments } from './payments.seed.ts';
import { paymentsPersonalData } from './personal-data.service.ts';

export const EXPIRY_JOB = 'expire_orders';

// Electronic payments (docs/payments.md): orders for procedures' fees and agencies' services,
// paid through a gateway reached over HTTP, never paid twice, reconciled every day.
export const paymentsModule = defineModule({
  name: 'payments',
  dependsOn: ['agencies', 'identity', 'mailbox', 'catalog', 'registries', 'cases'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: [new URL('./locales/', import.meta.url)],
  errors: {
    PAYMENTS_ORDER_NOT_FOUND: { status: 404, title: 'No payment order of yours has this code' },
    PAYMENTS_ORDER_NOT_PAYABLE: { status: 409, title: 'This order cannot be paid now (already paid, expired or refunded)' },
    PAYMENTS_ORDER_NOT_REFUNDABLE: { status: 409, title: 'This order has no payment to give back' },
    PAYMENTS_REFUND_ALREADY_REQUESTED: { status: 409, title: 'A refund of this order was already requested' },
    PAYMENTS_FEE_REQUEST_NOT_FOUND: { status: 404, title: 'No case of your agencies waits for a fee with this id' },
    PAYMENTS_PAYER_NOT_FOUND: { status: 422, title: 'Nobody holds this identity document on the platform' },
    PAYMENTS_PAYEE_NOT_CONFIGURED: { status: 404, title: 'This payee (agency or economic unit) has no payment gateway account configured' },
    PAYMENTS_PAYEE_NOT_ALLOWED: { status: 403, title: 'The economic unit has not named the calling agency among those that collect for it' },
    PAYMENTS_NOT_REPRESENTATIVE: { status: 403, title: 'Only a representative of the economic unit may register its settlement account or see its reconciliation' },
    PAYMENTS_GATEWAY_REFUSED: { status: 502, title: 'The payment gateway refused the request' },
    PAYMENTS_CLIENT_NOT_ALLOWED: { status: 403, title: 'The client system may not use payment orders (no `payments:*` scope, or no agency)' },
    PAYMENTS_NOTIFICATION_REFUSED: { status: 401, title: 'The notification is unsigned, wrongly signed or too old' },
    PAYMENTS_FORBIDDEN: { status: 403, title: 'Only officials of the agency (or representatives of the economic unit) may see its orders and reconciliation' },
    PAYMENTS_RECONCILIATION_NOT_FOUND: { status: 404, title: 'This day has not been reconciled yet' },
    PAYMENTS_DIFFERENCE_NOT_FOUND: { status: 404, title: 'No such difference in the reconciliations of your agencies' },
    PAYMENTS_NOTIFICATION_MALFORMED: { status: 400, title: 'The notification is signed but its body is not a payment notification' },
  },
  routes: (app, deps) => {
    registerPaymentsApi(app, deps);
    registerPaymentsPages(app, deps);
    registerReconciliationPages(app, deps);
    registerAgencyPages(app, deps);
    registerUnitPayeePages(app, deps);
  },
  jobs: {
    [EXPIRY_JOB]: async (_payload, deps) => {
      await runExpiry(deps);
    },
    [RECONCILE_JOB]: async (_payload, deps) => {
      await runDailyReconciliation(deps);
    },
  },
  // Reconciliation at 04:30 UTC: the gateway's settlement file of the day before is complete by then.
  schedule: { [EXPIRY_JOB]: '*/10 * * * *', [RECONCILE_JOB]: '30 4 * * *' },
  eventHandlers: {
    'cases.submitted': { payment_order: orderForSubmittedCase },
    // The handler keeps its first name (queued jobs carry it); the receipt itself is now documents' (payment-receipts.ts).
    'payments.order_paid': { receipt_and_case: onOrderPaid },
    'payments.order_expired': { case: onOrderExpired },
    'cases.decided': { close_order: onCaseDecided },
  },
  seed: seedPayments,
  nav: [{ href: '/pagos', labelKey: 'payments.nav' }],
  stats: paymentStats,
  personalData: paymentsPersonalData,
  scopes: [
    // Agencies' systems hold them, as rights granted to their clients (docs/api-auth.md).
    { name: PAYMENTS_SCOPES.read, descriptionKey: 'payments.contract.scope.read', holders: ['system'] },
    { name: PAYMENTS_SCOPES.write, descriptionKey: 'payments.contract.scope.write', holders: ['system'] },
  ],
});
