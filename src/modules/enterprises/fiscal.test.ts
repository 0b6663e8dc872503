// The fiscal adapter's credentials come from the keyring (KEYRING_FILE, purpose
// `fiscal-invoicing`), never from plain configuration nor SESSION_SECRET: a missing credential is
// a clear error naming where it goes; the newest version is the one used; the sandbox's key is the
// purpose's current key, so a keyring entry changes the codes it issues.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../../platform/errors.ts';
import { forgetKeyringFiles } from '../../platform/keys/secrets.ts';
import { fiscalCredential, sandboxAuthority, sandboxKey } from './fiscal.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tambo-fiscal-'));
const keyring = (name: string, keys: Record<string, Array<{ version: number; secret: string }>>) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ keys }));
  forgetKeyringFiles();
  return file;
};
const SESSION_SECRET = 'a-session-secret-that-is-long-enough-for-tests';

describe('the fiscal adapter’s credentials', () => {
  it('are missing, with a clear error, when the keyring has none (whatever SESSION_SECRET is)', () => {
    for (const keyringFile of [undefined, keyring('other.json', { codes: [{ version: 2, secret: randomBytes(32).toString('base64url') }] })]) {
      assert.throws(
        () => fiscalCredential({ sessionSecret: SESSION_SECRET, keyringFile }),
        (error) => isAppError(error) && error.code === 'ENTERPRISES_FISCAL_NOT_CONFIGURED' && /fiscal-invoicing/.test(error.message) && /KEYRING_FILE/.test(error.message),
      );
    }
  });

  it('are the newest version of fiscal-invoicing in the keyring, and the sandbox signs with it', () => {
    const [v1, v2] = [randomBytes(32), randomBytes(40)];
    const file = keyring('fiscal.json', {
      'fiscal-invoicing': [
        { version: 2, secret: v2.toString('base64url') },
        { version: 1, secret: v1.toString('base64url') },
      ],
    });
    const source = { sessionSecret: SESSION_SECRET, keyringFile: file };
    assert.deepEqual(fiscalCredential(source), v2);
    assert.deepEqual(sandboxKey(source), v2);
    const request = { sellerTaxId: '1020304050', buyerTaxId: '0', buyerName: 'Consumidor', amountMinor: 1000, currency: 'BOB', issuedOn: '2026-12-01', reference: 'r-1' };
    const now = () => new Date('2026-12-02T12:00:00Z');
    const withKeyring = sandboxAuthority(sandboxKey(source), now);
    const withoutKeyring = sandboxAuthority(sandboxKey({ sessionSecret: SESSION_SECRET, keyringFile: undefined }), now);
    return Promise.all([withKeyring.authorise(request), withoutKeyring.authorise(request)]).then(([a, b]) => {
      assert.ok(a.authorised && b.authorised);
      assert.notEqual(a.code, b.code, 'the keyring’s key, not SESSION_SECRET, signs the sandbox’s codes');
      assert.ok(withKeyring.verify(request, a.code));
    });
  });
});
