// Answering a correction request through the pages: the request says what to fix, the answer
// carries the corrected details, a comment and documents (checked by content), the history
// keeps them, and the person and the agency's officials (no one else) read the documents.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn } from '../../../test/helpers/http-client.ts';
import { CasesHarness } from './cases.test-helpers.ts';

const h = new CasesHarness();
const { page } = h;
before(h.start);
after(h.close);

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const PDF = new Uint8Array([...new TextEncoder().encode('%PDF-1.4\n'), ...new Uint8Array(2000)]);
const CORRECTED = { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2021', copies: '2', purpose: 'work' };

async function askCorrection(reason: string): Promise<string> {
  const code = await h.applyOnline();
  await h.take(code);
  assert.equal((await h.act(code, 'request_correction', reason)).status, 303);
  return code;
}

/** Sends the correction form as a browser does (multipart), with `fields` and files by field name. */
async function sendCorrection(code: string, fields: Record<string, string>, files: Record<string, { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }> = {}) {
  const citizen = await h.citizen();
  const shown = await page(citizen, `/mis-tramites/${code}/corregir`);
  assert.match(shown.html, /enctype="multipart\/form-data"/);
  const data = new FormData();
  for (const [name, value] of Object.entries({ ...formsIn(shown.html).at(-1)!.hidden, ...fields })) data.append(name, value);
  for (const [name, file] of Object.entries(files)) data.append(name, new Blob([file.bytes], { type: file.type }), file.name);
  return citizen.request(shown.url, { method: 'POST', body: data });
}

describe('answering a correction request', () => {
  it('shows what to fix, and takes a comment and documents that the history keeps', async () => {
    const code = await askCorrection('Adjunte el certificado de estudios y revise la fecha de nacimiento.');
    const citizen = await h.citizen();
    const form = await page(citizen, `/mis-tramites/${code}/corregir`);
    assert.equal(form.status, 200);
    const text = textOf(form.html);
    assert.match(text, /Lo que la institución le pide corregir Adjunte el certificado de estudios y revise la fecha de nacimiento\./);
    assert.match(form.html, /<title>Corregir [^<]*\(TR-/);
    assert.match(form.html, /name="respuesta-comentario"/);
    assert.match(form.html, /name="respuesta-documento-1" type="file"/);

    const sent = await sendCorrection(
      code,
      { ...CORRECTED, 'respuesta-comentario': 'Adjunto el certificado; la fecha ya está corregida.' },
      {
        'respuesta-documento-1': { bytes: PDF, name: 'certificado de estudios.pdf', type: 'application/pdf' },
      },
    );
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.get('location'), `/mis-tramites/${code}?corregido=1`);
    const mine = await page(citizen, `/mis-tramites/${code}?corregido=1`);
    assert.match(mine.html, /<title>Corrección enviada · [^<]*\(TR-/);
    const history = textOf(mine.html);
    assert.match(history, /Adjunto el certificado; la fecha ya está corregida\./);
    assert.match(history, /Documento: certificado de estudios\.pdf \(2 KB\)/);
    const link = /href="(\/mis-tramites\/[^"]+\/documentos\/\d+\/0)"/.exec(mine.html)?.[1];
    assert.ok(link, 'the document is a link');
    const own = await citizen.request(`${h.t.baseUrl}${link}`);
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('content-type'), 'application/pdf');
    assert.match(own.headers.get('cache-control') ?? '', /no-store/);
    assert.deepEqual(new Uint8Array(await own.arrayBuffer()), PDF);

    // The official reads the comment and the document on the case page, through the back office's address.
    const official = await h.official();
    const file = await page(official, `/gestion/expedientes/${code}`);
    assert.match(textOf(file.html), /Adjunto el certificado; la fecha ya está corregida\./);
    const officialLink = /href="(\/gestion\/expedientes\/[^"]+\/documentos\/\d+\/0)"/.exec(file.html)?.[1];
    assert.ok(officialLink);
    assert.equal((await official.request(`${h.t.baseUrl}${officialLink}`)).status, 200);
    // A document that is not there, and another case's address: not found.
    assert.equal((await citizen.request(`${h.t.baseUrl}${link.replace(/\/0$/, '/1')}`)).status, 404);
    const other = await h.applyOnline();
    assert.equal((await citizen.request(`${h.t.baseUrl}${link.replace(code, other)}`)).status, 404);

    // The audit entry of the step names the document by its hash.
    const db = h.t.app.tambo.deps.db;
    const { rows } = await sql<{ data: { documents?: string[] } }>`SELECT data FROM audit.entry WHERE action = 'cases.case_transitioned'
      AND subject_id = (SELECT id::text FROM cases.case WHERE tracking_code = ${code}) ORDER BY occurred_at DESC LIMIT 1`.execute(db);
    assert.equal(rows[0]?.data.documents?.length, 1);
  });

  it('refuses a document that is not PDF or an image and a comment too long, naming each field and keeping the comment', async () => {
    const code = await askCorrection('Revise la fecha.');
    const comment = `Mi comentario ${'x'.repeat(5000)}`;
    const refused = await sendCorrection(
      code,
      { ...CORRECTED, 'respuesta-comentario': comment },
      {
        'respuesta-documento-2': { bytes: new TextEncoder().encode('solo texto') as Uint8Array<ArrayBuffer>, name: 'nota.pdf', type: 'application/pdf' },
      },
    );
    assert.equal(refused.status, 400);
    const html = await refused.text();
    assert.match(html, /href="#campo-respuesta-documento-2"/);
    assert.match(html, /Documento 2: el archivo debe ser PDF, JPEG, PNG/);
    assert.match(html, /Mi comentario x/, 'the comment typed is kept');
    // Once the document is right, the comment still too long is the one problem left.
    const long = await sendCorrection(code, { ...CORRECTED, 'respuesta-comentario': comment });
    assert.equal(long.status, 400);
    const again = await long.text();
    assert.match(again, /href="#campo-respuesta-comentario"/);
    assert.match(again, /El comentario para la institución debe tener como máximo 5000 caracteres/);
    assert.equal((await sendCorrection(code, CORRECTED)).status, 303, 'comment and documents are optional');
  });
});
