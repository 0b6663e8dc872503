// Per-purpose keys: version 1 is SESSION_SECRET used exactly as before (values computed by
// the code of main before purposes existed are pinned below), rotation adds versions that
// new values use while old ones stay readable, and pairwise subjects never change.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { openSecret, sealSecret } from '../src/modules/identity/totp.ts';
import { pairwiseSubject, portalClientSecret } from '../src/modules/identity/oidc/provider.ts';
import { hashCode } from '../src/modules/identity/registration.service.ts';
import { loadConfig } from '../src/platform/config.ts';
import { csrfTokenFor, csrfTokenMatches } from '../src/platform/http/security.ts';
import { decryptSecret, encryptSecret, webhookSecretsKey } from '../src/platform/webhooks/secrets.ts';
import { addKeyVersion, forgetKeyringFiles, purposeKeys, readKeyringFile } from '../src/platform/keys/secrets.ts';

const SECRET = 'test-secret-with-at-least-thirty-two-characters';
const ACCOUNT = '0190f5a0-0000-7000-8000-000000000001';
const COOKIE = 'cookie-value-0123456789abcdefghijklmnop';

// Computed by main's code (before per-purpose keys) with SECRET.
const OLD = {
  totpSealed: 'qT-f-BE2ycRFSvhr.JQFALPJxYFXIh01w2CtkDw.yT6N18FUa2VQeDe8gWgAsQ',
  totpKey: 'JBSWY3DPEHPK3PXP',
  pairwise: 'XGe0U7dbP6f0-h04bcl7Ony1pUPF0qJKCrHUpqGmRSc',
  csrf: 'K1diFATvWrvxFWe-lJYwveYiBzSXAiUcmmlo5U5yX2U',
  portal: 'Pos_6l11aumUycW31C9pxRoq6ElCzJ63szgc8mJqB0E',
  webhookSealed: 'v1.4m-uwi0Z9KXIZROX.opoOQ6Lo3mfUqFh4qzzUUlJQ_MXQnBEMVfg.jp4ivyh1gKMq1lOLd6syYQ',
  webhookKey: 'whsec-key-bytes-0123456789',
  code: 'a05b42afc8d2eb075ba767d274f56fed22bb61fcf1199d26ab8cc9b17944408a',
};

const keyringFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'tambo-keyring-')), 'keyring.json');
const source = (file: string) => ({ sessionSecret: SECRET, keyringFile: file });

afterEach(() => forgetKeyringFiles());

describe('per-purpose keys, version 1 from SESSION_SECRET', () => {
  it('opens what was sealed and derives what was derived before purposes existed', () => {
    assert.equal(openSecret(SECRET, OLD.totpSealed), OLD.totpKey, 'a TOTP key sealed by the old code still opens');
    assert.equal(pairwiseSubject(SECRET, 'agency.example', ACCOUNT), OLD.pairwise, 'the pairwise subject is unchanged');
    assert.equal(csrfTokenFor(SECRET, COOKIE), OLD.csrf);
    assert.equal(portalClientSecret(SECRET), OLD.portal);
    assert.equal(decryptSecret(webhookSecretsKey(SECRET), OLD.webhookSealed).toString(), OLD.webhookKey);
    assert.equal(hashCode(SECRET, '0190f5a0-0000-7000-8000-000000000002', '123456'), OLD.code);
  });

  it('a configuration without a keyring file gives the same keys as SESSION_SECRET alone', () => {
    const config = loadConfig({ DEMO: 'false', SESSION_SECRET: SECRET });
    assert.equal(config.keyringFile, undefined);
    assert.equal(pairwiseSubject(config, 'agency.example', ACCOUNT), OLD.pairwise);
    assert.match(sealSecret(config, OLD.totpKey), /^v1\./, 'new seals name their version');
  });
});

describe('rotation through the keyring file', () => {
  it('new values use the new version, old values stay readable, short-lived MACs accept the previous version only', () => {
    const file = keyringFile();
    for (const purpose of ['totp-seal', 'csrf', 'webhook-secrets', 'codes'] as const) assert.equal(addKeyVersion(file, purpose), 2);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the keyring file is readable by its owner only');
    const config = source(file);

    const sealed = sealSecret(config, OLD.totpKey);
    assert.match(sealed, /^v2\./);
    assert.equal(openSecret(config, sealed), OLD.totpKey);
    assert.equal(openSecret(config, OLD.totpSealed), OLD.totpKey, 'the TOTP key sealed with version 1 still opens after the rotation');
    assert.throws(() => openSecret(SECRET, sealed), 'version 2 is not SESSION_SECRET');

    const webhook = encryptSecret(webhookSecretsKey(config), Buffer.from('abc'));
    assert.match(webhook, /^v2\./);
    assert.equal(decryptSecret(webhookSecretsKey(config), webhook).toString(), 'abc');
    assert.equal(decryptSecret(webhookSecretsKey(config), OLD.webhookSealed).toString(), OLD.webhookKey);

    assert.notEqual(csrfTokenFor(config, COOKIE), OLD.csrf, 'new CSRF tokens use version 2');
    assert.equal(csrfTokenMatches(config, COOKIE, OLD.csrf), true, 'a form opened before the rotation still posts');
    assert.equal(addKeyVersion(file, 'csrf'), 3);
    assert.equal(csrfTokenMatches(source(file), COOKIE, OLD.csrf), false, 'two rotations later the version 1 token is refused');

    assert.equal(pairwiseSubject(config, 'agency.example', ACCOUNT), OLD.pairwise, 'rotating other purposes never changes the subject');
    assert.deepEqual(
      purposeKeys(config, 'codes').versions.map((v) => v.version),
      [2, 1],
    );
  });

  it('refuses to rotate pairwise subjects, and a file that tries', () => {
    const file = keyringFile();
    assert.throws(() => addKeyVersion(file, 'pairwise-subjects'), /never rotated/);
    const secret = Buffer.alloc(32, 7).toString('base64url');
    writeFileSync(
      file,
      JSON.stringify({
        keys: {
          'pairwise-subjects': [
            { version: 1, secret },
            { version: 2, secret },
          ],
        },
      }),
    );
    assert.throws(() => readKeyringFile(file), /never rotated/);
    assert.throws(() => loadConfig({ DEMO: 'false', SESSION_SECRET: SECRET, KEYRING_FILE: file }), /never rotated/);
    writeFileSync(file, JSON.stringify({ keys: { 'pairwise-subjects': [{ version: 1, secret }], nonsense: [] } }));
    assert.throws(() => readKeyringFile(file), /unknown purpose "nonsense"/);
    writeFileSync(file, JSON.stringify({ keys: { 'pairwise-subjects': [{ version: 1, secret }] } }));
    assert.notEqual(pairwiseSubject(source(file), 'agency.example', ACCOUNT), OLD.pairwise, 'a new installation may give it an independent version 1');
    assert.ok(JSON.parse(readFileSync(file, 'utf8')).keys);
  });
});

describe('npm run keys:rotate -- <purpose>', () => {
  it('adds a version to KEYRING_FILE, and refuses pairwise subjects', () => {
    const file = keyringFile();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', './src/loader.ts', 'scripts/rotate-keys.ts', ...args], {
        encoding: 'utf8',
        env: { ...process.env, SESSION_SECRET: SECRET, KEYRING_FILE: file, DEMO: 'false', LOG_LEVEL: 'silent' },
      });
    const added = run('open311-tokens');
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /open311-tokens: version 2 added/);
    assert.deepEqual(
      readKeyringFile(file).keys['open311-tokens']?.map((e) => e.version),
      [2],
    );
    const refused = run('pairwise-subjects');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /never rotated/);
  });
});
