// Payment receipts as signed documents (issue #13's receipt, docs/payments.md "The receipt"):
// documents subscribes to `payments.order_paid` (payments comes first in the module order and
// cannot call documents), issues one `receipt` document per order (source key
// `payments:<order id>`, unique) and delivers it to the payer's mailbox, once. The event carries
// ids only; the receipt's content is read through payments' public surface.
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { paymentReceipt } from '../payments/index.ts';
import { deliverDocument, issueDocument } from './documents.service.ts';

export const paymentReceiptSource = (orderId: string) => `payments:${orderId}`;

/** The `payments.order_paid` subscriber: the payer gets one signed receipt per paid order. */
export async function issuePaymentReceipt(event: DomainEvent, deps: Deps): Promise<void> {
  const receipt = await paymentReceipt(deps, String(event.payload.orderId ?? ''));
  if (!receipt) return;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const document = await issueDocument(deps, {
    kind: 'receipt',
    sourceKey: paymentReceiptSource(receipt.orderId),
    accountId: receipt.payerAccountId,
    agencyCode: receipt.signingAgency,
    // Templates: issueDocument fills {holder}, {document}, {agency} and the values below.
    title: t('documents.receipt.title'),
    body: t(receipt.collectedFor ? 'documents.receipt.bodyForUnit' : 'documents.receipt.body') + (receipt.paidBy ? t('documents.receipt.paidBy') : ''),
    values: {
      code: receipt.code,
      concept: receipt.concept,
      amount: receipt.amount,
      reference: receipt.reference,
      paidAt: createFormatter(DEFAULT_LOCALE, deps.catalogs).date(receipt.paidAt),
      paidBy: receipt.paidBy ?? '',
      unit: receipt.collectedFor ?? '',
    },
  });
  if (document) await deliverDocument(deps, document);
}
