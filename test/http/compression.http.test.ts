// Compression over HTTP: pages, JSON and the stylesheet in Brotli or gzip as the browser
// asks, Vary: Accept-Encoding, small bodies and refused encodings left alone, and the
// stylesheet compressed at the best level once (about a quarter of its size).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { chooseEncoding } from '../../src/platform/http/compression.ts';
import { ASSETS_DIR } from '../../src/platform/http/pages.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => {
  await t.close();
});

const get = (url: string, acceptEncoding?: string) => t.app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('chooseEncoding', () => {
  it('prefers Brotli, honours q-values and the wildcard', () => {
    assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
    assert.equal(chooseEncoding('gzip, br;q=0'), 'gzip');
    assert.equal(chooseEncoding('br;q=0.5, gzip'), 'gzip');
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding('identity'), undefined);
    assert.equal(chooseEncoding(undefined), undefined);
    assert.equal(chooseEncoding('gzip;q=0, br;q=0'), undefined);
  });
});

describe('compression', () => {
  it('compresses a page in Brotli or gzip as asked, and says so in Vary', async () => {
    const plain = await get('/accesibilidad');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(String(plain.headers.vary), /Accept-Encoding/);
    assert.match(String(plain.headers.vary), /Accept-Language/, 'keeps what the page varied on');
    const br = await get('/accesibilidad', 'gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, `${br.rawPayload.length} < half of ${plain.rawPayload.length}`);
    const gz = await get('/accesibilidad', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
  });

  it('compresses JSON answers and problem details', async () => {
    const spec = await get('/api/openapi.json', 'br');
    assert.equal(spec.headers['content-encoding'], 'br');
    assert.ok(JSON.parse(brotliDecompressSync(spec.rawPayload).toString()).openapi);
  });

  it('leaves small bodies alone', async () => {
    const small = await get('/health/live', 'br');
    assert.ok(small.rawPayload.length < 1024);
    assert.equal(small.headers['content-encoding'], undefined);
  });

  it('serves the stylesheet compressed once at the best level, immutable', async () => {
    const page = await get('/');
    const href = /href="(\/assets\/css\/tambo\.css\?v=[0-9a-f]+)"/.exec(page.body)?.[1];
    assert.ok(href, 'the page links a versioned stylesheet');
    const original = readFileSync(`${ASSETS_DIR}/css/tambo.css`);
    const first = await get(href, 'br');
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['content-encoding'], 'br');
    assert.match(String(first.headers['cache-control']), /immutable/);
    assert.match(String(first.headers.vary), /Accept-Encoding/);
    assert.deepEqual(brotliDecompressSync(first.rawPayload), original);
    assert.ok(first.rawPayload.length < original.length / 3, `${first.rawPayload.length} bytes for ${original.length}`);
    const again = await get(href, 'br');
    assert.deepEqual(again.rawPayload, first.rawPayload);
    const gz = await get(href, 'gzip');
    assert.deepEqual(gunzipSync(gz.rawPayload), original);
    const plain = await get(href);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.rawPayload, original);
  });
});
