// Cash on delivery after collection (docs/marketplace.md, "Cash on delivery"): the post reports
// the remittance that pays the seller what it collected (the orders covered become settled), or,
// for an order withdrawn and sent back, the refund it paid the buyer at her office (the order
// becomes refunded as online orders do). Both arrive as postal's events, once however often.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/module.ts';
import { personPayeeKey, unitPayeeKey } from '../payments/index.ts';
import { markSettled } from './cod-settlement.queries.ts';
import * as q from './marketplace.queries.ts';
import type { Purchase, Seller } from './marketplace.types.ts';

const SYSTEM = { type: 'system' as const, id: 'marketplace' };

/** Whom the post owes what it collects for this seller: her unit's payee, or her own (`PE-<account id>`). */
export const payeeOf = (seller: Pick<Seller, 'unitKey' | 'accountId'>): string => (seller.unitKey ? unitPayeeKey(seller.unitKey) : personPayeeKey(seller.accountId));

/** `postal.remittance_recorded`: each order it covers is settled, audited `marketplace.order_settled`, once. */
export async function onRemittanceRecorded(deps: Deps, payload: { reference: string; payee: string | null; numbers: string[] }): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    for (const order of await markSettled(trx, payload.numbers, payload.reference)) {
      await recordAudit(trx, {
        actor: SYSTEM,
        action: 'marketplace.order_settled',
        subject: { type: 'purchase', id: order.id },
        data: { remittance: payload.reference, payee: payload.payee, shipment: order.shipment_number, totalMinor: Number(order.total_minor) },
      });
    }
  });
}

/**
 * `postal.cod_refunded`: the post paid the buyer back for a withdrawn cash-on-delivery order whose
 * parcel came back; the order is `refunded` and its quantity back in stock, once. Gives the order
 * when this call refunded it (the buyer is told by the caller).
 */
export async function refundCollected(deps: Deps, payload: { reference: string; numbers: string[] }): Promise<Purchase | undefined> {
  const number = payload.numbers[0];
  const purchase = number ? await q.findPurchase(deps.db, { shipmentNumber: number }) : undefined;
  if (purchase?.paymentMethod !== 'cash_on_delivery' || purchase.status !== 'withdrawn') return undefined;
  const marked = await deps.db.transaction().execute(async (trx) => {
    if (!(await q.markRefunded(trx, purchase.id))) return false;
    await recordAudit(trx, {
      actor: SYSTEM,
      action: 'marketplace.order_refunded',
      subject: { type: 'purchase', id: purchase.id },
      data: { returnNumber: purchase.returnNumber, totalMinor: purchase.totalMinor, paymentMethod: 'cash_on_delivery', postRefund: payload.reference },
    });
    return true;
  });
  return marked ? purchase : undefined;
}
