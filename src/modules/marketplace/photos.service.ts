// Product photos (docs/marketplace.md, "Photos"). The seller sends one image at a time; sharp
// decodes it (PNG or JPEG: the upload layer already read the type from the first bytes), refuses
// it when it has too many pixels, and re-encodes it as JPEG at most 800 px wide plus a 240 px
// thumbnail. Re-encoding keeps no metadata (EXIF, GPS) and no hidden payload of the upload.
import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { Account } from '../identity/index.ts';
import { ownSeller } from './marketplace.service.ts';
import * as q from './marketplace.queries.ts';
import type { Product, Seller } from './marketplace.types.ts';
import * as pq from './photos.queries.ts';

/** Most photos of one product. */
export const MAX_PHOTOS = 4;
/** Largest upload, in bytes. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
/** Most pixels of an upload (a decompression bomb is refused before it is decoded). */
export const MAX_PHOTO_PIXELS = 25_000_000;
export const PHOTO_WIDTH = 800;
export const THUMBNAIL_WIDTH = 240;

export type ProductPhoto = pq.PhotoRow;

const invalid = (key: string, params?: Record<string, number>) => new AppError('VALIDATION_FAILED', { fields: [{ field: 'foto', messageKey: key, params }] });

/** The image checked and re-encoded: the photo and its thumbnail, JPEG without metadata. */
export async function preparePhoto(bytes: Uint8Array): Promise<{ image: Buffer; thumbnail: Buffer; width: number; height: number; sha256: string }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw invalid('marketplace.errors.photoUnreadable');
  }
  if (!meta.width || !meta.height || !['jpeg', 'png'].includes(meta.format ?? '')) throw invalid('marketplace.errors.photoUnreadable');
  if (meta.width * meta.height > MAX_PHOTO_PIXELS) throw invalid('marketplace.errors.photoTooManyPixels', { megapixels: MAX_PHOTO_PIXELS / 1e6 });
  const encode = (width: number) =>
    sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS })
      .rotate() // upright by its EXIF orientation, before the EXIF is dropped
      .resize({ width, withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
  try {
    const [full, small] = await Promise.all([encode(PHOTO_WIDTH), encode(THUMBNAIL_WIDTH)]);
    return { image: full.data, thumbnail: small.data, width: full.info.width, height: full.info.height, sha256: createHash('sha256').update(full.data).digest('hex') };
  } catch {
    throw invalid('marketplace.errors.photoUnreadable');
  }
}

/** A product of a shop the person manages (else 403 MARKETPLACE_NOT_SELLER, or 404). */
export async function ownProduct(deps: Deps, account: Account, sellerId: string, productId: string): Promise<{ seller: Seller; product: Product }> {
  const seller = await ownSeller(deps, account, sellerId);
  const product = /^[0-9a-f-]{36}$/.test(productId) ? await q.findProduct(deps.db, productId) : undefined;
  if (product?.sellerId !== seller.id) throw new AppError('MARKETPLACE_PRODUCT_NOT_FOUND');
  return { seller, product };
}

/** Adds a photo to a product of the seller's shop; the same image twice is one photo. */
export async function addPhoto(deps: Deps, account: Account, sellerId: string, productId: string, upload: { bytes: Uint8Array; alt: string }, requestId?: string): Promise<string> {
  const { product } = await ownProduct(deps, account, sellerId, productId);
  const alt = upload.alt.trim();
  if (alt.length > 200) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'alt', messageKey: 'marketplace.errors.photoAlt' }] });
  const photo = await preparePhoto(upload.bytes);
  return deps.db.transaction().execute(async (trx) => {
    await pq.lockProduct(trx, product.id);
    const same = (await pq.photosOf(trx, [product.id])).find((p) => p.sha256 === photo.sha256);
    if (same) return same.id;
    if ((await pq.countPhotos(trx, product.id)) >= MAX_PHOTOS) throw new AppError('MARKETPLACE_TOO_MANY_PHOTOS', { params: { max: MAX_PHOTOS } });
    const id = uuidv7();
    await pq.insertPhoto(trx, { id, productId: product.id, sha256: photo.sha256, alt: alt || null, width: photo.width, height: photo.height, image: photo.image, thumbnail: photo.thumbnail });
    await recordAudit(trx, {
      actor: { type: 'person', id: account.id },
      action: 'marketplace.photo_added',
      subject: { type: 'product', id: product.id },
      data: { photoId: id, sha256: photo.sha256, width: photo.width, height: photo.height },
      requestId,
    });
    return id;
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Deletes a photo of a product of the seller's shop, audited; of parallel deletions one does it, the others 404 `MARKETPLACE_PHOTO_NOT_FOUND`. */
export async function deletePhoto(deps: Deps, account: Account, sellerId: string, productId: string, photoId: string, requestId?: string): Promise<void> {
  const { product } = await ownProduct(deps, account, sellerId, productId);
  if (!UUID.test(photoId)) throw new AppError('MARKETPLACE_PHOTO_NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    await pq.lockProduct(trx, product.id);
    if (!(await pq.deletePhoto(trx, product.id, photoId))) throw new AppError('MARKETPLACE_PHOTO_NOT_FOUND');
    await pq.setPositions(
      trx,
      (await pq.photosOf(trx, [product.id])).map((p) => p.id),
    );
    await recordAudit(trx, { actor: { type: 'person', id: account.id }, action: 'marketplace.photo_deleted', subject: { type: 'product', id: product.id }, data: { photoId }, requestId });
  });
}

/**
 * Moves a photo to a position (1 = first: the shop's thumbnail), audited. Idempotent: a photo
 * already there changes nothing (of parallel identical moves one is recorded). Gives whether it moved.
 */
export async function movePhoto(deps: Deps, account: Account, sellerId: string, productId: string, photoId: string, position: number, requestId?: string): Promise<boolean> {
  const { product } = await ownProduct(deps, account, sellerId, productId);
  if (!UUID.test(photoId)) throw new AppError('MARKETPLACE_PHOTO_NOT_FOUND');
  return deps.db.transaction().execute(async (trx) => {
    await pq.lockProduct(trx, product.id);
    const ids = (await pq.photosOf(trx, [product.id])).map((p) => p.id);
    const from = ids.indexOf(photoId);
    if (from < 0) throw new AppError('MARKETPLACE_PHOTO_NOT_FOUND');
    if (!Number.isInteger(position) || position < 1 || position > ids.length)
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'posicion', messageKey: 'marketplace.errors.photoPosition', params: { max: ids.length } }] });
    if (from === position - 1) return false;
    ids.splice(from, 1);
    ids.splice(position - 1, 0, photoId);
    await pq.setPositions(trx, ids);
    await recordAudit(trx, {
      actor: { type: 'person', id: account.id },
      action: 'marketplace.photo_moved',
      subject: { type: 'product', id: product.id },
      data: { photoId, from: from + 1, to: position },
      requestId,
    });
    return true;
  });
}

/** The photos of some products, by product. */
export async function photosByProduct(deps: Deps, productIds: string[]): Promise<Map<string, ProductPhoto[]>> {
  const byProduct = new Map<string, ProductPhoto[]>();
  for (const photo of await pq.photosOf(deps.db, productIds)) byProduct.set(photo.productId, [...(byProduct.get(photo.productId) ?? []), photo]);
  return byProduct;
}

/** A photo's JPEG bytes (or its thumbnail's), public like the product pages. */
export async function photoFile(deps: Deps, id: string, thumbnail: boolean) {
  const found = /^[0-9a-f-]{36}$/.test(id) ? await pq.photoBytes(deps.db, id, thumbnail) : undefined;
  if (!found) throw new AppError('MARKETPLACE_PHOTO_NOT_FOUND');
  return found;
}
