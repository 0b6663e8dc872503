import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { checkFile, decodeBase64, detectMediaType, readFile, safeFilename, sha256Hex, storeFile } from './index.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.7\n%test\n');

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

describe('file store', () => {
  it("stores bytes once under their SHA-256, in the caller's transaction", async () => {
    const { db } = t.app.tambo.deps;
    const first = await storeFile(db, PDF, 'application/pdf');
    const again = await storeFile(db, PDF, 'application/pdf');
    assert.equal(first.sha256, sha256Hex(PDF));
    assert.deepEqual(again, first);
    const read = await readFile(db, first.sha256);
    assert.ok(read);
    assert.deepEqual(read.content, PDF);
    assert.equal(read.mediaType, 'application/pdf');
    assert.equal(read.size, PDF.byteLength);
  });

  it('a file stored in a transaction that rolls back is gone', async () => {
    const { db } = t.app.tambo.deps;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await storeFile(trx, PNG, 'image/png');
        throw new Error('the change failed');
      }),
    );
    assert.equal(await readFile(db, sha256Hex(PNG)), undefined);
  });

  it('an unknown or malformed hash reads nothing', async () => {
    const { db } = t.app.tambo.deps;
    assert.equal(await readFile(db, 'f'.repeat(64)), undefined);
    assert.equal(await readFile(db, "x' OR 1=1 --"), undefined);
  });
});

describe('upload checks', () => {
  it('know a file by its first bytes, not its name', () => {
    assert.equal(detectMediaType(PNG), 'image/png');
    assert.equal(detectMediaType(PDF), 'application/pdf');
    assert.equal(detectMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
    assert.equal(detectMediaType(Buffer.from('<html><script>')), undefined);
    assert.equal(detectMediaType(Buffer.from('\ufeff\n  {"type": "FeatureCollection"}')), 'application/json');
    assert.equal(checkFile(Buffer.from('{}'), { maxBytes: 10, allowed: ['application/pdf'] }).ok, false, 'JSON only where listed');
    assert.equal(detectMediaType(Buffer.from('\ufeff\n  {"type": "FeatureCollection"}')), 'application/json');
  });

  it('refuse empty, oversized and disallowed files, each with its reason', () => {
    const options = { maxBytes: 20, allowed: ['image/png', 'image/jpeg'] as const };
    assert.deepEqual(checkFile(Buffer.alloc(0), options), { ok: false, reason: 'empty' });
    assert.deepEqual(checkFile(Buffer.concat([PNG, Buffer.alloc(10)]), options), { ok: false, reason: 'too_large' });
    assert.deepEqual(checkFile(PDF, options), { ok: false, reason: 'type_not_allowed' });
    assert.deepEqual(checkFile(PNG, options), { ok: true, mediaType: 'image/png' });
  });

  it('decode strict base64 only', () => {
    assert.deepEqual(decodeBase64(PDF.toString('base64')), PDF);
    assert.equal(decodeBase64('not base64!'), undefined);
    assert.equal(decodeBase64(''), undefined);
  });

  it('make names safe to offer for download', () => {
    assert.equal(safeFilename('../../etc/passwd', 'application/pdf'), 'passwd.pdf');
    assert.equal(safeFilename('foto "nueva".JPEG', 'image/jpeg'), 'foto nueva.JPEG');
    assert.equal(safeFilename('', 'image/png'), 'documento.png');
    assert.equal(safeFilename('a\u0000b.pdf', 'application/pdf'), 'ab.pdf');
  });
});
