// The platform's multipart registration over HTTP: real multipart bodies through a small test
// module whose upload routes live in a registerMultipart scope (limits: 1 KiB per file, two
// files, PNG and PDF), with the CSRF check of every form POST.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { isAppError } from '../../src/platform/errors.ts';
import { readMultipartForm, registerMultipart } from '../../src/platform/http/multipart.ts';
import { defineModule } from '../../src/platform/module.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { cookieValue } from './fixtures.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n');
const MAX_FILE_BYTES = 1024;

const multipartTestModule = defineModule({
  name: 'multipart_test',
  routes: (app) => {
    app.get('/http-test/upload', async (request) => ({ token: request.csrfToken() }));
    void app.register(async (scope) => {
      registerMultipart(scope as typeof app, { maxFileBytes: MAX_FILE_BYTES, maxFiles: 2, allowed: ['image/png', 'application/pdf'] });
      // Answers what it read, or the error with the fields it still has (as a form page would).
      scope.post('/http-test/upload', async (request, reply) => {
        try {
          const form = readMultipartForm(request);
          const files = Object.fromEntries(Object.entries(form.files).map(([name, list]) => [name, list.map((f) => ({ filename: f.filename, size: f.bytes.byteLength, mediaType: f.mediaType }))]));
          return { fields: form.fields, files };
        } catch (error) {
          if (!isAppError(error)) throw error;
          return reply.code(422).send({ code: error.code, fields: error.fields, body: request.body });
        }
      });
      // Stores a text field with the file (as an alt text or a description would be).
      scope.post('/http-test/upload-note', async (request) => {
        const { fields, files } = readMultipartForm(request);
        await sql`INSERT INTO public.multipart_note (note, files) VALUES (${String(fields.note)}, ${Object.keys(files).length})`.execute(request.server.tambo.deps.db);
        return { stored: true };
      });
      // Lets the error reach the platform's error handler.
      scope.post('/http-test/upload-strict', async (request) => ({ files: Object.keys(readMultipartForm(request).files) }));
    });
    // Outside the scope: multipart is not accepted here.
    app.post('/http-test/no-upload', async () => ({ ok: true }));
  },
});

let t: TestApp;
let session: { cookie: string; token: string };
before(async () => {
  t = await buildTestApp({ app: { modules: [multipartTestModule] } });
  const page = await t.app.inject({ url: '/http-test/upload' });
  session = { cookie: cookieValue(page.headers, 'tambo_csrf')!, token: page.json().token };
  assert.ok(session.cookie);
  await sql`CREATE TABLE IF NOT EXISTS public.multipart_note (note text NOT NULL, files integer NOT NULL)`.execute(t.app.tambo.deps.db);
});
after(async () => t.close());

type Part = [name: string, value: string] | [name: string, bytes: Uint8Array, filename: string, declaredType?: string];

/** A real multipart body, as a browser sends it (serialised by undici's FormData). */
async function multipart(parts: Part[]): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value, filename, declaredType] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value)], { type: declaredType ?? 'application/octet-stream' }), filename);
  }
  const request = new Request('http://local/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

async function post(url: string, parts: Part[], options: { csrf?: boolean; accept?: string } = {}) {
  const { payload, contentType } = await multipart(options.csrf === false ? parts : [['_csrf', session.token], ...parts]);
  return t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType, accept: options.accept ?? 'application/json' }, cookies: { tambo_csrf: session.cookie } });
}

describe('multipart forms', () => {
  it('gives the text fields (repeated names as arrays) and the files with their type read from the content', async () => {
    const response = await post('/http-test/upload', [
      ['name', 'Ana'],
      ['_csrf', session.token], // a repeated hidden token field stays one value
      ['topic', 'agua'],
      ['topic', 'luz'],
      ['photo', PNG, 'calle.png', 'image/png'],
      ['photo', PDF, 'acta.jpg', 'image/jpeg'], // the declared type and the name are not believed
    ]);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.fields, { _csrf: session.token, name: 'Ana', topic: ['agua', 'luz'] });
    assert.deepEqual(body.files, {
      photo: [
        { filename: 'calle.png', size: PNG.byteLength, mediaType: 'image/png' },
        { filename: 'acta.jpg', size: PDF.byteLength, mediaType: 'application/pdf' },
      ],
    });
  });

  it('leaves out a file input left empty (a browser sends it with no name and no content)', async () => {
    const payload = [
      '--b0undary',
      'Content-Disposition: form-data; name="name"',
      '',
      'Ana',
      '--b0undary',
      'Content-Disposition: form-data; name="photo"; filename=""',
      'Content-Type: application/octet-stream',
      '',
      '',
      '--b0undary--',
      '',
    ].join('\r\n');
    const response = await t.app.inject({
      method: 'POST',
      url: '/http-test/upload',
      payload,
      headers: { 'content-type': 'multipart/form-data; boundary=b0undary', accept: 'application/json', 'x-csrf-token': session.token },
      cookies: { tambo_csrf: session.cookie },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { fields: { name: 'Ana' }, files: {} });
  });

  it('a file one byte over the limit is FILE_TOO_LARGE, named by its field, and the fields still arrive', async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set(PNG);
    const exact = big.slice(0, MAX_FILE_BYTES);
    const response = await post('/http-test/upload', [
      ['name', 'Ana'],
      ['photo', exact, 'fits.png'],
      ['evidence', big, 'big.png'],
    ]);
    assert.equal(response.statusCode, 422, response.body);
    const body = response.json();
    assert.equal(body.code, 'FILE_TOO_LARGE');
    assert.deepEqual(body.fields, [{ field: 'evidence', messageKey: 'errors.FILE_TOO_LARGE', params: { max: 1, types: 'PNG, PDF' } }]);
    assert.equal(body.body.name, 'Ana');
  });

  it('a file of another type than declared, by content, is FILE_TYPE_NOT_ALLOWED', async () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
    const response = await post('/http-test/upload', [
      ['photo', new TextEncoder().encode('<script>alert(1)</script>'), 'photo.png', 'image/png'],
      ['evidence', jpeg, 'photo.jpg', 'image/jpeg'], // a real JPEG, but this scope takes PNG and PDF only
    ]);
    assert.equal(response.statusCode, 422, response.body);
    const body = response.json();
    assert.equal(body.code, 'FILE_TYPE_NOT_ALLOWED');
    assert.deepEqual(
      body.fields.map((f: { field: string; messageKey: string }) => [f.field, f.messageKey]),
      [
        ['photo', 'errors.FILE_TYPE_NOT_ALLOWED'],
        ['evidence', 'errors.FILE_TYPE_NOT_ALLOWED'],
      ],
    );
  });

  it('a named file with no content is FILE_EMPTY', async () => {
    const response = await post('/http-test/upload', [['photo', new Uint8Array(0), 'empty.png']]);
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.json().code, 'FILE_EMPTY');
  });

  it('more files than the limit is TOO_MANY_FILES', async () => {
    const response = await post('/http-test/upload', [
      ['photo', PNG, 'a.png'],
      ['photo', PNG, 'b.png'],
      ['photo', PNG, 'c.png'],
    ]);
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.json().code, 'TOO_MANY_FILES');
  });

  it('an unhandled file error reaches people as its own status and message', async () => {
    const response = await post('/http-test/upload-strict', [['photo', new Uint8Array(MAX_FILE_BYTES + 10), 'big.png']], { accept: 'text/html' });
    assert.equal(response.statusCode, 413);
    assert.match(response.body, /El archivo es demasiado grande: el máximo es 1 MB/);
    const api = await post('/http-test/upload-strict', [['photo', new TextEncoder().encode('hello'), 'a.pdf']]);
    assert.equal(api.statusCode, 415);
    assert.equal(api.json().code, 'FILE_TYPE_NOT_ALLOWED');
  });

  it('a multipart form without the CSRF token, or with a wrong one, is refused', async () => {
    const response = await post('/http-test/upload', [['photo', PNG, 'a.png']], { csrf: false, accept: 'text/html' });
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /<h1>El formulario caducó o no vino de este sitio/);
    const wrong = await post(
      '/http-test/upload',
      [
        ['_csrf', 'x'.repeat(43)],
        ['photo', PNG, 'a.png'],
      ],
      { csrf: false, accept: 'text/html' },
    );
    assert.equal(wrong.statusCode, 403);
    const right = await post('/http-test/upload', [['photo', PNG, 'a.png']], { accept: 'text/html' });
    assert.equal(right.statusCode, 200, 'the same form with its token passes');
  });

  it('the CSRF token may come as the x-csrf-token header instead of a field', async () => {
    const { payload, contentType } = await multipart([['photo', PNG, 'a.png']]);
    const response = await t.app.inject({
      method: 'POST',
      url: '/http-test/upload',
      payload,
      headers: { 'content-type': contentType, accept: 'text/html', 'x-csrf-token': session.token },
      cookies: { tambo_csrf: session.cookie },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().files.photo[0].mediaType, 'image/png');
  });

  it('a NUL character in a text field or a file name is 400 NUL_CHARACTER naming the input, on a page and an API, and nothing is stored', async () => {
    const notes = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM public.multipart_note`.execute(t.app.tambo.deps.db)).rows[0]!.n);
    const ok = await post('/http-test/upload-note', [
      ['note', 'Foto de la calle'],
      ['photo', PNG, 'calle.png'],
    ]);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(await notes(), 1, 'the route stores its text field');
    const cases: Array<{ note: [string, string]; filename: string; field: string }> = [
      { note: ['note', 'Foto de\u0000 la calle'], filename: 'calle.png', field: 'note' },
      { note: ['note', 'Foto'], filename: 'calle\u0000.png', field: 'photo' },
      { note: ['no\u0000te', 'Foto'], filename: 'calle.png', field: 'note' },
    ];
    for (const { note, filename, field } of cases) {
      const parts: Part[] = [note, ['photo', PNG, filename]];
      const api = await post('/http-test/upload-note', parts);
      assert.equal(api.statusCode, 400, api.body);
      assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = api.json() as { code: string; errors: Array<{ field: string }> };
      assert.equal(problem.code, 'NUL_CHARACTER');
      assert.deepEqual(
        problem.errors.map((e) => e.field),
        [field],
      );
      const page = await post('/http-test/upload-note', parts, { accept: 'text/html' });
      assert.equal(page.statusCode, 400, page.body);
      assert.match(page.body, /La solicitud contiene un carácter nulo/);
    }
    assert.equal(await notes(), 1, 'nothing more was stored');
  });

  it('a route outside a multipart scope answers 415 to a multipart body', async () => {
    const response = await post('/http-test/no-upload', [['name', 'Ana']]);
    assert.equal(response.statusCode, 415);
  });

  it('a multipart body without a boundary is BAD_REQUEST', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/http-test/upload',
      payload: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno boundary declared\r\n--xyz--\r\n',
      headers: { 'content-type': 'multipart/form-data', accept: 'application/json', 'x-csrf-token': session.token },
      cookies: { tambo_csrf: session.cookie },
    });
    assert.equal(response.statusCode, 400, response.body);
  });
});
