// S10 numbers against known examples (the UPU's RR123456785CN and numbers worked by hand),
// every check-digit case (0 from 10, 5 from 11), and generated numbers always checking.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { checkS10, makeS10, s10CheckDigit } from './s10.ts';

const reason = (input: string) => {
  const checked = checkS10(input);
  return checked.ok ? 'ok' : checked.reason;
};

it('computes the check digit by the S10 weights', () => {
  // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5.
  assert.equal(s10CheckDigit('12345678'), 5);
  // 00000012: 1·9 + 2·7 = 23; 23 mod 11 = 1; 11 − 1 = 10 → 0.
  assert.equal(s10CheckDigit('00000012'), 0);
  // 47312482: 32+42+12+2+6+20+72+14 = 200; 200 mod 11 = 2; 11 − 2 = 9.
  assert.equal(s10CheckDigit('47312482'), 9);
  // 00000000: sum 0; 11 − 0 = 11 → 5.
  assert.equal(s10CheckDigit('00000000'), 5);
  // 00000001: 7; 11 − 7 = 4.
  assert.equal(s10CheckDigit('00000001'), 4);
});

it('accepts known valid numbers, with spaces and lower case as people type them', () => {
  for (const valid of ['RR123456785CN', 'rr 123 456 785 cn', 'EE473124829BO', 'RR000000120BO', 'CP000000005VE', 'RR-000000014-BO']) assert.equal(checkS10(valid).ok, true, valid);
  assert.deepEqual(checkS10(' rr123456785cn '), { ok: true, number: 'RR123456785CN' });
});

it('refuses mistyped numbers and says why', () => {
  assert.deepEqual(checkS10('RR123456784CN'), { ok: false, reason: 'check', normalized: 'RR123456784CN' });
  assert.equal(checkS10('RR123465785CN').ok, false, 'two digits swapped');
  assert.equal(reason('RR123456785C'), 'format');
  assert.equal(reason('R1123456785CN'), 'format');
  assert.equal(reason('RR12345678CN'), 'format');
  assert.equal(reason(''), 'format');
});

it('generates numbers that always pass the check', () => {
  for (let serial = 0; serial < 100_000_000; serial += 7_919) {
    const number = makeS10('CP', serial, 'BO');
    assert.match(number, /^CP\d{9}BO$/);
    assert.equal(checkS10(number).ok, true, number);
  }
  assert.equal(makeS10('RR', 12_345_678, 'CN'), 'RR123456785CN');
  assert.throws(() => makeS10('RR', 100_000_000, 'BO'));
});
