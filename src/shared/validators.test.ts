import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateFromParts, isEmail, isIsoDate, normalizeEmail, normalizePhone, parseDate, phoneRegionOf } from './validators.ts';

test('isEmail accepts ordinary addresses and refuses what cannot be written to', () => {
  for (const good of ['ana@example.bo', 'ana.maria+tramites@correo.gob.ve', 'X_Y@sub.dominio.com.bo']) assert.equal(isEmail(good), true, good);
  for (const bad of [
    '',
    'ana',
    'ana@',
    '@example.bo',
    'ana@example',
    'ana@example.b',
    'ana maria@example.bo',
    'ana@@example.bo',
    'ana..maria@example.bo',
    'ana.@example.bo',
    'ana@.example.bo',
    '<ana@example.bo>',
    'ana@example.bo,',
    `${'a'.repeat(250)}@x.bo`,
  ]) {
    assert.equal(isEmail(bad), false, bad);
  }
});

test('normalizeEmail trims and lower-cases the domain only', () => {
  assert.equal(normalizeEmail('  Ana.Maria@Example.BO '), 'Ana.Maria@example.bo');
  assert.equal(normalizeEmail('not an address'), undefined);
});

test('normalizePhone writes Bolivian numbers in E.164', () => {
  assert.deepEqual(normalizePhone('71234567', 'BO'), { ok: true, e164: '+59171234567', mobile: true });
  assert.deepEqual(normalizePhone('7123 4567', 'BO'), { ok: true, e164: '+59171234567', mobile: true });
  assert.deepEqual(normalizePhone('+591 712-34567', 'BO'), { ok: true, e164: '+59171234567', mobile: true });
  assert.deepEqual(normalizePhone('2 2200000', 'BO'), { ok: true, e164: '+59122200000', mobile: false }); // La Paz fixed line
  assert.deepEqual(normalizePhone('2 2200000', 'BO', { mobileOnly: true }), { ok: false, reason: 'not_mobile' });
  assert.deepEqual(normalizePhone('12345', 'BO'), { ok: false, reason: 'invalid' });
  assert.deepEqual(normalizePhone('7123456', 'BO'), { ok: false, reason: 'invalid' }); // one digit short
  assert.deepEqual(normalizePhone('71234567 ext. abc', 'BO'), { ok: false, reason: 'invalid' });
  assert.deepEqual(normalizePhone('', 'BO'), { ok: false, reason: 'invalid' });
});

test('normalizePhone writes Venezuelan numbers in E.164', () => {
  assert.deepEqual(normalizePhone('0412-1234567', 'VE'), { ok: true, e164: '+584121234567', mobile: true });
  assert.deepEqual(normalizePhone('412 1234567', 'VE'), { ok: true, e164: '+584121234567', mobile: true });
  assert.deepEqual(normalizePhone('(0212) 555.12.34', 'VE'), { ok: true, e164: '+582125551234', mobile: false }); // Caracas fixed line
  assert.deepEqual(normalizePhone('+591 71234567', 'VE'), { ok: true, e164: '+59171234567', mobile: true }); // a foreign number written with its code
  assert.deepEqual(normalizePhone('71234567', 'VE'), { ok: false, reason: 'invalid' }); // a Bolivian number without its code
});

test('phoneRegionOf maps the country profiles and refuses others', () => {
  assert.equal(phoneRegionOf('bo'), 'BO');
  assert.equal(phoneRegionOf('ve'), 'VE');
  assert.throws(() => phoneRegionOf('ar'), RangeError);
});

test('isIsoDate is true only for real dates written YYYY-MM-DD', () => {
  for (const good of ['2026-12-06', '2024-02-29', '0001-01-01', '9999-12-31']) assert.equal(isIsoDate(good), true, good);
  for (const bad of ['2026-2-06', '2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '06-12-2026', ' 2026-12-06', '2026-12-06T00:00']) {
    assert.equal(isIsoDate(bad), false, bad);
  }
});

test('parseDate reads dates as people type them, day first', () => {
  assert.equal(parseDate('2026-12-06'), '2026-12-06');
  assert.equal(parseDate('6/12/2026'), '2026-12-06');
  assert.equal(parseDate('06-12-2026'), '2026-12-06');
  assert.equal(parseDate('6.12.2026'), '2026-12-06');
  assert.equal(parseDate(' 29/2/2024 '), '2024-02-29');
  assert.equal(parseDate('29/2/2026'), undefined); // not a leap year
  assert.equal(parseDate('12/31/2026'), undefined); // month first is not accepted
  assert.equal(parseDate('6/12-2026'), undefined); // mixed separators
  assert.equal(parseDate('6/12/26'), undefined); // two-digit year
  assert.equal(parseDate('mañana'), undefined);
});

test('dateFromParts reads the three boxes of a date field', () => {
  assert.equal(dateFromParts({ day: '6', month: '12', year: '2026' }), '2026-12-06');
  assert.equal(dateFromParts({ day: ' 06 ', month: '12', year: '2026' }), '2026-12-06');
  assert.equal(dateFromParts({ day: '31', month: '4', year: '2026' }), undefined);
  assert.equal(dateFromParts({ day: '6', month: '12' }), undefined);
  assert.equal(dateFromParts({ day: '6', month: '12', year: '26' }), undefined);
});
