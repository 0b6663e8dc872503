// Documents attached to sealed offers over real HTTP: a PDF attached through the page's
// multipart form is sealed (neither its bytes nor its name in any table before the opening; the
// same file twice stored once; a file that is not a PDF refused next to its field); no one
// downloads it before the opening; after the opening the entity's officer downloads exactly the
// bytes uploaded, a stranger may not, and the public sees its name and SHA-256 once awarded.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { sql } from 'kysely';
import type { HttpSession } from '../../../test/helpers/http-client.ts';
import { procurementTestApp } from './procurement.test-helpers.ts';

const { app, db, person, supplier, inFuture, day, publish, post } = procurementTestApp();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function attach(browser: HttpSession, id: string, file: { bytes: Uint8Array; name: string }) {
  const url = `${app().baseUrl}/compras/${id}`;
  const html = await (await browser.request(url)).text();
  assert.match(html, /enctype="multipart\/form-data"/);
  const csrf = /action="\/compras\/[^"]+\/documentos[^"]*"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(csrf, 'the attach form is on the page');
  const data = new FormData();
  data.append('_csrf', csrf);
  data.append('document', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), file.name);
  return browser.request(`${url}/documentos`, { method: 'POST', body: data });
}

it('seals the documents of an offer like its price, opens them at the opening act, and lets the committee download exactly what was sent', async () => {
  const officer = await person('Oficial', { agency: 'AGETIC' });
  const stranger = await person('Extraño');
  const { id, key } = await publish(officer.browser);
  const coop = await supplier('Cooperativa', 'cooperativa');
  const marker = `FICHA-TECNICA-${Date.now()}`;
  const pdf = new TextEncoder().encode(`%PDF-1.4\n% ${marker}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`);

  assert.equal((await post(coop.browser, id, '/ofertas', { amount: '27500', deliveryDate: day(inFuture(30)) })).status, 303);
  // Not a PDF (a PNG named .pdf): refused next to the field, nothing stored.
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  const wrong = await attach(coop.browser, id, { bytes: png, name: 'ficha.pdf' });
  assert.equal(wrong.status, 422);
  assert.match(await wrong.text(), /href="#campo-document"/);
  assert.equal((await attach(coop.browser, id, { bytes: pdf, name: `ficha ${marker}.pdf` })).status, 303);
  assert.equal((await attach(coop.browser, id, { bytes: pdf, name: 'otra vez.pdf' })).status, 409, 'the same file twice is stored once');
  const receipt = await (await coop.browser.request(`${app().baseUrl}/compras/${id}?hecho=documento`)).text();
  assert.match(receipt, /Documento sellado recibido el .+<code>[0-9a-f]{64}<\/code>/);

  // Before the opening: no table holds the bytes or the name, no one downloads it.
  const [doc] = (await sql<{ id: string; sealed: string }>`SELECT id, sealed FROM procurement.offer_document WHERE tender_id = ${id}`.execute(db())).rows;
  assert.ok(doc);
  const dump = (
    await sql<{
      dump: string;
    }>`SELECT (SELECT json_agg(d)::text FROM procurement.offer_document d WHERE tender_id = ${id}) || (SELECT json_agg(a)::text FROM audit.entry a WHERE a.subject_id = ${id}) AS dump`.execute(db())
  ).rows[0]!.dump;
  assert.ok(!dump.includes(marker) && !dump.includes(Buffer.from(pdf).toString('base64').slice(0, 20)) && !dump.includes(sha256(pdf)), 'neither the file, its name nor its hash is stored');
  assert.ok(!Buffer.from(doc.sealed, 'base64').toString('latin1').includes(marker), 'the envelope is not the file');
  assert.equal((await officer.browser.request(`${app().baseUrl}/compras/${id}/documentos/${doc.id}`)).status, 409);

  // After the deadline the opening act opens the documents with the offers.
  await sql`UPDATE procurement.tender SET published_at = now() - interval '10 days', deadline = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  assert.equal((await post(officer.browser, id, '/apertura', { privateKey: key })).status, 303);
  const download = await officer.browser.request(`${app().baseUrl}/compras/${id}/documentos/${doc.id}`);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  assert.equal(sha256(new Uint8Array(await download.arrayBuffer())), sha256(pdf), 'the download is the upload');
  assert.equal((await stranger.browser.request(`${app().baseUrl}/compras/${id}/documentos/${doc.id}`)).status, 403);
  // The public sees the name and the hash of the awarded process's documents, with no link to the bytes.
  const publicPage = await (await fetch(`${app().baseUrl}/compras/${id}`)).text();
  assert.ok(publicPage.includes(`ficha ${marker}.pdf`) && publicPage.includes(sha256(pdf)));
  assert.ok(!publicPage.includes(`/documentos/${doc.id}`));
  const audit = (await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${id}`.execute(db())).rows.map((r) => r.action);
  assert.ok(audit.includes('procurement.document_sealed'));
});
