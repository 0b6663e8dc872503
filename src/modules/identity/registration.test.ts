// What self-registration accepts as contact details: phones checked by the country's numbering
// plan (mobile only: the code goes by SMS) and stored in E.164, addresses by the shared rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCountryProfile } from '../../platform/country/index.ts';
import { type RegistrationInput, validateRegistration } from './registration.service.ts';

const today = new Date('2026-12-06T12:00:00Z');

function input(overrides: Partial<RegistrationInput>): RegistrationInput {
  return {
    documentType: 'CI',
    documentNumber: '4567890',
    givenName: 'Ana',
    familyName: 'Quispe',
    birthDate: { day: '27', month: '3', year: '1990' },
    email: '',
    phone: '',
    password: 'Clave-segura-2026',
    ...overrides,
  };
}

const bo = { country: getCountryProfile('bo') };
const ve = { country: getCountryProfile('ve') };

describe('registration contact details', () => {
  it('stores a Bolivian mobile typed with spaces in E.164', () => {
    const { errors, value } = validateRegistration(bo, input({ phone: ' 7123 4567 ' }), today);
    assert.deepEqual(errors, {});
    assert.equal(value?.phone, '+59171234567');
  });

  it('refuses a Bolivian landline where a mobile is required, saying why', () => {
    const { errors, value } = validateRegistration(bo, input({ phone: '2 2441234' }), today);
    assert.equal(value, undefined);
    assert.deepEqual(errors.phone, { key: 'identity.registration.errors.phoneNotMobile' });
  });

  it('refuses what is no phone number of the country', () => {
    const { errors } = validateRegistration(bo, input({ phone: '12345' }), today);
    assert.deepEqual(errors.phone, { key: 'identity.registration.errors.phoneInvalid', params: { example: '71234567' } });
  });

  it('reads a Venezuelan mobile in the ve profile, and refuses a Bolivian one there', () => {
    const venezuelan = validateRegistration(ve, input({ documentType: 'CEDULA', documentNumber: 'V-12345678', phone: '0412-123 45 67' }), today);
    assert.deepEqual(venezuelan.errors, {});
    assert.equal(venezuelan.value?.phone, '+584121234567');
    const bolivian = validateRegistration(ve, input({ documentType: 'CEDULA', documentNumber: 'V-12345678', phone: '71234567' }), today);
    // The example the message gives is the country's own (the ve profile's), never a Bolivian one.
    assert.deepEqual(bolivian.errors.phone, { key: 'identity.registration.errors.phoneInvalid', params: { example: '0412-1234567' } });
  });

  it('keeps the e-mail address in lower case and refuses a malformed one', () => {
    assert.equal(validateRegistration(bo, input({ email: ' Ana.Quispe@Correo.BO ' }), today).value?.email, 'ana.quispe@correo.bo');
    for (const email of ['ana@correo', 'ana@@correo.bo', 'ana quispe@correo.bo', 'ana@.correo.bo']) {
      assert.deepEqual(validateRegistration(bo, input({ email }), today).errors.email, { key: 'identity.registration.errors.emailInvalid' }, email);
    }
  });

  it('takes the birth date from its three boxes, refusing 31 February', () => {
    assert.equal(validateRegistration(bo, input({ email: 'a@correo.bo', birthDate: { day: '3', month: '2', year: '1990' } }), today).value?.birthDate, '1990-02-03');
    const invalid = validateRegistration(bo, input({ email: 'a@correo.bo', birthDate: { day: '31', month: '2', year: '1990' } }), today);
    assert.deepEqual(invalid.errors.birthDate, { key: 'identity.registration.errors.birthDateInvalid' });
  });
});
