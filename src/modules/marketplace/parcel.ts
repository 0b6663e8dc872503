// One seller's parcel as a form asks for it (docs/marketplace.md, "Buying"): its lines checked
// against the stock and the territories the products serve, its delivery and payment, and its
// final price (the products and the post's tariff once per parcel). No I/O: one order is one parcel.
import type { FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import type { Office } from '../agencies/index.ts';
import { DELIVERY_OPTIONS, type DeliveryOption, MAX_QUANTITY, PAYMENT_METHODS, type PaymentMethod, type Product, postPrice, type Seller } from './marketplace.types.ts';

/** How one seller's parcel is delivered and paid, as the form sent it. */
export interface ParcelInput {
  delivery: string;
  office: string;
  address: string;
  payment?: string;
}

/** The form's fields an error of a parcel is shown on: a line's, the parcel's own choices, the shared destination. */
export interface ParcelFields {
  line: (productId: string) => string;
  notServed: (productId: string) => string;
  delivery: string;
  payment: string;
  office: string;
  address: string;
}

/** One seller's parcel, checked, with its final price: what one order is. */
export interface Parcel {
  seller: Seller;
  lines: Array<{ product: Product; quantity: number; field: string }>;
  delivery: DeliveryOption;
  office: Office | undefined;
  address: string;
  paymentMethod: PaymentMethod;
  price: { productsMinor: number; deliveryMinor: number; totalMinor: number };
  /** Where an error of the whole parcel (its seller cannot be paid) is shown. */
  field: string;
}

/** The final price of a parcel: its products and delivery (post: by route, once per parcel; pickup: nothing). */
export function priceOf(seller: Seller, lines: Array<{ product: Product; quantity: number }>, delivery: DeliveryOption, destination: Office | undefined) {
  const productsMinor = lines.reduce((sum, l) => sum + l.product.priceMinor * l.quantity, 0);
  const deliveryMinor = delivery === 'post' && destination ? postPrice(seller.territoryPath, destination.territoryPath) : 0;
  return { productsMinor, deliveryMinor, totalMinor: productsMinor + deliveryMinor };
}

/** A quantity typed on a form: 1 to `MAX_QUANTITY`, else 0. */
export const quantityOf = (raw: string): number => {
  const n = /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : 0;
  return n >= 1 && n <= MAX_QUANTITY ? n : 0;
};

/**
 * One seller's parcel checked (quantities within the stock, a delivery every line offers, a
 * destination every line's product serves, the payment method), its errors added to `fields`.
 */
export function checkParcel(
  deps: Deps,
  allOffices: Office[],
  seller: Seller,
  lines: Array<{ product: Product; quantity: string }>,
  input: ParcelInput,
  names: ParcelFields,
  fields: FieldError[],
): Parcel | undefined {
  const before = fields.length;
  const checked = lines.map(({ product, quantity: raw }) => {
    const quantity = quantityOf(raw);
    if (!quantity) fields.push({ field: names.line(product.id), messageKey: 'marketplace.errors.quantity' });
    else if (quantity > product.stock) fields.push({ field: names.line(product.id), messageKey: 'marketplace.errors.outOfStock' });
    return { product, quantity, field: names.line(product.id) };
  });
  const delivery = DELIVERY_OPTIONS.find((d) => d === input.delivery && lines.every((l) => l.product.delivery.includes(d)));
  if (!delivery) fields.push({ field: names.delivery, messageKey: 'marketplace.errors.deliveryChoice' });
  const office = delivery === 'post' ? allOffices.find((o) => o.code === input.office) : undefined;
  const address = input.address.trim();
  if (delivery === 'post') {
    if (!office) fields.push({ field: names.office, messageKey: 'marketplace.errors.office' });
    else {
      for (const l of lines.filter((l) => !l.product.territories.includes(office.territoryPath[0] ?? ''))) {
        if (!fields.some((f) => f.field === names.notServed(l.product.id))) fields.push({ field: names.notServed(l.product.id), messageKey: 'marketplace.errors.notServed' });
      }
    }
    if ((address.length < 5 || address.length > 300) && !fields.some((f) => f.field === names.address)) fields.push({ field: names.address, messageKey: 'marketplace.errors.address' });
  }
  // Cash on delivery: where the country profile allows it, and only by post (the post collects).
  const paymentMethod = (PAYMENT_METHODS as readonly string[]).includes(input.payment ?? '') ? (input.payment as PaymentMethod) : input.payment ? undefined : 'online';
  if (!paymentMethod || (paymentMethod === 'cash_on_delivery' && !deps.country.cashOnDelivery)) fields.push({ field: names.payment, messageKey: 'marketplace.errors.payment' });
  else if (paymentMethod === 'cash_on_delivery' && delivery !== 'post') fields.push({ field: names.payment, messageKey: 'marketplace.errors.cashOnDeliveryByPost' });
  if (fields.length > before) return undefined;
  return { seller, lines: checked, delivery: delivery!, office, address, paymentMethod: paymentMethod!, price: priceOf(seller, checked, delivery!, office), field: names.delivery };
}
