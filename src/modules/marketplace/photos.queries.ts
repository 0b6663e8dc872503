// SQL of product photos (docs/marketplace.md, "Photos").
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export interface PhotoRow {
  id: string;
  productId: string;
  sha256: string;
  alt: string | null;
  width: number;
  height: number;
}

export interface NewPhoto extends PhotoRow {
  image: Uint8Array;
  thumbnail: Uint8Array;
}

/** Locks the product's row (photo count checks of parallel uploads run one after the other). */
export async function lockProduct(db: Queryable, productId: string): Promise<void> {
  await sql`SELECT id FROM marketplace.product WHERE id = ${productId} FOR UPDATE`.execute(db);
}

export async function countPhotos(db: Queryable, productId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM marketplace.product_photo WHERE product_id = ${productId}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Inserts the photo; undefined when this product has that image already. */
export async function insertPhoto(db: Queryable, p: NewPhoto): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO marketplace.product_photo (id, product_id, sha256, alt, width, height, image, thumbnail, position)
    VALUES (${p.id}, ${p.productId}, ${p.sha256}, ${p.alt}, ${p.width}, ${p.height}, ${Buffer.from(p.image)}, ${Buffer.from(p.thumbnail)},
      (SELECT coalesce(max(position), 0) + 1 FROM marketplace.product_photo WHERE product_id = ${p.productId}))
    ON CONFLICT (product_id, sha256) DO NOTHING RETURNING id`.execute(db);
  return rows[0]?.id;
}

/** The photos of some products (without their bytes), in the seller's order (then oldest first). */
export async function photosOf(db: Queryable, productIds: string[]): Promise<PhotoRow[]> {
  if (productIds.length === 0) return [];
  const { rows } = await sql<PhotoRow>`
    SELECT id, product_id AS "productId", sha256, alt, width, height FROM marketplace.product_photo
    WHERE product_id = ANY(${productIds}::uuid[]) ORDER BY position, created_at, id`.execute(db);
  return rows;
}

/** A photo's bytes (the image or its thumbnail) and hash. */
export async function photoBytes(db: Queryable, id: string, thumbnail: boolean): Promise<{ bytes: Buffer; sha256: string } | undefined> {
  const { rows } = thumbnail
    ? await sql<{ bytes: Buffer; sha256: string }>`SELECT thumbnail AS bytes, sha256 FROM marketplace.product_photo WHERE id = ${id}`.execute(db)
    : await sql<{ bytes: Buffer; sha256: string }>`SELECT image AS bytes, sha256 FROM marketplace.product_photo WHERE id = ${id}`.execute(db);
  return rows[0];
}

/** Deletes a photo of the product; false when it is not there (deleted already, or another product's). */
export async function deletePhoto(db: Queryable, productId: string, id: string): Promise<boolean> {
  const { rows } = await sql`DELETE FROM marketplace.product_photo WHERE id = ${id} AND product_id = ${productId} RETURNING id`.execute(db);
  return rows.length > 0;
}

/** Sets the photos' positions in this order (1, 2, …). */
export async function setPositions(db: Queryable, ids: string[]): Promise<void> {
  await sql`UPDATE marketplace.product_photo p SET position = o.n FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS o(id, n) WHERE p.id = o.id`.execute(db);
}
