// The marketplace (docs/marketplace.md): people and economic units (community producers marked as
// such) approved by a marketplace administrator sell products; buyers search, order with the
// final price including delivery, pay through payments, the post delivers (postal's shipment and
// tracking), the buyer is told in the mailbox and rates the seller after delivery.
import { defineModule } from '../../platform/module.ts';
import { onRemittanceRecorded } from './cod-settlement.service.ts';
import { onCashOrderPlaced, onCaseDecided, onCodRefunded, onOrderPaid, onTrackingEvent } from './marketplace.service.ts';
import { seedMarketplace } from './marketplace.seed.ts';
import { marketplaceStats } from './marketplace.stats.ts';
import { MARKETPLACE_ADMIN } from './marketplace.types.ts';
import { marketplacePersonalData } from './personal-data.service.ts';
import { registerMarketplacePages } from './routes/pages.tsx';
import { registerPhotoRoutes } from './routes/photos.tsx';

export const marketplaceModule = defineModule({
  name: 'marketplace',
  dependsOn: ['agencies', 'identity', 'mailbox', 'registries', 'catalog', 'cases', 'payments', 'postal', 'territories'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    MARKETPLACE_LEVEL_TOO_LOW: { status: 403, title: 'Selling needs identity level sustancial' },
    MARKETPLACE_ALREADY_APPLIED: { status: 409, title: 'This person or unit already has an application or a shop' },
    MARKETPLACE_FORBIDDEN: { status: 403, title: 'Only a marketplace administrator of the seller’s territory decides applications' },
    MARKETPLACE_SELLER_NOT_FOUND: { status: 404, title: 'No such seller (or not approved)' },
    MARKETPLACE_NOT_SELLER: { status: 403, title: 'Only the seller (or a representative of the seller’s unit) manages the shop' },
    MARKETPLACE_NOT_APPROVED: { status: 409, title: 'The seller is not approved yet' },
    MARKETPLACE_PRODUCT_NOT_FOUND: { status: 404, title: 'No such product' },
    MARKETPLACE_OUT_OF_STOCK: { status: 409, title: 'Not enough stock left for this order' },
    MARKETPLACE_OWN_PRODUCT: { status: 409, title: 'A seller does not buy her own product' },
    MARKETPLACE_ORDER_NOT_FOUND: { status: 404, title: 'No such order of yours' },
    MARKETPLACE_NOT_DELIVERED: { status: 409, title: 'An order is rated after delivery' },
    MARKETPLACE_ALREADY_RATED: { status: 409, title: 'This order was rated already' },
    MARKETPLACE_ALREADY_WITHDRAWN: { status: 409, title: 'The buyer withdrew from this order already' },
    MARKETPLACE_NOT_PAID: { status: 409, title: 'The order is not paid yet' },
    MARKETPLACE_NOT_PICKUP: { status: 409, title: 'An order delivered by post is handed to the post, not to the buyer' },
    MARKETPLACE_ALREADY_HANDED_OVER: { status: 409, title: 'This order was handed over already' },
    MARKETPLACE_ALREADY_DISPUTED: { status: 409, title: 'This order has a dispute already' },
    MARKETPLACE_ALREADY_REFUNDED: { status: 409, title: 'This order was refunded already' },
    MARKETPLACE_WITHDRAWAL_CLOSED: { status: 409, title: 'The withdrawal period of this order is over' },
    MARKETPLACE_TOO_MANY_PHOTOS: { status: 409, title: 'This product has as many photos as allowed' },
    MARKETPLACE_PHOTO_NOT_FOUND: { status: 404, title: 'No such product photo' },
    MARKETPLACE_NOT_IN_CART: { status: 404, title: 'This product is not in your cart' },
    MARKETPLACE_CART_EMPTY: { status: 409, title: 'The checkout has no products' },
  },
  routes: (app, deps) => {
    registerMarketplacePages(app, deps);
    registerPhotoRoutes(app, deps);
  },
  eventHandlers: {
    'payments.order_paid': { ship: (event, deps) => onOrderPaid(deps, event.payload as { orderId: string }) },
    'cases.decided': { dispute: onCaseDecided },
    'postal.tracking_event_recorded': {
      follow: (event, deps) => onTrackingEvent(deps, event.payload as { number: string; kind: string; occurredAt: string; collectedMinor?: number }),
    },
    'postal.remittance_recorded': { settle: (event, deps) => onRemittanceRecorded(deps, event.payload as { reference: string; payee: string | null; numbers: string[] }) },
    'postal.cod_refunded': { refund: (event, deps) => onCodRefunded(deps, event.payload as { reference: string; numbers: string[] }) },
    'marketplace.cash_order_placed': { post: (event, deps) => onCashOrderPlaced(deps, event.payload as { purchaseId: string }) },
  },
  seed: seedMarketplace,
  nav: [{ href: '/mercado', labelKey: 'marketplace.nav' }],
  roles: [{ name: MARKETPLACE_ADMIN, scope: 'territory', labelKey: 'marketplace.role.admin', hintKey: 'marketplace.role.adminHint' }],
  stats: marketplaceStats,
  personalData: marketplacePersonalData,
});
