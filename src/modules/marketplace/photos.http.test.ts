// Product photos over real HTTP (docs/marketplace.md, "Photos"): the seller uploads through the
// page's multipart form (CSRF field first); a JPEG with EXIF comes back re-encoded, at most 800 px
// wide, without EXIF, with a 240 px thumbnail and long cache headers, shown with its alt text on
// the product and shop pages. Twenty identical uploads make one photo (one audit row); a text file
// named .jpg, an image of too many pixels and a fifth photo are refused on the field with the
// input kept; another person gets 403.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { formsIn, type HttpSession } from '../../../test/helpers/http-client.ts';
import { type PaymentsTestApp, startPaymentsApp } from '../payments/payments.test-helpers.ts';
import { signedInPerson } from './marketplace.test-helpers.ts';
import { addProduct, applyToSell, decideSeller } from './marketplace.service.ts';

let t: PaymentsTestApp;
const deps = () => t.app.tambo.deps;

before(async () => {
  t = await startPaymentsApp(['SEGIP'], { RATE_LIMIT_PER_MINUTE: '100000' });
  await sql`UPDATE platform.outbox SET dispatched_at = now() WHERE dispatched_at IS NULL`.execute(deps().db);
});
after(async () => {
  await t?.close();
});

const person = (name: string, extra: { isPlatformAdmin?: boolean } = {}) => signedInPerson(t, name, extra);

/** Sends the page's photo form as a browser does (multipart, the CSRF field first). */
async function upload(browser: HttpSession, page: string, file: { bytes: Uint8Array; name: string }, alt = ''): Promise<Response> {
  const html = await (await browser.request(`${t.baseUrl}${page}`)).text();
  const form = formsIn(html).find((f) => f.action === page);
  assert.ok(form, 'the seller sees the photo form');
  assert.match(html, /enctype="multipart\/form-data"/);
  const body = new FormData();
  for (const [name, value] of Object.entries(form.hidden)) body.append(name, value);
  body.append('alt', alt);
  body.append('foto', new Blob([new Uint8Array(file.bytes)]), file.name);
  return browser.request(`${t.baseUrl}${page}`, { method: 'POST', body });
}

const image = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } });

it('takes checked, resized photos without metadata from the seller only', async () => {
  const seller = await person('Fotógrafa');
  const admin = await person('Administra', { isPlatformAdmin: true });
  const shop = (await applyToSell(deps(), seller.account, { as: 'self', originOffice: 'AGBC-LPZ', address: 'Calle Comercio 45, La Paz', description: 'Cerámica' }))!;
  await decideSeller(deps(), admin.account, shop.id, true);
  const product = (await addProduct(deps(), seller.account, shop.id, {
    name: 'Jarra de cerámica',
    description: 'Hecha a mano en Achocalla',
    category: 'crafts',
    priceMinor: 8000,
    stock: '3',
    delivery: ['post'],
    territories: ['BO-L'],
  }))!;
  const page = `/mercado/vender/${shop.id}/productos/${product.id}/fotos`;
  const manage = await (await seller.browser.request(`${t.baseUrl}/mercado/vender/${shop.id}`)).text();
  assert.ok(manage.includes(`href="${page}"`), 'the shop management page links to the photos');

  // A 1600 px JPEG carrying EXIF (the camera's, the place's): accepted, re-encoded without it.
  const withExif = await image(1600, 1200, '#a0522d')
    .jpeg()
    .withExif({ IFD0: { Artist: 'Fotógrafa' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '16/1 30/1 0/1' } })
    .toBuffer();
  const sentExif = (await sharp(withExif).metadata()).exif;
  assert.ok(sentExif?.includes(Buffer.from([0x25, 0x88])), 'the test image has EXIF with a GPS IFD (tag 0x8825)');
  const sent = await upload(seller.browser, page, { bytes: withExif, name: 'jarra.jpg' });
  assert.equal(sent.status, 303);
  const productHtml = await (await fetch(`${t.baseUrl}/mercado/productos/${product.id}`)).text();
  const src = /<img src="(\/mercado\/fotos\/[0-9a-f-]{36})\/miniatura" alt="Jarra de cerámica"/.exec(productHtml)?.[1];
  assert.ok(src, 'the product page shows the photo with the product’s name as alt');
  const full = await fetch(`${t.baseUrl}${src}`);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('content-type'), 'image/jpeg');
  assert.match(full.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
  const meta = await sharp(Buffer.from(await full.arrayBuffer())).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.width, 800);
  assert.equal(meta.height, 600);
  assert.equal(meta.exif, undefined, 'no EXIF left');
  const thumb = await sharp(Buffer.from(await (await fetch(`${t.baseUrl}${src}/miniatura`)).arrayBuffer())).metadata();
  assert.equal(thumb.width, 240);

  // Twenty identical uploads of a PNG with a seller-given alt make one photo, audited once.
  const png = { bytes: await image(300, 200, '#2e8b57').png().toBuffer(), name: 'verde.png' };
  const html = await (await seller.browser.request(`${t.baseUrl}${page}`)).text();
  const hidden = formsIn(html).find((f) => f.action === page)!.hidden;
  const burst = await Promise.all(
    Array.from({ length: 20 }, () => {
      const body = new FormData();
      for (const [name, value] of Object.entries(hidden)) body.append(name, value);
      body.append('alt', 'Jarra verde vista de lado');
      body.append('foto', new Blob([new Uint8Array(png.bytes)]), png.name);
      return seller.browser.request(`${t.baseUrl}${page}`, { method: 'POST', body });
    }),
  );
  assert.deepEqual(new Set(burst.map((r) => r.status)), new Set([303]));
  const stored = await sql<{ n: number; small: number }>`
    SELECT count(*)::int AS n, count(*) FILTER (WHERE width = 300)::int AS small FROM marketplace.product_photo WHERE product_id = ${product.id}`.execute(deps().db);
  assert.deepEqual(stored.rows[0], { n: 2, small: 1 }, 'a smaller image is not enlarged');
  const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'marketplace.photo_added' AND subject_id = ${product.id}`.execute(deps().db);
  assert.equal(audits.rows[0]?.n, 2);
  const shopHtml = await (await fetch(`${t.baseUrl}/mercado/tiendas/${shop.id}`)).text();
  assert.match(shopHtml, /<img src="\/mercado\/fotos\/[0-9a-f-]{36}\/miniatura" alt="Jarra de cerámica"/, 'the shop page shows the first photo');
  assert.match(await (await fetch(`${t.baseUrl}/mercado/productos/${product.id}`)).text(), /alt="Jarra verde vista de lado"/);

  // A text file named .jpg and an image of too many pixels: refused on the field, the alt kept.
  const text = await upload(seller.browser, page, { bytes: new TextEncoder().encode('no soy una foto'), name: 'foto.jpg' }, 'Mi descripción');
  assert.equal(text.status, 422);
  const textHtml = await text.text();
  assert.match(textHtml, /href="#campo-foto"/);
  assert.match(textHtml, /value="Mi descripción"/);
  const huge = await upload(seller.browser, page, { bytes: await image(6000, 5000, '#888888').png().toBuffer(), name: 'enorme.png' }, 'Enorme');
  assert.equal(huge.status, 422);
  const hugeHtml = await huge.text();
  assert.match(hugeHtml, /megapíxeles/);
  assert.match(hugeHtml, /href="#campo-foto"/);

  // Up to four photos: the fifth is refused on the field.
  for (const color of ['#111111', '#222222']) assert.equal((await upload(seller.browser, page, { bytes: await image(100, 100, color).png().toBuffer(), name: 'c.png' })).status, 303);
  const fullHtml = await (await seller.browser.request(`${t.baseUrl}${page}`)).text();
  assert.doesNotMatch(fullHtml, /enctype="multipart\/form-data"/, 'no form once the product has four photos');
  const body = new FormData();
  for (const [name, value] of Object.entries(hidden)) body.append(name, value);
  body.append('foto', new Blob([new Uint8Array(await image(100, 100, '#333333').png().toBuffer())]), 'quinta.png');
  const fifth = await seller.browser.request(`${t.baseUrl}${page}`, { method: 'POST', body });
  assert.equal(fifth.status, 422);
  assert.match(await fifth.text(), /ya tiene 4 fotos/);

  // Another person: 403 on the page and on the upload; an unknown photo: 404.
  const other = await person('Ajena');
  assert.equal((await other.browser.request(`${t.baseUrl}${page}`)).status, 403);
  const otherHtml = await (await other.browser.request(`${t.baseUrl}/mercado`)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(otherHtml)?.[1] ?? hidden._csrf ?? '';
  const forged = new FormData();
  forged.append('_csrf', csrf);
  forged.append('foto', new Blob([new Uint8Array(png.bytes)]), 'ajena.png');
  assert.equal((await other.browser.request(`${t.baseUrl}${page}`, { method: 'POST', body: forged })).status, 403);
  assert.equal((await fetch(`${t.baseUrl}/mercado/fotos/01900000-0000-7000-8000-000000000000`)).status, 404);
});
