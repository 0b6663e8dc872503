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
  assert.equal((await other.browser.request(`${t.baseUrl}${page}`)).status, 403);
  const otherHtml = await (await other.browser.request(`${t.baseUrl}/mercado`)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(otherHtml)?.[1] ?? hidden._csrf ?? '';
  const forged = new FormData();
  forged.append('_csrf', csrf);
  forged.append('foto', new Blob([new Uint8Array(png.bytes)]), 'ajena.png');
  assert.equal((await other.browser.request(`${t.baseUrl}${page}`, { method: 'POST', body: forged })).status, 403);
  assert.equal((await fetch(`${t.baseUrl}/mercado/fotos/01900000-0000-7000-8000-000000000000`)).status, 404);
});

it('lets the seller reorder and delete photos: the first is the shop’s thumbnail; bursts do it once', async () => {
  const seller = await person('Ordena');
  const admin = await person('Aprueba', { isPlatformAdmin: true });
  const shop = (await applyToSell(deps(), seller.account, { as: 'self', originOffice: 'AGBC-LPZ', address: 'Calle Comercio 46, La Paz', description: 'Tejidos' }))!;
  await decideSeller(deps(), admin.account, shop.id, true);
  const product = (await addProduct(deps(), seller.account, shop.id, {
    name: 'Aguayo tejido',
    description: 'Tejido a mano',
    category: 'crafts',
    priceMinor: 15000,
    stock: '2',
    delivery: ['post'],
    territories: ['BO-L'],
  }))!;
  const page = `/mercado/vender/${shop.id}/productos/${product.id}/fotos`;
  for (const color of ['#aa0000', '#00aa00', '#0000aa']) assert.equal((await upload(seller.browser, page, { bytes: await image(300, 200, color).png().toBuffer(), name: 'aguayo.png' })).status, 303);
  const order = async () =>
    (await sql<{ id: string }>`SELECT id FROM marketplace.product_photo WHERE product_id = ${product.id} ORDER BY position, created_at`.execute(deps().db)).rows.map((r) => r.id);
  const [red, green, blue] = await order();
  const thumbnail = async () => /<img src="\/mercado\/fotos\/([0-9a-f-]{36})\/miniatura"/.exec(await (await fetch(`${t.baseUrl}/mercado/tiendas/${shop.id}`)).text())?.[1];
  assert.equal(await thumbnail(), red, 'the first photo is the shop’s thumbnail');

  // Blue up one place, by the page's form; twenty identical posts at once move it once.
  const html = await (await seller.browser.request(`${t.baseUrl}${page}`)).text();
  assert.match(html, /Foto principal/);
  const up = formsIn(html).find((f) => f.action === `${page}/${blue}/orden`)!;
  assert.equal(up.hidden.posicion, '2');
  const post = (browser: HttpSession, action: string, fields: Record<string, string>) =>
    browser.request(`${t.baseUrl}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const moves = await Promise.all(Array.from({ length: 20 }, () => post(seller.browser, up.action, up.hidden)));
  assert.deepEqual([...new Set(moves.map((r) => r.status))], [303]);
  assert.deepEqual(await order(), [red, blue, green]);
  const moved = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'marketplace.photo_moved' AND subject_id = ${product.id}`.execute(deps().db);
  assert.equal(moved.rows[0]!.n, 1, 'moved once');
  // Green first: the shop's thumbnail changes.
  assert.equal((await post(seller.browser, `${page}/${green}/orden`, { ...up.hidden, posicion: '1' })).status, 303);
  assert.deepEqual(await order(), [green, red, blue]);
  assert.equal(await thumbnail(), green);
  const wrong = await post(seller.browser, `${page}/${green}/orden`, { ...up.hidden, posicion: '9' });
  assert.equal(wrong.status, 422);
  assert.match(await wrong.text(), /href="#campo-posicion"|La posición debe ser un número de 1 a 3/);

  // Delete green, twenty times at once: deleted once, the others 404; red is first again.
  const listed = await (await seller.browser.request(`${t.baseUrl}${page}`)).text();
  const remove = formsIn(listed).find((f) => f.action === `${page}/${green}/eliminar`)!;
  const deletions = await Promise.all(Array.from({ length: 20 }, () => post(seller.browser, remove.action, remove.hidden)));
  assert.deepEqual(deletions.map((r) => r.status).sort(), [303, ...Array(19).fill(404)]);
  assert.deepEqual(await order(), [red, blue]);
  assert.equal((await fetch(`${t.baseUrl}/mercado/fotos/${green}`)).status, 404);
  const deleted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'marketplace.photo_deleted' AND subject_id = ${product.id}`.execute(deps().db);
  assert.equal(deleted.rows[0]!.n, 1, 'deleted once');
  assert.equal(await thumbnail(), red);

  // Another person may neither move nor delete them.
  const other = await person('Ajena');
  assert.equal((await other.browser.request(`${t.baseUrl}${page}`)).status, 403);
  assert.equal((await post(other.browser, remove.action.replace(green!, red!), remove.hidden)).status, 403);
  assert.deepEqual(await order(), [red, blue]);
});
