// Reactions to events, each a retried job (module.ts `eventHandlers`): a submitted case whose
// procedure has a fee gets its order; a paid order moves the case on (its receipt is the signed
// document that documents issues on the same event: documents/payment-receipts.ts); an expired
// one tells the case. Handlers are idempotent (one order per case; the case hook runs once per event id).
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { caseAnswers, recordCasePayment } from '../cases/index.ts';
import { findPublishedVersionCached, findVersionById } from '../catalog/index.ts';
import { feeOf } from './fees.ts';
import { money, recordFeeRequest } from './agency-orders.service.ts';
import { closeOrderOfCase, createOrder, findOrderById } from './payments.service.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** `cases.submitted`: the order for the case's fee (fixed, or a declared expression over the answers). */
export async function orderForSubmittedCase(event: DomainEvent, deps: Deps): Promise<void> {
  const p = event.payload;
  const version = (p.versionId ? await findVersionById(deps.db, text(p.versionId)) : undefined) ?? (await findPublishedVersionCached(deps, text(p.procedureSlug)));
  if (!version) return;
  // A formula prices the case's answers, which the event does not carry (no personal data in events): read them from the case.
  const answers = version.feeKind === 'formula' ? ((await caseAnswers(deps, text(p.trackingCode))) ?? {}) : {};
  const fee = feeOf(version, answers);
  if (!fee) return;
  const order = {
    payeeAgency: text(p.agencyCode),
    payerAccountId: text(p.accountId) || null,
    // A unit's case: the fee is paid on the unit's behalf.
    payerUnitKey: text(p.unitKey) || null,
    caseId: text(p.caseId),
    caseTrackingCode: text(p.trackingCode),
    procedureId: text(p.procedureId) || null,
    concept: `${text(p.procedureName)} (${text(p.trackingCode)})`.slice(0, 200),
  };
  // The official sets the amount while processing the case (`/gestion/pagos`); the order comes then.
  if (fee.kind === 'official') await recordFeeRequest(deps, order);
  else await createOrder(deps, { ...order, amountMinor: fee.amountMinor }, { actor: { type: 'system', id: 'payments' } });
}

/**
 * `payments.order_paid`: the payment is written on the case, which moves on. The receipt is not
 * sent from here: documents issues it as a signed PDF on the same event and delivers it to the
 * payer's mailbox (one receipt per payment, docs/payments.md "The receipt").
 */
export async function onOrderPaid(event: DomainEvent, deps: Deps): Promise<void> {
  const order = await findOrderById(deps, text(event.payload.orderId));
  if (!order?.caseTrackingCode) return;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  await recordCasePayment(deps, order.caseTrackingCode, {
    kind: 'received',
    text: t('payments.case.paid', { amount: money(deps, order.amountMinor, order.currency), code: order.code, reference: text(event.payload.reference) }),
  });
}

/** `cases.decided` without approval (rejected, abandoned): the case's open order is closed, so a payment arriving later is flagged for refund. */
export async function onCaseDecided(event: DomainEvent, deps: Deps): Promise<void> {
  if (event.payload.outcome === 'approved' || !event.payload.caseId) return;
  await closeOrderOfCase(deps, text(event.payload.caseId));
}

/** `payments.order_expired`: the case's workflow may close or pause it (`payment_expired`). */
export async function onOrderExpired(event: DomainEvent, deps: Deps): Promise<void> {
  // Closed because the case was: the case already knows.
  if (event.payload.reason === 'case_closed') return;
  const order = await findOrderById(deps, text(event.payload.orderId));
  if (!order?.caseTrackingCode) return;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  await recordCasePayment(deps, order.caseTrackingCode, { kind: 'expired', text: t('payments.case.expired', { code: order.code }) });
}
