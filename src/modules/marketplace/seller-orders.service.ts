// The seller's view of her orders (docs/marketplace.md, "The seller's orders"): the orders of her
// shop by what is left to do (to hand over, with the post, delivered, withdrawn), one order with
// what she needs to prepare it, and the hand-over of a pickup order to the buyer, recorded once.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { type Account, findAccount } from '../identity/index.ts';
import * as q from './marketplace.queries.ts';
import { marketplaceStats } from './marketplace.stats.ts';
import type { Purchase, Seller } from './marketplace.types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The stage of an order as the seller sees it. */
export type SellerStage = 'awaiting_payment' | 'to_hand_over' | 'with_post' | 'delivered' | 'withdrawn';
export function stageOf(o: Purchase): SellerStage {
  if (o.status === 'awaiting_payment') return 'awaiting_payment';
  if (o.status === 'paid') return o.address ? 'with_post' : 'to_hand_over';
  if (o.status === 'shipped') return 'with_post';
  if (o.status === 'delivered') return 'delivered';
  return 'withdrawn';
}

export const sellerOrders = (deps: Deps, seller: Seller): Promise<Purchase[]> => q.listSellerPurchases(deps.db, seller.id);

/** One order of the seller's shop, with the buyer's name (to hand it over); 404 `MARKETPLACE_ORDER_NOT_FOUND` for another shop's. */
export async function sellerOrder(deps: Deps, seller: Seller, purchaseId: string): Promise<{ purchase: Purchase; buyerName: string }> {
  const purchase = UUID.test(purchaseId) ? await q.findPurchase(deps.db, { id: purchaseId }) : undefined;
  if (!purchase || purchase.sellerId !== seller.id) throw new AppError('MARKETPLACE_ORDER_NOT_FOUND');
  const buyer = await findAccount(deps, purchase.buyerAccountId);
  return { purchase, buyerName: buyer ? `${buyer.givenName} ${buyer.familyName}` : '—' };
}

/**
 * The seller hands a paid pickup order to the buyer: the order is delivered (the withdrawal period
 * and the rating start), counted and audited, once (of parallel hand-overs one wins, the others
 * 409 `MARKETPLACE_ALREADY_HANDED_OVER`). Not paid: 409 `MARKETPLACE_NOT_PAID`; an order by post
 * is handed to the post, not here: 409 `MARKETPLACE_NOT_PICKUP`.
 */
export async function handOver(deps: Deps, account: Account, seller: Seller, purchaseId: string, confirmed: boolean, requestId?: string): Promise<Purchase> {
  const { purchase } = await sellerOrder(deps, seller, purchaseId);
  if (purchase.address) throw new AppError('MARKETPLACE_NOT_PICKUP');
  if (purchase.status === 'awaiting_payment') throw new AppError('MARKETPLACE_NOT_PAID');
  if (purchase.status !== 'paid') throw new AppError('MARKETPLACE_ALREADY_HANDED_OVER');
  if (!confirmed) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'entregado', messageKey: 'marketplace.errors.handOverConfirm' }] satisfies FieldError[] });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await q.markHandedOver(trx, purchase.id))) throw new AppError('MARKETPLACE_ALREADY_HANDED_OVER');
    await recordStat(trx, marketplaceStats.delivered, { territory: purchase.destinationPath, seller_kind: seller.kind });
    await recordAudit(trx, {
      actor: { type: 'person', id: account.id },
      action: 'marketplace.order_handed_over',
      subject: { type: 'purchase', id: purchase.id },
      data: { sellerId: seller.id },
      requestId,
    });
  });
  return purchase;
}
