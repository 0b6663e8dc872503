// What a payment receipt says, for the module that issues it as a signed document (documents,
// which comes after payments and subscribes to `payments.order_paid`): the event carries ids
// only, so the receipt's content is read here, through payments' public surface.
import type { Deps } from '../../platform/module.ts';
import { money } from './agency-orders.service.ts';
import { findOrderById, listOrderLedger } from './payments.service.ts';
import { isPrivatePayee, payeeName } from './payees.service.ts';

export interface PaymentReceipt {
  orderId: string;
  code: string;
  concept: string;
  /** The amount as the country writes it, with its currency code (e.g. "BOB 40,00"). */
  amount: string;
  /** Whose "Mis pagos" lists the order: the receipt goes to this account's mailbox. */
  payerAccountId: string;
  /** The agency that signs the receipt: the payee agency, or for an economic unit's order the platform's operator (the country profile's `platformAgency`). */
  signingAgency: string;
  /** The economic unit the payment was collected for (its registered name), when the payee is one. */
  collectedFor: string | null;
  /** The gateway's transaction reference of the payment. */
  reference: string;
  /** Someone other than the payer paid it by its code (a relative); their name, as the gateway reported it. */
  paidBy: string | null;
  paidAt: Date;
}

/**
 * The receipt of a paid order (undefined when it is not paid, or has no payer account to
 * receive it). An economic unit is no agency and holds no certificate of the State's CA: the
 * platform collected the payment for it, so the platform's operating agency signs its receipt.
 */
export async function paymentReceipt(deps: Pick<Deps, 'db' | 'country'>, orderId: string): Promise<PaymentReceipt | undefined> {
  const order = await findOrderById(deps, orderId);
  if (!order?.payerAccountId || !order.paidAt) return undefined;
  const paid = (await listOrderLedger(deps, order)).find((e) => e.kind === 'paid');
  if (!paid) return undefined;
  const forUnit = isPrivatePayee(order.payeeAgency);
  return {
    orderId: order.id,
    code: order.code,
    concept: order.concept,
    amount: money(deps, order.amountMinor, order.currency),
    payerAccountId: order.payerAccountId,
    signingAgency: forUnit ? deps.country.platformAgency : order.payeeAgency,
    collectedFor: forUnit ? await payeeName(deps, order.payeeAgency) : null,
    reference: paid.gatewayReference ?? '',
    paidBy: paid.paidBy,
    paidAt: paid.occurredAt,
  };
}
