// The withdrawal period (docs/marketplace.md, "Withdrawal"): within the country profile's
// `withdrawalDays` of delivery the buyer withdraws from a purchase; the parcel goes back to the
// seller by post (a return shipment with its own S10 number); when the post delivers it back, the
// payment is given back through payments' refunds, once however often the event arrives.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import type { Account } from '../identity/index.ts';
import { refundUnitOrder } from '../payments/index.ts';
import { registerShipment } from '../postal/index.ts';
import * as q from './marketplace.queries.ts';
import { type Purchase, WITHDRAWAL_DAYS_DEFAULT, withdrawalDeadline } from './marketplace.types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SYSTEM = { type: 'system' as const, id: 'marketplace' };

/** The country's withdrawal period in days (the profile's `withdrawalDays`). */
export const withdrawalDays = (deps: Pick<Deps, 'country'>): number => deps.country.withdrawalDays ?? WITHDRAWAL_DAYS_DEFAULT;

/** Until when the buyer may withdraw from this order; undefined when it was not delivered. */
export const deadlineOf = (deps: Pick<Deps, 'country'>, purchase: Pick<Purchase, 'deliveredAt'>): Date | undefined =>
  purchase.deliveredAt ? withdrawalDeadline(purchase.deliveredAt, withdrawalDays(deps)) : undefined;

/**
 * The buyer withdraws from a delivered order within the period: the order is `withdrawn` and a
 * return parcel from the buyer's post office to the seller's is registered, in one transaction
 * (of parallel withdrawals one wins, the others 409 `MARKETPLACE_ALREADY_WITHDRAWN`). Past the
 * period: 409 `MARKETPLACE_WITHDRAWAL_CLOSED`. Gives the return parcel's number.
 */
export async function withdraw(deps: Deps, account: Account, purchaseId: string, input: { reason: string }, requestId?: string, now = new Date()): Promise<string> {
  const purchase = UUID.test(purchaseId) ? await q.findPurchase(deps.db, { id: purchaseId }) : undefined;
  if (!purchase || purchase.buyerAccountId !== account.id) throw new AppError('MARKETPLACE_ORDER_NOT_FOUND');
  if (purchase.withdrawnAt) throw new AppError('MARKETPLACE_ALREADY_WITHDRAWN');
  const deadline = deadlineOf(deps, purchase);
  if (purchase.status !== 'delivered' || !deadline) throw new AppError('MARKETPLACE_NOT_DELIVERED');
  if (now.getTime() > deadline.getTime()) throw new AppError('MARKETPLACE_WITHDRAWAL_CLOSED');
  const reason = input.reason.trim();
  if (reason.length > 1000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'motivo', messageKey: 'marketplace.errors.reason' }] });
  const seller = (await q.findSeller(deps.db, purchase.sellerId))!;
  const number = await deps.db.transaction().execute(async (trx) => {
    if (!(await q.markWithdrawn(trx, purchase.id, reason))) throw new AppError('MARKETPLACE_ALREADY_WITHDRAWN');
    const address = seller.address.trim().length >= 5 ? seller.address : `${seller.name} (${seller.originOffice})`;
    const { shipment } = await registerShipment(
      { ...deps, db: trx },
      SYSTEM,
      {
        kind: 'parcel',
        originOffice: purchase.destinationOffice,
        destinationOffice: seller.originOffice,
        addresseeName: seller.name,
        address,
        ...(purchase.shipmentNumber ? { returnOf: purchase.shipmentNumber } : {}),
      },
      { source: 'marketplace', sourceKey: `marketplace-return:${purchase.id}`, requestId },
    );
    await q.setReturnNumber(trx, purchase.id, shipment.number);
    await recordAudit(trx, {
      actor: { type: 'person', id: account.id },
      action: 'marketplace.order_withdrawn',
      subject: { type: 'purchase', id: purchase.id },
      data: { returnNumber: shipment.number, deadline: deadline.toISOString() },
      requestId,
    });
    return shipment.number;
  });
  return number;
}

/**
 * The return parcel delivered back to the seller: the payment is refunded (payments claims the
 * refund once per order), then the order is `refunded` and its quantity back in stock, once.
 * Gives whether this call marked it refunded (the buyer is told by the caller).
 */
export async function refundReturned(deps: Deps, returnNumber: string): Promise<Purchase | undefined> {
  const purchase = await q.findPurchase(deps.db, { returnNumber });
  if (!purchase || purchase.returnNumber !== returnNumber || purchase.status !== 'withdrawn') return undefined;
  // Cash on delivery: the money is with the post, which pays the buyer back at her office and
  // reports it (`postal.cod_refunded`, `refundCollected`); the order stays withdrawn until then.
  if (!purchase.paymentOrderId) return undefined;
  const outcome = await refundUnitOrder(deps, purchase.paymentOrderId, { actor: SYSTEM, reason: `withdrawal ${purchase.id}` });
  if (outcome !== 'refunded') return undefined;
  const marked = await deps.db.transaction().execute(async (trx) => {
    if (!(await q.markRefunded(trx, purchase.id))) return false;
    await recordAudit(trx, { actor: SYSTEM, action: 'marketplace.order_refunded', subject: { type: 'purchase', id: purchase.id }, data: { returnNumber, totalMinor: purchase.totalMinor } });
    return true;
  });
  return marked ? purchase : undefined;
}
