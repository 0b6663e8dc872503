// Shamir secret sharing over GF(256): any k of n shares give the secret back, fewer do not;
// checked against a hand-computed split.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { combine, decodeShare, encodeShare, type Share, split } from './shamir.ts';

it('recovers the secret from any k of n shares, and not from k − 1', () => {
  const secret = Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIG/gIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n');
  const shares = split(secret, 5, 3);
  assert.equal(shares.length, 5);
  for (const picked of [
    [0, 1, 2],
    [0, 2, 4],
    [1, 3, 4],
    [4, 3, 2, 1],
  ])
    assert.deepEqual(combine(picked.map((i) => shares[i]!)), secret, String(picked));
  assert.notDeepEqual(combine([shares[0]!, shares[3]!]), secret, 'two of three are not enough');
  for (const s of shares) assert.notDeepEqual(s.y, secret, 'no share is the secret');
  const random = randomBytes(3000);
  assert.deepEqual(combine(split(random, 7, 4).slice(2, 6)), random);
});

it('matches a split computed by hand in GF(2^8) (AES polynomial)', () => {
  // Secret byte 0x53 with the polynomial f(x) = 0x53 + 0xCA·x (k = 2): f(1) = 0x53 ⊕ 0xCA = 0x99;
  // f(2) = 0x53 ⊕ (0xCA·2) = 0x53 ⊕ 0x8F = 0xDC (0xCA·2 = 0x194 ⊕ 0x11B = 0x8F).
  const shares: Share[] = [
    { x: 1, y: Buffer.from([0x99]) },
    { x: 2, y: Buffer.from([0xdc]) },
  ];
  assert.deepEqual(combine(shares), Buffer.from([0x53]));
  assert.deepEqual(decodeShare(encodeShare(shares[1]!)), shares[1]);
  assert.equal(decodeShare('0-ab'), undefined);
  assert.throws(() => split(Buffer.from('x'), 2, 1), RangeError);
  assert.throws(() => combine([shares[0]!, shares[0]!]), RangeError);
});
