import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IdentityDocumentType } from './profile.ts';
import { rifCheckDigit, venezuelaProfile } from './ve.ts';

function documentType(code: string): IdentityDocumentType {
  const type = venezuelaProfile.identityDocuments.find((d) => d.code === code);
  assert.ok(type, `document ${code}`);
  return type;
}

test('Venezuelan holidays of 2026, movable ones from Easter (5 April)', () => {
  assert.deepEqual(
    venezuelaProfile.holidays(2026).map((h) => h.date),
    [
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-04-02',
      '2026-04-03',
      '2026-04-19',
      '2026-05-01',
      '2026-06-24',
      '2026-07-05',
      '2026-07-24',
      '2026-10-12',
      '2026-12-24',
      '2026-12-25',
      '2026-12-31',
    ],
  );
  const names = new Map(venezuelaProfile.holidays(2026).map((h) => [h.date, h.name]));
  assert.deepEqual(names.get('2026-04-02'), { es: 'Jueves Santo', en: 'Holy Thursday' });
  assert.equal(names.get('2026-10-12')?.es, 'Día de la Resistencia Indígena');
});

test('Venezuelan holidays: no Sunday move; coinciding holidays are both listed', () => {
  // 5 July 2026 is a Sunday and stays there.
  assert.ok(venezuelaProfile.holidays(2026).some((h) => h.date === '2026-07-05'));
  assert.ok(!venezuelaProfile.holidays(2026).some((h) => h.date === '2026-07-06'));
  // 2019: Good Friday was 19 April.
  const april19 = venezuelaProfile.holidays(2019).filter((h) => h.date === '2019-04-19');
  assert.deepEqual(april19.map((h) => h.name.es).sort(), ['Declaración de la Independencia', 'Viernes Santo']);
});

test('cédula: valid, normalized and invalid values', () => {
  const cedula = documentType('CEDULA');
  assert.deepEqual(cedula.check('V-12345678'), { ok: true, normalized: 'V-12345678' });
  assert.deepEqual(cedula.check(' v12345678 '), { ok: true, normalized: 'V-12345678' });
  assert.deepEqual(cedula.check('V-12.345.678'), { ok: true, normalized: 'V-12345678' });
  assert.deepEqual(cedula.check('e 81234567'), { ok: true, normalized: 'E-81234567' });
  assert.deepEqual(cedula.check('V-1'), { ok: true, normalized: 'V-1' });
  for (const bad of ['12345678', 'J-12345678', 'V-123456789', 'V-', 'V--123', 'X-1234']) {
    assert.equal(cedula.check(bad).ok, false, bad);
  }
  assert.equal(cedula.check(cedula.example).ok, true);
});

test('RIF check digit by the published formula', () => {
  // J: 3×4 + 1·3+2·2+3·7+4·6+5·5+6·4+7·3+8·2 = 150; 150 mod 11 = 7; 11 − 7 = 4.
  assert.equal(rifCheckDigit('J', '12345678'), 4);
  // V: 1×4 + 138 = 142; 142 mod 11 = 10; 11 − 10 = 1.
  assert.equal(rifCheckDigit('V', '12345678'), 1);
  // G-20000303-0 (SENIAT): 20 + 6 + 12 + 6 = 44; 44 mod 11 = 0 → 11 → 0.
  assert.equal(rifCheckDigit('G', '20000303'), 0);
  // E: 2×4 + 0 = 8; 11 − 8 = 3.
  assert.equal(rifCheckDigit('E', '00000000'), 3);
  // P: 4×4 + 1·2 = 18; 18 mod 11 = 7; 11 − 7 = 4.
  assert.equal(rifCheckDigit('P', '00000001'), 4);
  // J: 12 + 1·5 = 17; 17 mod 11 = 6; 11 − 6 = 5.
  assert.equal(rifCheckDigit('J', '00001000'), 5);
  // V: 4 + 4·2 = 12; 12 mod 11 = 1; 11 − 1 = 10 → 0.
  assert.equal(rifCheckDigit('V', '00000004'), 0);
  assert.equal(rifCheckDigit('C', '12345678'), undefined);
});

test('RIF: normalized; a wrong check digit is accepted with a warning', () => {
  const rif = documentType('RIF');
  assert.deepEqual(rif.check('j123456784'), { ok: true, normalized: 'J-12345678-4' });
  assert.deepEqual(rif.check(' G-20000303-0 '), { ok: true, normalized: 'G-20000303-0' });
  assert.deepEqual(rif.check('V-12345678-1'), { ok: true, normalized: 'V-12345678-1' });
  assert.deepEqual(rif.check('J-12345678-9'), { ok: true, normalized: 'J-12345678-9', warningKey: 'country.document.rifCheckDigit' });
  assert.deepEqual(rif.check('C-12345678-9'), { ok: true, normalized: 'C-12345678-9' });
  for (const bad of ['J-1234567-4', 'J-123456789-4', 'X-12345678-4', '12345678-4', 'J-12345678', 'J-12345678-45']) {
    assert.equal(rif.check(bad).ok, false, bad);
  }
  assert.deepEqual(rif.check(rif.example), { ok: true, normalized: rif.example });
});

test('profile basics', () => {
  assert.equal(venezuelaProfile.code, 've');
  assert.deepEqual(
    venezuelaProfile.territoryLevels.map((l) => l.key),
    ['estado', 'municipio', 'parroquia', 'comuna', 'consejo_comunal'],
  );
  assert.deepEqual(venezuelaProfile.languages, ['es']);
  assert.equal(venezuelaProfile.currency, 'VES');
  assert.equal(venezuelaProfile.timeZone, 'America/Caracas');
  assert.equal(venezuelaProfile.mailboxDeemedNotifiedDays, 10);
});
