// Use cases of the marketplace (docs/marketplace.md): a person at `sustancial` applies to sell,
// herself or as an economic unit she represents; a marketplace administrator of the seller's
// territory approves after reading the registry entry; approved sellers list products; a buyer
// orders (stock taken atomically, the price final with delivery), pays through payments; when
// paid, the parcel is handed to the post (one shipment per order), the order follows the
// parcel's tracking events, and the buyer rates the seller once after delivery.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/index.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { AppError, type FieldError, isAppError } from '../../platform/errors.ts';
import { type DomainEvent, emitEvent } from '../../platform/events/outbox.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { Office } from '../agencies/index.ts';
import { type Account, findAccount, getRoles, roleGrantsOf } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { createPersonOrder, createUnitOrder } from '../payments/index.ts';
import { postAgency, postOffices, registerShipment } from '../postal/index.ts';
import { unitsRepresentedBy } from '../registries/index.ts';
import { getTerritoryWithAncestors, listTerritories, type Territory } from '../territories/index.ts';
import * as q from './marketplace.queries.ts';
import { checkParcel, type Parcel, type ParcelFields } from './parcel.ts';
import { marketplaceStats } from './marketplace.stats.ts';
import { onDisputeDecided, openDispute } from './disputes.service.ts';
import { handOver } from './seller-orders.service.ts';
import { refundReturned, withdraw } from './withdrawal.service.ts';
import { payeeOf, refundCollected } from './cod-settlement.service.ts';
import { CATEGORIES, DELIVERY_OPTIONS, type DeliveryOption, MARKETPLACE_ADMIN, type Product, type Purchase, type Seller, type SellerKind, unitKind } from './marketplace.types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const validation = (fields: FieldError[]): AppError => new AppError('VALIDATION_FAILED', { fields });
const actorOf = (account: Account) => ({ type: 'person' as const, id: account.id });

/** The post's offices (where a seller drops parcels, where a buyer collects them). */
export const offices = (deps: Deps): Promise<Office[]> => postOffices(deps);
/** The country's first-level territories: what a product says it serves. */
export const regions = (deps: Deps): Promise<Territory[]> => listTerritories(deps, null);

/** The units the person may sell as, with the kind each would be. */
export async function unitChoices(deps: Deps, account: Account): Promise<Array<{ key: string; name: string; kind: SellerKind }>> {
  return (await unitsRepresentedBy(deps, account.documentNumber)).map((u) => ({ key: u.key, name: String(u.content.name ?? u.key), kind: unitKind(u.content) }));
}

/** The shops the person applied for or sells as: herself, and the units she represents. */
export async function sellersOf(deps: Deps, account: Account): Promise<Seller[]> {
  const units = await unitsRepresentedBy(deps, account.documentNumber);
  return q.findSellersOf(
    deps.db,
    account.id,
    units.map((u) => u.key),
  );
}

export interface ApplicationInput {
  /** `self`, or the key of a unit she represents. */
  as: string;
  originOffice: string;
  address: string;
  description: string;
}

export async function applyToSell(deps: Deps, account: Account, input: ApplicationInput, requestId?: string, claim?: IdempotencyClaim): Promise<Seller | undefined> {
  if (account.level !== 'sustancial') throw new AppError('MARKETPLACE_LEVEL_TOO_LOW');
  const fields: FieldError[] = [];
  const unit = input.as === 'self' ? undefined : (await unitsRepresentedBy(deps, account.documentNumber)).find((u) => u.key === input.as);
  if (input.as !== 'self' && !unit) fields.push({ field: 'como', messageKey: 'marketplace.errors.as' });
  const office = (await offices(deps)).find((o) => o.code === input.originOffice);
  if (!office) fields.push({ field: 'oficina', messageKey: 'marketplace.errors.office' });
  const typedAddress = input.address.trim();
  if (!unit && (typedAddress.length < 5 || typedAddress.length > 300)) fields.push({ field: 'direccion', messageKey: 'marketplace.errors.address' });
  const description = input.description.trim();
  if (description.length > 1000) fields.push({ field: 'descripcion', messageKey: 'marketplace.errors.description' });
  if (fields.length > 0) throw validation(fields);
  const territoryCode = (typeof unit?.content.territoryCode === 'string' && unit.content.territoryCode) || (!unit && account.territoryCode) || office!.territoryCode;
  const path = (await getTerritoryWithAncestors(deps, territoryCode).catch(() => [])).map((t) => t.code);
  const { representatives: _people, ...entry } = unit?.content ?? {};
  const seller: q.NewSeller = {
    id: uuidv7(),
    kind: unit ? unitKind(unit.content) : 'person',
    accountId: account.id,
    unitKey: unit?.key ?? null,
    name: unit ? String(unit.content.name ?? unit.key) : `${account.givenName} ${account.familyName}`,
    address: unit ? String(unit.content.address ?? '') : typedAddress,
    territoryCode,
    territoryPath: path.length > 0 ? path : office!.territoryPath,
    registryEntry: unit ? { key: unit.key, ...entry } : {},
    originOffice: office!.code,
    description,
  };
  return deps.db.transaction().execute(async (trx) => {
    if (claim) await claimIdempotencyKey(trx, claim, seller.id);
    const written = await q.insertSeller(trx, seller);
    if (!written) throw new AppError('MARKETPLACE_ALREADY_APPLIED');
    await recordAudit(trx, {
      actor: actorOf(account),
      action: 'marketplace.seller_applied',
      subject: { type: 'seller', id: seller.id },
      data: { kind: seller.kind, unitKey: seller.unitKey },
      requestId,
    });
    await emitEvent(trx, 'marketplace.seller_applied', { sellerId: seller.id, territory: seller.territoryCode });
    return written;
  });
}

/** Whether the person administers the marketplace for this territory path (or the platform). */
async function administers(deps: Deps, account: Account, path?: string[]): Promise<boolean> {
  const grants = roleGrantsOf(account, await getRoles(deps, account.id));
  if (hasRole(grants, { role: PLATFORM_ADMIN })) return true;
  if (path === undefined) return grants.some((g) => g.role === MARKETPLACE_ADMIN);
  return hasRole(grants, { role: MARKETPLACE_ADMIN, territory: path });
}

/** The applications an administrator may decide: those of her territories. */
export async function pendingSellers(deps: Deps, account: Account): Promise<Seller[]> {
  if (!(await administers(deps, account))) throw new AppError('MARKETPLACE_FORBIDDEN');
  const pending = await q.listSellers(deps.db, 'pending');
  const mine = await Promise.all(pending.map((s) => administers(deps, account, s.territoryPath)));
  return pending.filter((_, i) => mine[i]);
}

export async function decideSeller(deps: Deps, account: Account, sellerId: string, approve: boolean, requestId?: string): Promise<Seller> {
  const seller = UUID.test(sellerId) ? await q.findSeller(deps.db, sellerId) : undefined;
  if (!seller) throw new AppError('MARKETPLACE_SELLER_NOT_FOUND');
  if (!(await administers(deps, account, seller.territoryPath))) throw new AppError('MARKETPLACE_FORBIDDEN');
  const status = approve ? 'approved' : 'rejected';
  await deps.db.transaction().execute(async (trx) => {
    // Of two decisions at once, the first wins; the second finds nothing pending.
    if (!(await q.setSellerStatus(trx, seller.id, status, account.id))) return;
    await recordAudit(trx, { actor: actorOf(account), action: `marketplace.seller_${status}`, subject: { type: 'seller', id: seller.id }, requestId });
    await emitEvent(trx, `marketplace.seller_${status}`, { sellerId: seller.id, accountId: seller.accountId });
  });
  return { ...seller, status: (await q.findSeller(deps.db, seller.id))!.status };
}

/** The seller, when the person may manage it: she applied as herself, or represents the unit. */
export async function ownSeller(deps: Deps, account: Account, sellerId: string): Promise<Seller> {
  const seller = (await sellersOf(deps, account)).find((s) => s.id === sellerId);
  if (!seller) throw new AppError('MARKETPLACE_NOT_SELLER');
  return seller;
}

export interface ProductInput {
  name: string;
  description: string;
  category: string;
  priceMinor: number | undefined;
  stock: string;
  delivery: string[];
  territories: string[];
}

export async function addProduct(deps: Deps, account: Account, sellerId: string, input: ProductInput, requestId?: string, claim?: IdempotencyClaim): Promise<Product | undefined> {
  const seller = await ownSeller(deps, account, sellerId);
  if (seller.status !== 'approved') throw new AppError('MARKETPLACE_NOT_APPROVED');
  const fields: FieldError[] = [];
  const name = input.name.trim();
  const description = input.description.trim();
  if (name.length < 3 || name.length > 120) fields.push({ field: 'nombre', messageKey: 'marketplace.errors.productName' });
  if (description.length < 10 || description.length > 2000) fields.push({ field: 'descripcion', messageKey: 'marketplace.errors.productDescription' });
  if (!(CATEGORIES as readonly string[]).includes(input.category)) fields.push({ field: 'categoria', messageKey: 'marketplace.errors.category' });
  const price = input.priceMinor;
  if (price === undefined || !Number.isSafeInteger(price) || price <= 0 || price > 1e11) fields.push({ field: 'precio', messageKey: 'marketplace.errors.price' });
  const stock = /^\d{1,6}$/.test(input.stock.trim()) ? Number(input.stock.trim()) : -1;
  if (stock < 0) fields.push({ field: 'existencias', messageKey: 'marketplace.errors.stock' });
  const delivery = [...new Set(input.delivery)].filter((d): d is DeliveryOption => (DELIVERY_OPTIONS as readonly string[]).includes(d));
  if (delivery.length === 0 || delivery.length !== new Set(input.delivery).size) fields.push({ field: 'entrega', messageKey: 'marketplace.errors.delivery' });
  const known = new Set((await regions(deps)).map((t) => t.code));
  const territories = [...new Set(input.territories)];
  if (territories.length === 0 || territories.some((t) => !known.has(t))) fields.push({ field: 'territorios', messageKey: 'marketplace.errors.territories' });
  if (fields.length > 0) throw validation(fields);
  const product: Product = { id: uuidv7(), sellerId: seller.id, name, description, category: input.category, priceMinor: price!, currency: deps.country.currency, stock, delivery, territories };
  return deps.db.transaction().execute(async (trx) => {
    if (claim) await claimIdempotencyKey(trx, claim, product.id);
    const written = await q.insertProduct(trx, product);
    await recordAudit(trx, {
      actor: actorOf(account),
      action: 'marketplace.product_listed',
      subject: { type: 'product', id: product.id },
      data: { sellerId: seller.id, priceMinor: product.priceMinor, stock },
      requestId,
    });
    return written;
  });
}

export const searchProducts = (deps: Deps, filter: q.ProductFilter) => q.searchProducts(deps.dbRead, filter);

/** An approved seller's public shop: who sells (identity and address), products and rating. */
export async function shop(deps: Deps, sellerId: string) {
  const seller = UUID.test(sellerId) ? await q.findSeller(deps.db, sellerId) : undefined;
  if (seller?.status !== 'approved') throw new AppError('MARKETPLACE_SELLER_NOT_FOUND');
  const [products, rating] = await Promise.all([q.listSellerProducts(deps.db, seller.id), q.sellerRating(deps.db, seller.id)]);
  return { seller, products, rating };
}

/** A product of an approved seller, with the seller. */
export async function productPage(deps: Deps, productId: string): Promise<{ product: Product; seller: Seller }> {
  const product = UUID.test(productId) ? await q.findProduct(deps.db, productId) : undefined;
  const seller = product ? await q.findSeller(deps.db, product.sellerId) : undefined;
  if (!product || seller?.status !== 'approved') throw new AppError('MARKETPLACE_PRODUCT_NOT_FOUND');
  return { product, seller };
}

export interface PurchaseInput {
  quantity: string;
  delivery: string;
  office: string;
  address: string;
  /** `online` (when absent) or `cash_on_delivery`. */
  payment?: string;
}

/** The single-product form's fields. */
const PRODUCT_FORM: ParcelFields = { line: () => 'cantidad', notServed: () => 'oficina', delivery: 'entrega', payment: 'pago', office: 'oficina', address: 'direccion' };

/** The order as the buyer asked for it on the product's page, checked, with its final price (nothing written). */
export async function reviewPurchase(deps: Deps, account: Account, productId: string, input: PurchaseInput) {
  const { product, seller } = await productPage(deps, productId);
  if (seller.accountId === account.id && seller.kind === 'person') throw new AppError('MARKETPLACE_OWN_PRODUCT');
  const fields: FieldError[] = [];
  const parcel = checkParcel(deps, await offices(deps), seller, [{ product, quantity: input.quantity }], input, PRODUCT_FORM, fields);
  if (!parcel) throw validation(fields);
  return { product, quantity: parcel.lines[0]!.quantity, parcel };
}

/** One product of one seller: a one-line order, placed as every order is (`placeOrders`). */
export async function buy(
  deps: Deps,
  account: Account,
  productId: string,
  input: PurchaseInput,
  requestId?: string,
  claim?: IdempotencyClaim,
): Promise<{ id: string; paymentCode: string | null } | undefined> {
  const { parcel } = await reviewPurchase(deps, account, productId, input);
  return (await placeOrders(deps, account, [parcel], requestId, claim))[0];
}

/**
 * The orders, one per seller's parcel, in one transaction: the form's key claimed (a burst of one
 * form places them once), each line's stock taken (of parallel buyers of the last unit one gets
 * it; a line without enough stock places nothing, 409 `MARKETPLACE_OUT_OF_STOCK` on that line),
 * the payment order each seller (her unit, or herself) is paid, the order and its lines, the
 * products' lines taken out of the buyer's cart. Gives each order's payment code (paid at
 * `/pagos/{code}`; null for cash on delivery).
 */
export async function placeOrders(deps: Deps, account: Account, parcels: Parcel[], requestId?: string, claim?: IdempotencyClaim): Promise<Array<{ id: string; paymentCode: string | null }>> {
  const ids = parcels.map(() => uuidv7());
  return deps.db.transaction().execute(async (trx) => {
    if (claim) await claimIdempotencyKey(trx, claim, ids[0]!);
    // In the products' order, so two checkouts of the same products never wait on each other crosswise.
    for (const line of parcels.flatMap((p) => p.lines).sort((a, b) => a.product.id.localeCompare(b.product.id))) {
      if (!(await q.takeStock(trx, line.product.id, line.quantity))) {
        throw new AppError('MARKETPLACE_OUT_OF_STOCK', { fields: [{ field: line.field, messageKey: 'marketplace.errors.outOfStock' }] });
      }
    }
    const placed: Array<{ id: string; paymentCode: string | null }> = [];
    for (const [i, parcel] of parcels.entries()) placed.push(await placeOrder(deps, trx, account, ids[i]!, parcel, requestId));
    await q.removeCartLines(
      trx,
      account.id,
      parcels.flatMap((p) => p.lines.map((l) => l.product.id)),
    );
    return placed;
  });
}

/** One order of `placeOrders`, its stock taken already: its payment order, the order and its lines, audited. */
async function placeOrder(deps: Deps, trx: Database, account: Account, id: string, parcel: Parcel, requestId?: string): Promise<{ id: string; paymentCode: string | null }> {
  const { seller, price, paymentMethod, office: destination } = parcel;
  const lines = parcel.lines.map((l) => ({ productId: l.product.id, productName: l.product.name, quantity: l.quantity, unitPriceMinor: l.product.priceMinor }));
  // A unit's shop is paid to the unit, a person's (selling as herself) to her own account; cash
  // on delivery has no payment order: the order goes to the post at once (`marketplace.cash_order_placed`).
  const payment = {
    payerAccountId: account.id,
    concept: lines
      .map((l) => `${l.productName} × ${l.quantity}`)
      .join(', ')
      .slice(0, 200),
    amountMinor: price.totalMinor,
  };
  let order: { id: string; code: string } | undefined;
  try {
    order =
      paymentMethod === 'cash_on_delivery'
        ? undefined
        : (seller.unitKey
            ? await createUnitOrder({ ...deps, db: trx }, seller.unitKey, payment, { actor: actorOf(account), requestId })
            : await createPersonOrder({ ...deps, db: trx }, seller.accountId, payment, { actor: actorOf(account), requestId })
          ).order;
  } catch (error) {
    if (isAppError(error) && error.code === 'PAYMENTS_PAYEE_NOT_CONFIGURED') {
      throw new AppError(error.code, { fields: [{ field: parcel.field, messageKey: 'marketplace.errors.notPayable' }] });
    }
    throw error;
  }
  await q.insertPurchase(trx, {
    id,
    buyerAccountId: account.id,
    sellerId: seller.id,
    lines,
    deliveryMinor: price.deliveryMinor,
    totalMinor: price.totalMinor,
    currency: deps.country.currency,
    destinationOffice: destination?.code ?? seller.originOffice,
    destinationPath: destination?.territoryPath ?? seller.territoryPath,
    address: parcel.delivery === 'pickup' ? '' : parcel.address,
    paymentOrderId: order?.id ?? null,
    paymentCode: order?.code ?? null,
    paymentMethod,
  });
  await recordAudit(trx, {
    actor: actorOf(account),
    action: 'marketplace.order_placed',
    subject: { type: 'purchase', id },
    data: { lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })), totalMinor: price.totalMinor, paymentMethod, ...(order ? { paymentCode: order.code } : {}) },
    requestId,
  });
  if (!order) await emitEvent(trx, 'marketplace.cash_order_placed', { purchaseId: id });
  return { id, paymentCode: order?.code ?? null };
}

export const purchasesOf = (deps: Deps, account: Account): Promise<Purchase[]> => q.listBuyerPurchases(deps.db, account.id);

async function notice(deps: Deps, purchase: Purchase, step: string, params: Record<string, string>) {
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const all = { product: purchase.summary, url: `${deps.config.publicUrl}/mercado/pedidos`, ...params };
  await notifyAccount(deps, {
    accountId: purchase.buyerAccountId,
    agencyCode: postAgency(deps),
    subject: t(`marketplace.notice.${step}.subject`, all),
    body: t(`marketplace.notice.${step}.body`, all),
    source: 'marketplace',
    key: `marketplace:${purchase.id}:${step}`,
  });
}

/** `payments.order_paid`: the order paid, handed to the post (one shipment per order, however often this runs), the buyer told. */
export async function onOrderPaid(deps: Deps, payload: { orderId: string }): Promise<void> {
  const purchase = await q.findPurchase(deps.db, { paymentOrderId: payload.orderId });
  if (!purchase) return;
  const seller = (await q.findSeller(deps.db, purchase.sellerId))!;
  await deps.db.transaction().execute(async (trx) => {
    if (!(await q.markPaid(trx, purchase.id))) return;
    const dims = { territory: purchase.destinationPath, seller_kind: seller.kind };
    await recordStat(trx, marketplaceStats.sales, dims);
    await recordStat(trx, marketplaceStats.sales_amount, dims, purchase.totalMinor);
    await recordAudit(trx, { actor: { type: 'system', id: 'marketplace' }, action: 'marketplace.order_paid', subject: { type: 'purchase', id: purchase.id } });
  });
  if (!purchase.address) return notice(deps, purchase, 'pickup', { address: seller.address });
  await handToPost(deps, purchase, seller);
}

/** `marketplace.cash_order_placed`: a cash-on-delivery order goes to the post at once, the parcel carrying the amount to collect (one shipment however often this runs). */
export async function onCashOrderPlaced(deps: Deps, payload: { purchaseId: string }): Promise<void> {
  const purchase = await q.findPurchase(deps.db, { id: payload.purchaseId });
  if (purchase?.paymentMethod !== 'cash_on_delivery') return;
  await handToPost(deps, purchase, (await q.findSeller(deps.db, purchase.sellerId))!, purchase.totalMinor);
}

/** The parcel registered with the post (`sourceKey` `marketplace:{order}`), its number kept, the buyer told. */
async function handToPost(deps: Deps, purchase: Purchase, seller: Seller, collectMinor?: number): Promise<void> {
  const buyer = await findAccount(deps, purchase.buyerAccountId);
  const firstDocument = deps.country.identityDocuments[0]?.code;
  const { shipment } = await registerShipment(
    deps,
    { type: 'system', id: 'marketplace' },
    {
      kind: 'parcel',
      originOffice: seller.originOffice,
      destinationOffice: purchase.destinationOffice,
      addresseeName: buyer ? `${buyer.givenName} ${buyer.familyName}` : '—',
      addresseeDocument: buyer && buyer.documentType === firstDocument ? buyer.documentNumber : '',
      address: purchase.address,
      ...(collectMinor ? { collectMinor, collectPayee: payeeOf(seller) } : {}),
    },
    { source: 'marketplace', sourceKey: `marketplace:${purchase.id}` },
  );
  await q.markShipped(deps.db, purchase.id, shipment.number);
  await notice(deps, purchase, 'shipped', { number: shipment.number, tracking: `${deps.config.publicUrl}/envios/${shipment.number}` });
}

/** `postal.tracking_event_recorded`: the order follows its parcel (a late event of the past changes nothing); delivered: counted, buyer asked to rate. */
export async function onTrackingEvent(deps: Deps, payload: { number: string; kind: string; occurredAt: string; collectedMinor?: number }): Promise<void> {
  if (payload.kind === 'delivered_collected') await collected(deps, payload.number, new Date(payload.occurredAt), payload.collectedMinor);
  const status = await q.followParcel(deps.db, payload.number, payload.kind, new Date(payload.occurredAt));
  if (status !== 'delivered') {
    // A return parcel delivered back to the seller: the withdrawn order is refunded (once).
    const refunded = payload.kind === 'delivered' ? await refundReturned(deps, payload.number) : undefined;
    if (refunded) await notice(deps, refunded, 'refunded', { number: payload.number });
    return;
  }
  const purchase = (await q.findPurchase(deps.db, { shipmentNumber: payload.number }))!;
  const seller = (await q.findSeller(deps.db, purchase.sellerId))!;
  await recordStat(deps.db, marketplaceStats.delivered, { territory: purchase.destinationPath, seller_kind: seller.kind });
  await notice(deps, purchase, 'delivered', { number: payload.number });
}

/** Cash on delivery: the post collected the payment at the door; the order is paid once (of 20 parallel events one counts the sale). */
async function collected(deps: Deps, number: string, at: Date, collectedMinor: number | undefined): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const id = await q.markCollected(trx, number, at);
    if (!id) return;
    const purchase = (await q.findPurchase(trx, { id }))!;
    const seller = (await q.findSeller(trx, purchase.sellerId))!;
    const dims = { territory: purchase.destinationPath, seller_kind: seller.kind };
    await recordStat(trx, marketplaceStats.sales, dims);
    await recordStat(trx, marketplaceStats.sales_amount, dims, purchase.totalMinor);
    await recordAudit(trx, {
      actor: { type: 'system', id: 'marketplace' },
      action: 'marketplace.order_paid',
      subject: { type: 'purchase', id },
      data: { paymentMethod: 'cash_on_delivery', collectedMinor: collectedMinor ?? null, shipment: number },
    });
  });
}

/** The seller hands a pickup order to the buyer (`handOver`); the buyer is invited to rate. */
export async function handOverPurchase(deps: Deps, account: Account, sellerId: string, purchaseId: string, confirmed: boolean, requestId?: string): Promise<void> {
  const purchase = await handOver(deps, account, await ownSeller(deps, account, sellerId), purchaseId, confirmed, requestId);
  await notice(deps, purchase, 'collected', {});
}

/** The buyer disputes an order (`openDispute`): a case, its code given back. */
export const disputePurchase = (deps: Deps, account: Account, purchaseId: string, input: { kind: string; detail: string }, requestId?: string): Promise<string> =>
  openDispute(deps, account, purchaseId, input, requestId);

/** `postal.cod_refunded`: the post paid the buyer back for a returned cash-on-delivery order (`refundCollected`); she is told. */
export async function onCodRefunded(deps: Deps, payload: { reference: string; numbers: string[] }): Promise<void> {
  const refunded = await refundCollected(deps, payload);
  if (refunded) await notice(deps, refunded, 'codRefunded', { number: refunded.returnNumber ?? '' });
}

/** `cases.decided`: an approved dispute refunds once (`onDisputeDecided`); the buyer is told. */
export async function onCaseDecided(event: DomainEvent, deps: Deps): Promise<void> {
  const refunded = await onDisputeDecided(event, deps);
  if (refunded) await notice(deps, refunded, 'disputeRefunded', { code: refunded.disputeCode ?? '' });
}

/** The buyer withdraws within the period (`withdraw`) and is told in the mailbox how the parcel goes back. */
export async function withdrawPurchase(deps: Deps, account: Account, purchaseId: string, input: { reason: string }, requestId?: string): Promise<string> {
  const number = await withdraw(deps, account, purchaseId, input, requestId);
  const purchase = (await q.findPurchase(deps.db, { id: purchaseId }))!;
  await notice(deps, purchase, 'withdrawn', { number, tracking: `${deps.config.publicUrl}/envios/${number}` });
  return number;
}

export async function rateSeller(deps: Deps, account: Account, purchaseId: string, input: { stars: string; comment: string }, requestId?: string): Promise<void> {
  const purchase = UUID.test(purchaseId) ? await q.findPurchase(deps.db, { id: purchaseId }) : undefined;
  if (!purchase || purchase.buyerAccountId !== account.id) throw new AppError('MARKETPLACE_ORDER_NOT_FOUND');
  if (purchase.status !== 'delivered') throw new AppError('MARKETPLACE_NOT_DELIVERED');
  const stars = /^[1-5]$/.test(input.stars) ? Number(input.stars) : 0;
  const comment = input.comment.trim();
  const fields: FieldError[] = [];
  if (!stars) fields.push({ field: 'estrellas', messageKey: 'marketplace.errors.stars' });
  if (comment.length > 1000) fields.push({ field: 'comentario', messageKey: 'marketplace.errors.comment' });
  if (fields.length > 0) throw validation(fields);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await q.insertRating(trx, { purchaseId: purchase.id, sellerId: purchase.sellerId, stars, comment }))) throw new AppError('MARKETPLACE_ALREADY_RATED');
    await recordAudit(trx, { actor: actorOf(account), action: 'marketplace.seller_rated', subject: { type: 'seller', id: purchase.sellerId }, data: { purchaseId: purchase.id, stars }, requestId });
  });
}
