// Record content against a registry's field schema and the country's key rules: CI/cédula
// normal forms, NIT digits in `bo`, the RIF's modulo-11 check digit in `ve` (a mismatch is
// accepted with a warning, as COUNTRY-FACTS asks until the formula is confirmed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCountryProfile } from '../../platform/country/index.ts';
import { REGISTRIES } from './registry.types.ts';
import { checkContent, normalizeKey } from './registry.validation.ts';

const bo = getCountryProfile('bo');
const ve = getCountryProfile('ve');
const unit = { name: 'X', legalForm: 'srl', activityCodes: '131200, 011300', status: 'activa' };

describe('registry keys', () => {
  it('NIT in bo: 7 to 12 digits, blanks dropped; letters refused', () => {
    assert.deepEqual(normalizeKey(REGISTRIES.unidades_economicas, bo, '1028 5470 23'), { key: '1028547023' });
    assert.equal(normalizeKey(REGISTRIES.unidades_economicas, bo, '10285470AB'), undefined);
    assert.equal(normalizeKey(REGISTRIES.unidades_economicas, bo, '123456'), undefined);
  });

  it('RIF in ve: normal form, the check digit computed; a mismatch is a warning, a bad shape an error', () => {
    // J-12345678: 3×4 + 1×3 + 2×2 + 3×7 + 4×6 + 5×5 + 6×4 + 7×3 + 8×2 = 150; 150 mod 11 = 7 → 4.
    assert.deepEqual(normalizeKey(REGISTRIES.unidades_economicas, ve, 'j123456784'), { key: 'J-12345678-4' });
    assert.deepEqual(normalizeKey(REGISTRIES.unidades_economicas, ve, 'J-12345678-5'), { key: 'J-12345678-5', warning: 'country.document.rifCheckDigit' });
    assert.equal(normalizeKey(REGISTRIES.unidades_economicas, ve, 'X-12345678-4'), undefined);
    const checked = checkContent(REGISTRIES.unidades_economicas, ve, { id: 'J-12345678-5', ...unit });
    assert.deepEqual([checked.errors, checked.warnings], [[], ['country.document.rifCheckDigit']]);
  });

  it('persons: the CI and the cédula in their normal forms', () => {
    assert.deepEqual(normalizeKey(REGISTRIES.personas, bo, ' 4567891 lp '), { key: '4567891 LP' });
    assert.deepEqual(normalizeKey(REGISTRIES.personas, ve, 'v18765432'), { key: 'V-18765432' });
    assert.equal(normalizeKey(REGISTRIES.personas, ve, '1028547023'), undefined);
  });
});

describe('record content', () => {
  it('keeps only declared fields, splits lists, and names every bad field by its pointer', () => {
    const ok = checkContent(REGISTRIES.unidades_economicas, bo, { id: '1028547023', ...unit, activityCodes: '131200, 011300, 131200' });
    assert.deepEqual(ok.content.activityCodes, ['131200', '011300']);
    const bad = checkContent(REGISTRIES.unidades_economicas, bo, { id: '1028547023', name: 'X', legalForm: 'sociedad', activityCodes: ['12'], status: 'activa', color: 'rojo' });
    assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['/activityCodes', '/color', '/legalForm']);
  });

  it('dates must exist; a partial check does not ask for required fields', () => {
    const person = { id: '4567891 LP', firstName: 'A', lastName: 'B', sex: 'F', civilStatus: 'soltero' };
    assert.deepEqual(
      checkContent(REGISTRIES.personas, bo, { ...person, birthDate: '2023-02-29' }).errors.map((e) => e.field),
      ['/birthDate'],
    );
    assert.deepEqual(checkContent(REGISTRIES.personas, bo, { ...person, birthDate: '2024-02-29' }).errors, []);
    assert.deepEqual(checkContent(REGISTRIES.personas, bo, { civilStatus: 'casado' }, { partial: true }).errors, []);
  });
});
