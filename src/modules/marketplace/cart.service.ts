// The cart (docs/marketplace.md, "Buying"): a signed-in person's lines kept on the server (one per
// product), changed by plain forms; the checkout places one order per seller (one parcel each)
// through the same `placeOrders` as the single-product form, in one transaction.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import type { Account } from '../identity/index.ts';
import { offices, placeOrders, productPage } from './marketplace.service.ts';
import { checkParcel, type Parcel, type ParcelInput, quantityOf } from './parcel.ts';
import * as q from './marketplace.queries.ts';
import { type CartLine, MAX_QUANTITY, type Product, type Seller } from './marketplace.types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const validation = (fields: FieldError[]): AppError => new AppError('VALIDATION_FAILED', { fields });

/** The cart's fields: a line's quantity, a seller's delivery and payment, the shared destination. */
export const cartField = {
  line: (productId: string) => `cantidad-${productId}`,
  delivery: (sellerId: string) => `entrega-${sellerId}`,
  payment: (sellerId: string) => `pago-${sellerId}`,
};

/** A group of the cart: one seller's lines, one parcel when ordered. */
export interface CartGroup {
  seller: Seller;
  lines: CartLine[];
}

/** The person's cart, its lines grouped by seller. */
export async function cartOf(deps: Deps, account: Account): Promise<CartGroup[]> {
  const groups: CartGroup[] = [];
  for (const line of await q.listCart(deps.db, account.id)) {
    const group = groups.find((g) => g.seller.id === line.seller.id);
    if (group) group.lines.push(line);
    else groups.push({ seller: line.seller, lines: [line] });
  }
  return groups;
}

/** A listed product (its seller approved) the person may buy: not her own shop's. */
async function buyable(deps: Deps, account: Account, productId: string): Promise<{ product: Product; seller: Seller }> {
  const found = await productPage(deps, productId);
  if (found.seller.accountId === account.id && found.seller.kind === 'person') throw new AppError('MARKETPLACE_OWN_PRODUCT');
  return found;
}

const audit = (trx: Deps['db'], account: Account, action: string, productId: string, data: Record<string, unknown>, requestId?: string) =>
  recordAudit(trx, { actor: { type: 'person', id: account.id }, action, subject: { type: 'product', id: productId }, data, requestId });

/**
 * "Añadir al carrito": the quantity added to the product's line (a new line if none), never more
 * than the stock or `MAX_QUANTITY` in all (the error on the form's `unidades`). A burst of one form adds once.
 */
export async function addToCart(deps: Deps, account: Account, productId: string, raw: string, requestId?: string, claim?: IdempotencyClaim): Promise<number | undefined> {
  const { product } = await buyable(deps, account, productId);
  const quantity = quantityOf(raw);
  if (!quantity) throw validation([{ field: 'unidades', messageKey: 'marketplace.errors.quantity' }]);
  return deps.db.transaction().execute(async (trx) => {
    if (claim) await claimIdempotencyKey(trx, claim, `${account.id}:${product.id}`);
    const total = await q.addCartLine(trx, account.id, product.id, quantity, Math.min(product.stock, MAX_QUANTITY));
    if (total === undefined) throw validation([{ field: 'unidades', messageKey: 'marketplace.errors.outOfStock' }]);
    await audit(trx, account, 'marketplace.cart_line_added', product.id, { quantity, total }, requestId);
    return total;
  });
}

/** A line's quantity changed (within the stock; the error on the line's field). */
export async function changeCartLine(deps: Deps, account: Account, productId: string, raw: string, requestId?: string): Promise<void> {
  const field = cartField.line(productId);
  const line = UUID.test(productId) ? (await q.listCart(deps.db, account.id)).find((l) => l.product.id === productId) : undefined;
  if (!line) throw new AppError('MARKETPLACE_NOT_IN_CART');
  if (line.seller.status !== 'approved') throw validation([{ field, messageKey: 'marketplace.errors.notListed' }]);
  const quantity = quantityOf(raw);
  if (!quantity) throw validation([{ field, messageKey: 'marketplace.errors.quantity' }]);
  if (quantity > line.product.stock) throw validation([{ field, messageKey: 'marketplace.errors.outOfStock' }]);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await q.setCartLine(trx, account.id, productId, quantity))) throw new AppError('MARKETPLACE_NOT_IN_CART');
    await audit(trx, account, 'marketplace.cart_line_changed', productId, { quantity }, requestId);
  });
}

/** A line taken out of the cart (once: a repeated post finds nothing to remove). */
export async function removeCartLine(deps: Deps, account: Account, productId: string, requestId?: string): Promise<void> {
  if (!UUID.test(productId)) return;
  await deps.db.transaction().execute(async (trx) => {
    if ((await q.removeCartLines(trx, account.id, [productId])) > 0) await audit(trx, account, 'marketplace.cart_line_removed', productId, {}, requestId);
  });
}

/** The checkout form: each line's quantity (`cantidad-{product}`), each seller's delivery and payment, the destination office and address. */
export type CheckoutForm = Record<string, string>;

/**
 * The cart as it will be ordered, checked, one parcel per seller with its final price (nothing
 * written). The lines are the form's (what the buyer saw and confirms), not the cart's now.
 */
export async function reviewCart(deps: Deps, account: Account, form: CheckoutForm): Promise<Parcel[]> {
  const wanted = Object.entries(form)
    .filter(([name]) => name.startsWith('cantidad-') && UUID.test(name.slice('cantidad-'.length)))
    .map(([name, quantity]) => ({ productId: name.slice('cantidad-'.length), quantity }));
  if (wanted.length === 0) throw new AppError('MARKETPLACE_CART_EMPTY');
  const fields: FieldError[] = [];
  const bySeller = new Map<string, { seller: Seller; lines: Array<{ product: Product; quantity: string }> }>();
  for (const w of wanted) {
    const found = await buyable(deps, account, w.productId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'MARKETPLACE_PRODUCT_NOT_FOUND') return undefined;
      throw error;
    });
    if (!found) {
      fields.push({ field: cartField.line(w.productId), messageKey: 'marketplace.errors.notListed' });
      continue;
    }
    const group = bySeller.get(found.seller.id) ?? { seller: found.seller, lines: [] };
    group.lines.push({ product: found.product, quantity: w.quantity });
    bySeller.set(found.seller.id, group);
  }
  const allOffices = await offices(deps);
  const parcels: Parcel[] = [];
  for (const { seller, lines } of bySeller.values()) {
    const input: ParcelInput = {
      delivery: form[cartField.delivery(seller.id)] ?? '',
      office: form.oficina ?? '',
      address: form.direccion ?? '',
      payment: form[cartField.payment(seller.id)] || undefined,
    };
    const names = { line: cartField.line, notServed: cartField.line, delivery: cartField.delivery(seller.id), payment: cartField.payment(seller.id), office: 'oficina', address: 'direccion' };
    const parcel = checkParcel(deps, allOffices, seller, lines, input, names, fields);
    if (parcel) parcels.push(parcel);
  }
  if (fields.length > 0) throw validation(fields);
  return parcels;
}

/** The checkout: the parcels reviewed, then placed in one transaction (one order and payment order per seller); the cart's lines of them removed. */
export async function checkout(deps: Deps, account: Account, form: CheckoutForm, requestId?: string, claim?: IdempotencyClaim) {
  return placeOrders(deps, account, await reviewCart(deps, account, form), requestId, claim);
}
