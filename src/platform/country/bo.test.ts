import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boliviaProfile } from './bo.ts';
import type { IdentityDocumentType } from './profile.ts';

function documentType(code: string): IdentityDocumentType {
  const type = boliviaProfile.identityDocuments.find((d) => d.code === code);
  assert.ok(type, `document ${code}`);
  return type;
}

test('Bolivian holidays of 2026, movable ones from Easter (5 April) and 21 June moved to Monday', () => {
  assert.deepEqual(
    boliviaProfile.holidays(2026).map((h) => [h.date, h.name.es]),
    [
      ['2026-01-01', 'Año Nuevo'],
      ['2026-01-22', 'Día del Estado Plurinacional'],
      ['2026-02-16', 'Lunes de Carnaval'],
      ['2026-02-17', 'Martes de Carnaval'],
      ['2026-04-03', 'Viernes Santo'],
      ['2026-05-01', 'Día del Trabajo'],
      ['2026-06-04', 'Corpus Christi'],
      ['2026-06-22', 'Año Nuevo Andino Amazónico (trasladado)'],
      ['2026-08-06', 'Día de la Independencia'],
      ['2026-11-02', 'Todos Santos'],
      ['2026-12-25', 'Navidad'],
    ],
  );
});

test('a fixed Bolivian holiday on a Sunday moves to Monday; other days stay', () => {
  const dates = (year: number): string[] => boliviaProfile.holidays(year).map((h) => h.date);
  // 1 May 2022 and 25 Dec 2022 were Sundays; 1 Jan 2023 and 22 Jan 2023 too.
  assert.ok(dates(2022).includes('2022-05-02'));
  assert.ok(!dates(2022).includes('2022-05-01'));
  assert.ok(dates(2022).includes('2022-12-26'));
  assert.ok(dates(2023).includes('2023-01-02'));
  assert.ok(dates(2023).includes('2023-01-23'));
  // 6 August 2022 was a Saturday: not moved.
  assert.ok(dates(2022).includes('2022-08-06'));
  // Corpus Christi 2025 (Easter 20 April + 60 days).
  assert.ok(dates(2025).includes('2025-06-19'));
});

test('holidays are sorted, well formed and named in both languages', () => {
  for (let year = 2020; year <= 2040; year += 1) {
    const holidays = boliviaProfile.holidays(year);
    assert.equal(holidays.length, 11);
    for (const [i, h] of holidays.entries()) {
      assert.match(h.date, new RegExp(`^${year}-\\d{2}-\\d{2}$`));
      assert.ok(h.name.es && h.name.en);
      if (i > 0) assert.ok(holidays[i - 1]!.date <= h.date, `${year} sorted`);
    }
  }
});

test('CI: valid, normalized and invalid values', () => {
  const ci = documentType('CI');
  assert.deepEqual(ci.check('1234567'), { ok: true, normalized: '1234567' });
  assert.deepEqual(ci.check('  1234567   lp '), { ok: true, normalized: '1234567 LP' });
  assert.deepEqual(ci.check('1234567LP'), { ok: true, normalized: '1234567 LP' });
  assert.deepEqual(ci.check('1234567-1b'), { ok: true, normalized: '1234567-1B' });
  assert.deepEqual(ci.check('1234567 - 1B  sc'), { ok: true, normalized: '1234567-1B SC' });
  assert.deepEqual(ci.check('12345'), { ok: true, normalized: '12345' });
  for (const bad of ['1234', '123456789', '1234567 XX', '1234567 LPZ', '1234567-', '1234567-1ABC', 'ABC1234', '', '12 34567']) {
    assert.equal(ci.check(bad).ok, false, bad);
  }
  assert.equal(ci.check(ci.example).ok, true);
});

test('NIT: 7 to 12 digits', () => {
  const nit = documentType('NIT');
  assert.deepEqual(nit.check(' 1028547023 '), { ok: true, normalized: '1028547023' });
  assert.equal(nit.check('1234567').ok, true);
  assert.equal(nit.check('123456789012').ok, true);
  assert.equal(nit.check('123456').ok, false);
  assert.equal(nit.check('1234567890123').ok, false);
  assert.equal(nit.check('10285470-23').ok, false);
  assert.equal(nit.check(nit.example).ok, true);
});

test('profile basics', () => {
  assert.equal(boliviaProfile.code, 'bo');
  assert.deepEqual(
    boliviaProfile.territoryLevels.map((l) => l.key),
    ['departamento', 'provincia', 'municipio'],
  );
  assert.deepEqual(boliviaProfile.languages, ['es', 'qu', 'ay', 'gn']);
  assert.equal(boliviaProfile.mailboxDeemedNotifiedDays, 10);
  assert.equal(new Intl.NumberFormat(boliviaProfile.intlLocale, { style: 'currency', currency: boliviaProfile.currency }).resolvedOptions().currency, 'BOB');
});
