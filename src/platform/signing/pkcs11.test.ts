// A token that refuses the PIN exits before it reads the data to sign. The failure must come
// back as a Pkcs11Error, not as an EPIPE thrown from the child's stdin (which crashed a CI
// run: the race depends on how fast the tool exits). A stand-in pkcs11-tool on PATH closes
// its stdin, then fails as OpenSC's does on a refused PIN, which makes the race certain.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { crypto } from './crypto.ts';
import { type Pkcs11Error, tokenKey } from './pkcs11.ts';

let dir: string;
let path: string | undefined;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tambo-pkcs11-epipe-'));
  const tool = join(dir, 'pkcs11-tool');
  writeFileSync(tool, '#!/bin/sh\nexec 0<&-\nsleep 0.2\necho "error: PKCS11 function C_Login failed: rv = CKR_PIN_INCORRECT (0xa0)" >&2\nexit 1\n');
  chmodSync(tool, 0o755);
  path = process.env.PATH;
  process.env.PATH = `${dir}:${path}`;
});
after(() => {
  process.env.PATH = path;
  rmSync(dir, { recursive: true, force: true });
});

it('a token that exits before reading the data answers pin_incorrect, and nothing is thrown from its stdin', async () => {
  const pair = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = Buffer.from(await crypto.subtle.exportKey('spki', pair.publicKey));
  const key = await tokenKey({ module: '/nonexistent.so', token: 't', pin: '000000' }, 'a1', spki);
  // More than a pipe holds, so the write is still pending when the tool closes its end.
  const data = new Uint8Array(1 << 20);
  for (let round = 0; round < 3; round += 1) {
    await assert.rejects(key.signExternally(data), (e: Pkcs11Error) => e.problem === 'pin_incorrect' && !e.message.includes('000000'));
  }
});
