import assert from 'node:assert/strict';
import { it } from 'node:test';
import { base32Decode, base32Encode, hotp, matchTotp, openSecret, otpauthUri, sealSecret, totpCode } from './totp.ts';

// RFC 6238 appendix B (SHA-1): key "12345678901234567890".
const RFC_KEY = base32Encode(Buffer.from('12345678901234567890'));

it('matches the RFC 6238 and RFC 4226 test vectors', () => {
  assert.equal(hotp(Buffer.from('12345678901234567890'), 0), '755224');
  assert.equal(hotp(Buffer.from('12345678901234567890'), 9), '520489');
  assert.equal(totpCode(RFC_KEY, 59_000), '287082');
  assert.equal(totpCode(RFC_KEY, 1_111_111_109_000), '081804');
  assert.equal(totpCode(RFC_KEY, 2_000_000_000_000), '279037');
});

it('round-trips base32', () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 255, 7]);
  assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
});

it('accepts one step of drift, refuses others and replays', () => {
  const now = 1_700_000_000_000;
  const step = Math.floor(now / 30_000);
  assert.equal(matchTotp(RFC_KEY, totpCode(RFC_KEY, now), null, now), step);
  assert.equal(matchTotp(RFC_KEY, totpCode(RFC_KEY, now - 30_000), null, now), step - 1);
  assert.equal(matchTotp(RFC_KEY, totpCode(RFC_KEY, now + 30_000), null, now), step + 1);
  assert.equal(matchTotp(RFC_KEY, totpCode(RFC_KEY, now - 90_000), null, now), undefined);
  assert.equal(matchTotp(RFC_KEY, totpCode(RFC_KEY, now), step, now), undefined, 'a code works once');
  assert.equal(matchTotp(RFC_KEY, 'abc', null, now), undefined);
});

it('seals keys so that only the same secret opens them', () => {
  const sealed = sealSecret('s'.repeat(32), RFC_KEY);
  assert.ok(!sealed.includes(RFC_KEY));
  assert.equal(openSecret('s'.repeat(32), sealed), RFC_KEY);
  assert.throws(() => openSecret('t'.repeat(32), sealed));
  assert.match(otpauthUri('Tambo', 'ana@x.bo', RFC_KEY), /^otpauth:\/\/totp\/Tambo%3Aana%40x\.bo\?secret=/);
});
