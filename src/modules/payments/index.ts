// Public surface of electronic payments (Pagos electrónicos).
export { paymentsModule } from './module.ts';
export { findOrderOfCase } from './payments.service.ts';
export type { OrderStatus, PaymentOrder } from './payments.types.ts';
export { startDemoGateway } from './demo.ts';
/** A paid order's receipt content, for documents' `payments.order_paid` subscriber (the signed receipt). */
export { type PaymentReceipt, paymentReceipt } from './receipt.ts';
/**
 * Economic units as payees, for the modules that come later (the marketplace, communal
 * producers): the representative registers the unit's settlement account, a module creates
 * orders the unit is paid (docs/payments.md, "Who is paid").
 */
export { configurePersonPayee, configureUnitPayee, createPersonOrder, createUnitOrder, personPayeeKey, refundUnitOrder, type UnitPayeeInput, unitPayeeKey } from './payees.service.ts';
