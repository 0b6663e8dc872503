// Every SQL statement on the marketplace schema.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { CartLine, DeliveryOption, PaymentMethod, Product, Purchase, PurchaseLine, PurchaseStatus, Seller, SellerKind, SellerStatus } from './marketplace.types.ts';

interface SellerRow {
  id: string;
  kind: SellerKind;
  account_id: string;
  unit_key: string | null;
  name: string;
  address: string;
  territory_code: string;
  territory_path: string[];
  registry_entry: Record<string, unknown>;
  origin_office: string;
  description: string;
  status: SellerStatus;
  created_at: Date;
}
const toSeller = (r: SellerRow): Seller => ({
  id: r.id,
  kind: r.kind,
  accountId: r.account_id,
  unitKey: r.unit_key,
  name: r.name,
  address: r.address,
  territoryCode: r.territory_code,
  territoryPath: r.territory_path,
  registryEntry: r.registry_entry,
  originOffice: r.origin_office,
  description: r.description,
  status: r.status,
  createdAt: r.created_at,
});

export type NewSeller = Omit<Seller, 'status' | 'createdAt'>;

/** The application; undefined when the person (or the unit) already has one pending or approved. */
export async function insertSeller(db: Queryable, s: NewSeller): Promise<Seller | undefined> {
  const { rows } = await sql<SellerRow>`INSERT INTO marketplace.seller (id, kind, account_id, unit_key, name, address, territory_code, territory_path, registry_entry, origin_office, description)
    VALUES (${s.id}, ${s.kind}, ${s.accountId}, ${s.unitKey}, ${s.name}, ${s.address}, ${s.territoryCode}, ${s.territoryPath}, ${JSON.stringify(s.registryEntry)}::jsonb, ${s.originOffice}, ${s.description})
    ON CONFLICT DO NOTHING RETURNING *`.execute(db);
  return rows[0] ? toSeller(rows[0]) : undefined;
}

export async function findSeller(db: Queryable, id: string, options: { lock?: boolean } = {}): Promise<Seller | undefined> {
  const { rows } = options.lock
    ? await sql<SellerRow>`SELECT * FROM marketplace.seller WHERE id = ${id} FOR UPDATE`.execute(db)
    : await sql<SellerRow>`SELECT * FROM marketplace.seller WHERE id = ${id}`.execute(db);
  return rows[0] ? toSeller(rows[0]) : undefined;
}

/** The sellers a person applied for or acts as (herself, or units she represents). */
export async function findSellersOf(db: Queryable, accountId: string, unitKeys: string[]): Promise<Seller[]> {
  const { rows } = await sql<SellerRow>`SELECT * FROM marketplace.seller
    WHERE status <> 'rejected' AND ((unit_key IS NULL AND account_id = ${accountId}) OR unit_key = ANY(${unitKeys}::text[])) ORDER BY created_at`.execute(db);
  return rows.map(toSeller);
}

export async function listSellers(db: Queryable, status: SellerStatus): Promise<Seller[]> {
  const { rows } = await sql<SellerRow>`SELECT * FROM marketplace.seller WHERE status = ${status} ORDER BY created_at LIMIT 200`.execute(db);
  return rows.map(toSeller);
}

export async function setSellerStatus(db: Queryable, id: string, status: SellerStatus, by: string): Promise<boolean> {
  const { rows } = await sql`UPDATE marketplace.seller SET status = ${status}, decided_by = ${by}, decided_at = now() WHERE id = ${id} AND status = 'pending' RETURNING id`.execute(db);
  return rows.length > 0;
}

interface ProductRow {
  id: string;
  seller_id: string;
  name: string;
  description: string;
  category: string;
  price_minor: string | number;
  currency: string;
  stock: number;
  delivery: DeliveryOption[];
  territories: string[];
}
const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  sellerId: r.seller_id,
  name: r.name,
  description: r.description,
  category: r.category,
  priceMinor: Number(r.price_minor),
  currency: r.currency,
  stock: r.stock,
  delivery: r.delivery,
  territories: r.territories,
});

export async function insertProduct(db: Queryable, p: Product): Promise<Product | undefined> {
  const { rows } = await sql<ProductRow>`INSERT INTO marketplace.product (id, seller_id, name, description, category, price_minor, currency, stock, delivery, territories)
    VALUES (${p.id}, ${p.sellerId}, ${p.name}, ${p.description}, ${p.category}, ${p.priceMinor}, ${p.currency}, ${p.stock}, ${p.delivery}::text[], ${p.territories}::text[])
    ON CONFLICT (id) DO NOTHING RETURNING *`.execute(db);
  return rows[0] ? toProduct(rows[0]) : undefined;
}

export async function findProduct(db: Queryable, id: string): Promise<Product | undefined> {
  const { rows } = await sql<ProductRow>`SELECT * FROM marketplace.product WHERE id = ${id}`.execute(db);
  return rows[0] ? toProduct(rows[0]) : undefined;
}

export async function listSellerProducts(db: Queryable, sellerId: string): Promise<Product[]> {
  const { rows } = await sql<ProductRow>`SELECT * FROM marketplace.product WHERE seller_id = ${sellerId} ORDER BY created_at`.execute(db);
  return rows.map(toProduct);
}

export interface ProductFilter {
  category?: string;
  territory?: string;
  sellerKind?: SellerKind;
  text?: string;
}

/** Approved sellers' products matching the filter, with the seller's name and kind. */
export async function searchProducts(db: Queryable, f: ProductFilter): Promise<Array<Product & { sellerName: string; sellerKind: SellerKind }>> {
  const { rows } = await sql<ProductRow & { seller_name: string; seller_kind: SellerKind }>`SELECT p.*, s.name AS seller_name, s.kind AS seller_kind
    FROM marketplace.product p JOIN marketplace.seller s ON s.id = p.seller_id
    WHERE s.status = 'approved'
      AND (${f.category ?? null}::text IS NULL OR p.category = ${f.category ?? null})
      AND (${f.territory ?? null}::text IS NULL OR ${f.territory ?? null} = ANY(p.territories))
      AND (${f.sellerKind ?? null}::text IS NULL OR s.kind = ${f.sellerKind ?? null})
      AND (${f.text ?? null}::text IS NULL OR p.name ILIKE '%' || ${f.text ?? null} || '%' OR p.description ILIKE '%' || ${f.text ?? null} || '%')
    ORDER BY p.created_at DESC LIMIT 100`.execute(db);
  return rows.map((r) => ({ ...toProduct(r), sellerName: r.seller_name, sellerKind: r.seller_kind }));
}

/** Takes `quantity` from the stock if there is that much: of parallel buyers of the last unit, one gets it. */
export async function takeStock(db: Queryable, productId: string, quantity: number): Promise<boolean> {
  const { rows } = await sql`UPDATE marketplace.product SET stock = stock - ${quantity} WHERE id = ${productId} AND stock >= ${quantity} RETURNING id`.execute(db);
  return rows.length > 0;
}

interface PurchaseRow {
  id: string;
  payment_method: string;
  buyer_account_id: string;
  seller_id: string;
  lines: Array<Omit<PurchaseLine, 'unitPriceMinor'> & { unitPriceMinor: string | number }>;
  delivery_minor: string | number;
  total_minor: string | number;
  currency: string;
  destination_office: string;
  destination_path: string[];
  address: string;
  payment_order_id: string | null;
  payment_code: string | null;
  status: PurchaseStatus;
  shipment_number: string | null;
  parcel_state: string | null;
  stars: number | null;
  delivered_at: Date | null;
  withdrawn_at: Date | null;
  return_number: string | null;
  refunded_at: Date | null;
  settled_at: Date | null;
  dispute_code: string | null;
  created_at: Date;
}
const toPurchase = (r: PurchaseRow): Purchase => ({
  id: r.id,
  buyerAccountId: r.buyer_account_id,
  sellerId: r.seller_id,
  lines: r.lines.map((l) => ({ ...l, unitPriceMinor: Number(l.unitPriceMinor) })),
  summary: r.lines.map((l) => `${l.productName} × ${l.quantity}`).join(', '),
  deliveryMinor: Number(r.delivery_minor),
  totalMinor: Number(r.total_minor),
  currency: r.currency,
  destinationOffice: r.destination_office,
  destinationPath: r.destination_path,
  address: r.address,
  paymentOrderId: r.payment_order_id,
  paymentCode: r.payment_code,
  paymentMethod: r.payment_method as PaymentMethod,
  status: r.status,
  shipmentNumber: r.shipment_number,
  parcelState: r.parcel_state,
  stars: r.stars,
  deliveredAt: r.delivered_at,
  withdrawnAt: r.withdrawn_at,
  returnNumber: r.return_number,
  refundedAt: r.refunded_at,
  settledAt: r.settled_at,
  disputeCode: r.dispute_code,
  createdAt: r.created_at,
});
/** An order with its lines (each with the product's name) and its rating. */
const PURCHASE = sql`SELECT o.*, r.stars, l.lines FROM marketplace.purchase o LEFT JOIN marketplace.rating r ON r.purchase_id = o.id
  CROSS JOIN LATERAL (SELECT coalesce(json_agg(json_build_object('productId', pl.product_id, 'productName', p.name, 'quantity', pl.quantity, 'unitPriceMinor', pl.unit_price_minor) ORDER BY p.name), '[]') AS lines
    FROM marketplace.purchase_line pl JOIN marketplace.product p ON p.id = pl.product_id WHERE pl.purchase_id = o.id) l`;

export type NewPurchase = Omit<
  Purchase,
  'status' | 'shipmentNumber' | 'parcelState' | 'stars' | 'createdAt' | 'summary' | 'deliveredAt' | 'withdrawnAt' | 'returnNumber' | 'refundedAt' | 'settledAt' | 'disputeCode'
>;

/** The order and its lines. */
export async function insertPurchase(db: Queryable, o: NewPurchase): Promise<void> {
  await sql`INSERT INTO marketplace.purchase (id, buyer_account_id, seller_id, delivery_minor, total_minor, currency, destination_office, destination_path, address, payment_order_id, payment_code, payment_method)
    VALUES (${o.id}, ${o.buyerAccountId}, ${o.sellerId}, ${o.deliveryMinor}, ${o.totalMinor}, ${o.currency}, ${o.destinationOffice}, ${o.destinationPath}::text[], ${o.address}, ${o.paymentOrderId}, ${o.paymentCode}, ${o.paymentMethod})`.execute(
    db,
  );
  for (const l of o.lines) {
    await sql`INSERT INTO marketplace.purchase_line (purchase_id, product_id, quantity, unit_price_minor) VALUES (${o.id}, ${l.productId}, ${l.quantity}, ${l.unitPriceMinor})`.execute(db);
  }
}

export async function findPurchase(db: Queryable, by: { id?: string; paymentOrderId?: string; shipmentNumber?: string; returnNumber?: string; disputeCode?: string }): Promise<Purchase | undefined> {
  const { rows } = await sql<PurchaseRow>`${PURCHASE} WHERE o.id = ${by.id ?? null}::uuid OR o.payment_order_id = ${by.paymentOrderId ?? null}::uuid
    OR o.shipment_number = ${by.shipmentNumber ?? null} OR o.return_number = ${by.returnNumber ?? null} OR o.dispute_code = ${by.disputeCode ?? null}`.execute(db);
  return rows[0] ? toPurchase(rows[0]) : undefined;
}

export async function listBuyerPurchases(db: Queryable, accountId: string): Promise<Purchase[]> {
  const { rows } = await sql<PurchaseRow>`${PURCHASE} WHERE o.buyer_account_id = ${accountId} ORDER BY o.created_at DESC LIMIT 100`.execute(db);
  return rows.map(toPurchase);
}

/** Paid: only an order still awaiting payment (a repeated notice changes nothing). */
export async function markPaid(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await sql`UPDATE marketplace.purchase SET status = 'paid', paid_at = now() WHERE id = ${id} AND status = 'awaiting_payment' RETURNING id`.execute(db);
  return rows.length > 0;
}

/** Handed to the post: a paid order, or a cash-on-delivery one (awaiting the payment the post collects). */
export async function markShipped(db: Queryable, id: string, number: string): Promise<void> {
  await sql`UPDATE marketplace.purchase SET status = CASE WHEN status = 'paid' OR (status = 'awaiting_payment' AND payment_method = 'cash_on_delivery') THEN 'shipped' ELSE status END,
    shipment_number = ${number} WHERE id = ${id}`.execute(db);
}

/** Cash on delivery: the post collected the payment at the door; paid once (a repeated event changes nothing). */
export async function markCollected(db: Queryable, number: string, at: Date): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`UPDATE marketplace.purchase SET paid_at = ${at}
    WHERE shipment_number = ${number} AND payment_method = 'cash_on_delivery' AND paid_at IS NULL RETURNING id`.execute(db);
  return rows[0]?.id;
}

/**
 * The parcel's state, when this event happened after the one the order holds (an event arriving
 * late is history, not news). Gives the order's new status when it changed.
 */
export async function followParcel(db: Queryable, number: string, kind: string, at: Date): Promise<PurchaseStatus | undefined> {
  const { rows } = await sql<{ status: PurchaseStatus }>`UPDATE marketplace.purchase o SET parcel_state = ${kind}, parcel_state_at = ${at},
      status = CASE ${kind} WHEN 'delivered' THEN 'delivered' WHEN 'delivered_collected' THEN 'delivered' WHEN 'returned' THEN 'returned' ELSE 'shipped' END,
      delivered_at = CASE WHEN ${kind} IN ('delivered', 'delivered_collected') THEN ${at} ELSE delivered_at END
    WHERE shipment_number = ${number} AND (parcel_state_at IS NULL OR parcel_state_at <= ${at}) AND status IN ('paid', 'shipped')
    RETURNING status`.execute(db);
  return rows[0]?.status;
}

export async function listSellerPurchases(db: Queryable, sellerId: string): Promise<Purchase[]> {
  const { rows } = await sql<PurchaseRow>`${PURCHASE} WHERE o.seller_id = ${sellerId} ORDER BY o.created_at DESC LIMIT 200`.execute(db);
  return rows.map(toPurchase);
}

/** Handed over to the buyer at the seller's (pickup): only a paid pickup order, once. */
export async function markHandedOver(db: Queryable, id: string): Promise<boolean> {
  const { rows } =
    await sql`UPDATE marketplace.purchase SET status = 'delivered', delivered_at = now() WHERE id = ${id} AND status = 'paid' AND address = '' AND shipment_number IS NULL RETURNING id`.execute(db);
  return rows.length > 0;
}

/** The order's row locked for this transaction, and whether it has a dispute already. */
export async function lockPurchaseDispute(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await sql<{ dispute_code: string | null }>`SELECT dispute_code FROM marketplace.purchase WHERE id = ${id} FOR UPDATE`.execute(db);
  return rows[0]?.dispute_code != null;
}

export async function setDispute(db: Queryable, id: string, code: string, kind: string): Promise<void> {
  await sql`UPDATE marketplace.purchase SET dispute_code = ${code}, dispute_kind = ${kind} WHERE id = ${id}`.execute(db);
}

/** Refunded by a dispute's resolution: any paid order not refunded yet, once. */
export async function markDisputeRefunded(db: Queryable, id: string): Promise<boolean> {
  const { rows } =
    await sql`UPDATE marketplace.purchase SET status = 'refunded', refunded_at = now() WHERE id = ${id} AND status IN ('paid', 'shipped', 'delivered', 'returned', 'withdrawn') RETURNING id`.execute(
      db,
    );
  return rows.length > 0;
}

/** Serializes the creation of the disputes' procedure. */
export async function lockDisputeProcedure(trx: Queryable, slug: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`marketplace.dispute:${slug}`}))`.execute(trx);
}

/** Withdrawn: only a delivered order (of parallel withdrawals, the first wins; the others find it withdrawn). */
export async function markWithdrawn(db: Queryable, id: string, reason: string): Promise<boolean> {
  const { rows } = await sql`UPDATE marketplace.purchase SET status = 'withdrawn', withdrawn_at = now(), withdrawal_reason = ${reason} WHERE id = ${id} AND status = 'delivered' RETURNING id`.execute(
    db,
  );
  return rows.length > 0;
}

export async function setReturnNumber(db: Queryable, id: string, number: string): Promise<void> {
  await sql`UPDATE marketplace.purchase SET return_number = ${number} WHERE id = ${id}`.execute(db);
}

/** Refunded: only a withdrawn order, once; each line's quantity goes back to its product's stock. */
export async function markRefunded(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await sql`UPDATE marketplace.purchase SET status = 'refunded', refunded_at = now() WHERE id = ${id} AND status = 'withdrawn' RETURNING id`.execute(db);
  if (!rows[0]) return false;
  await sql`UPDATE marketplace.product p SET stock = p.stock + l.quantity FROM marketplace.purchase_line l WHERE l.purchase_id = ${id} AND p.id = l.product_id`.execute(db);
  return true;
}

/** One rating per order; undefined when the order was rated already. */
export async function insertRating(db: Queryable, r: { purchaseId: string; sellerId: string; stars: number; comment: string }): Promise<boolean> {
  const { rows } = await sql`INSERT INTO marketplace.rating (purchase_id, seller_id, stars, comment) VALUES (${r.purchaseId}, ${r.sellerId}, ${r.stars}, ${r.comment})
    ON CONFLICT DO NOTHING RETURNING purchase_id`.execute(db);
  return rows.length > 0;
}

export async function sellerRating(db: Queryable, sellerId: string): Promise<{ count: number; average: number | null }> {
  const { rows } = await sql<{ count: number; average: string | null }>`SELECT count(*)::int AS count, avg(stars) AS average FROM marketplace.rating WHERE seller_id = ${sellerId}`.execute(db);
  return { count: rows[0]?.count ?? 0, average: rows[0]?.average === null || rows[0]?.average === undefined ? null : Number(rows[0].average) };
}

/** "Mis datos": a person's applications, orders and ratings. */
export async function findPersonData(db: Queryable, accountId: string) {
  const sellers = await sql<Record<string, unknown>>`SELECT name, kind, status, address, description, created_at FROM marketplace.seller WHERE account_id = ${accountId} ORDER BY created_at`.execute(
    db,
  );
  const orders = await sql<Record<string, unknown>>`SELECT o.id, l.product, l.quantity, o.total_minor, o.payment_method, o.status, o.address, o.withdrawal_reason, o.dispute_code, o.created_at
    FROM marketplace.purchase o CROSS JOIN LATERAL (SELECT string_agg(p.name || ' × ' || pl.quantity, ', ' ORDER BY p.name) AS product, sum(pl.quantity)::int AS quantity
      FROM marketplace.purchase_line pl JOIN marketplace.product p ON p.id = pl.product_id WHERE pl.purchase_id = o.id) l
    WHERE o.buyer_account_id = ${accountId} ORDER BY o.created_at`.execute(db);
  const cart = await sql<Record<string, unknown>>`SELECT p.name AS product, c.quantity, c.added_at AS created_at FROM marketplace.cart_line c JOIN marketplace.product p ON p.id = c.product_id
    WHERE c.account_id = ${accountId} ORDER BY c.added_at`.execute(db);
  return { sellers: sellers.rows, orders: orders.rows, cart: cart.rows };
}

/** A person's cart: each line with its product and the product's seller, by seller. */
export async function listCart(db: Queryable, accountId: string): Promise<CartLine[]> {
  const { rows } = await sql<{ quantity: number; product: ProductRow; seller: SellerRow }>`SELECT c.quantity, to_jsonb(p.*) AS product, to_jsonb(s.*) AS seller
    FROM marketplace.cart_line c JOIN marketplace.product p ON p.id = c.product_id JOIN marketplace.seller s ON s.id = p.seller_id
    WHERE c.account_id = ${accountId} ORDER BY s.name, s.id, c.added_at, p.id`.execute(db);
  return rows.map((r) => ({ quantity: r.quantity, product: toProduct(r.product), seller: toSeller({ ...r.seller, created_at: new Date(r.seller.created_at) }) }));
}

/** Adds to the cart's line of the product, when the new quantity stays within `limit`; gives the new quantity, undefined when it would not. */
export async function addCartLine(db: Queryable, accountId: string, productId: string, quantity: number, limit: number): Promise<number | undefined> {
  const { rows } = await sql<{ quantity: number }>`INSERT INTO marketplace.cart_line AS c (account_id, product_id, quantity)
    SELECT ${accountId}, ${productId}, ${quantity} WHERE ${quantity}::int <= ${limit}::int
    ON CONFLICT (account_id, product_id) DO UPDATE SET quantity = c.quantity + EXCLUDED.quantity WHERE c.quantity + EXCLUDED.quantity <= ${limit}::int
    RETURNING quantity`.execute(db);
  return rows[0]?.quantity;
}

/** Sets the quantity of a line of the cart; false when the cart has no such line. */
export async function setCartLine(db: Queryable, accountId: string, productId: string, quantity: number): Promise<boolean> {
  const { rows } = await sql`UPDATE marketplace.cart_line SET quantity = ${quantity} WHERE account_id = ${accountId} AND product_id = ${productId} RETURNING product_id`.execute(db);
  return rows.length > 0;
}

/** Removes the lines of these products from the cart; gives how many there were. */
export async function removeCartLines(db: Queryable, accountId: string, productIds: string[]): Promise<number> {
  const { rows } = await sql`DELETE FROM marketplace.cart_line WHERE account_id = ${accountId} AND product_id = ANY(${productIds}::uuid[]) RETURNING product_id`.execute(db);
  return rows.length;
}
