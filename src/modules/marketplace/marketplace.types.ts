// Domain types and constants of the marketplace (docs/marketplace.md). No I/O.

/** A person selling herself, an economic unit she represents, or a community / social-production unit. */
export const SELLER_KINDS = ['person', 'unit', 'community'] as const;
export type SellerKind = (typeof SELLER_KINDS)[number];
/** Legal forms of the registry that make a unit a community or social-production seller. */
export const COMMUNITY_FORMS = ['cooperativa', 'asociacion'];
export type SellerStatus = 'pending' | 'approved' | 'rejected';

export const CATEGORIES = ['food', 'textiles', 'crafts', 'agriculture', 'household', 'other'] as const;
export const DELIVERY_OPTIONS = ['post', 'pickup'] as const;
export type DeliveryOption = (typeof DELIVERY_OPTIONS)[number];
export type PurchaseStatus = 'awaiting_payment' | 'paid' | 'shipped' | 'delivered' | 'returned' | 'withdrawn' | 'refunded';
/** Calendar days after delivery to withdraw from a purchase, when the country profile does not say (`withdrawalDays`). */
export const WITHDRAWAL_DAYS_DEFAULT = 7;

/** The post's parcel price, final in the price shown: the same department, and between two (minor units). */
export const POST_PRICE_MINOR = { sameRegion: 1500, otherRegion: 3000 } as const;
export const MAX_QUANTITY = 50;

/** The administrator who approves sellers (territory-scoped: the sellers of the territory and below). */
export const MARKETPLACE_ADMIN = 'marketplace_admin';

export interface Seller {
  id: string;
  kind: SellerKind;
  accountId: string;
  unitKey: string | null;
  name: string;
  address: string;
  territoryCode: string;
  territoryPath: string[];
  registryEntry: Record<string, unknown>;
  originOffice: string;
  description: string;
  status: SellerStatus;
  createdAt: Date;
}

export interface Product {
  id: string;
  sellerId: string;
  name: string;
  description: string;
  category: string;
  priceMinor: number;
  currency: string;
  stock: number;
  delivery: DeliveryOption[];
  territories: string[];
}

/** How the buyer pays: online through payments, or to the post at the door (where the country profile allows it). */
export const PAYMENT_METHODS = ['online', 'cash_on_delivery'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** A product of an order (one parcel may carry several): its quantity and the unit price paid. */
export interface PurchaseLine {
  productId: string;
  productName: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface Purchase {
  id: string;
  buyerAccountId: string;
  sellerId: string;
  lines: PurchaseLine[];
  /** The lines as the buyer reads them: "Quinua × 2, Canasta × 1". */
  summary: string;
  deliveryMinor: number;
  totalMinor: number;
  currency: string;
  destinationOffice: string;
  destinationPath: string[];
  address: string;
  /** The payment order and its code; null for cash on delivery (the post collects). */
  paymentOrderId: string | null;
  paymentCode: string | null;
  paymentMethod: PaymentMethod;
  status: PurchaseStatus;
  shipmentNumber: string | null;
  parcelState: string | null;
  stars: number | null;
  deliveredAt: Date | null;
  /** The withdrawal: when the buyer withdrew, the return parcel's number, when the payment was given back. */
  withdrawnAt: Date | null;
  returnNumber: string | null;
  refundedAt: Date | null;
  /** Cash on delivery: when the post reported the remittance to the seller that covers the order. */
  settledAt: Date | null;
  /** The case a dispute of the order became (its tracking code). */
  disputeCode: string | null;
  createdAt: Date;
}

/** A line of a person's cart, with its product and the product's seller. */
export interface CartLine {
  product: Product;
  seller: Seller;
  quantity: number;
}

/** What a buyer disputes: a parcel that never came, or a product not as described. */
export const DISPUTE_KINDS = ['not_received', 'not_as_described'] as const;
/** Business days the platform's operator has to resolve a dispute (the case's legal time). */
export const DISPUTE_ANSWER_DAYS = 10;

/** The last instant a delivered order may be withdrawn from: `days` × 24 hours after its delivery. */
export const withdrawalDeadline = (deliveredAt: Date, days: number): Date => new Date(deliveredAt.getTime() + days * 86_400_000);

/** The price of delivery by post between two offices' territory paths (top level first). */
export function postPrice(originPath: readonly string[], destinationPath: readonly string[]): number {
  return originPath[0] && originPath[0] === destinationPath[0] ? POST_PRICE_MINOR.sameRegion : POST_PRICE_MINOR.otherRegion;
}

/** The seller kind a registry entry of an economic unit gives. */
export const unitKind = (content: Record<string, unknown>): SellerKind => (COMMUNITY_FORMS.includes(String(content.legalForm)) ? 'community' : 'unit');
