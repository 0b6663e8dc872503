// identity's `personalData` declaration: the account and the roles held. Both are kept: the
// account identifies the person (names and document corrected in person, at a registration
// office), roles are the agencies' record. Held by the platform's operator (no `holderAgency`):
// a correction request of the phone or the address, once approved, is applied by `correct`.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { AppError } from '../../platform/errors.ts';
import { normalizePhone, phoneRegionOf } from '../../shared/validators.ts';
import { correctAccountField, findAccountData, findRoleData } from './personal-data.queries.ts';

const MAX_CORRECTED_LENGTH = 200;

export const identityPersonalData: PersonalDataDeclaration = {
  titleKey: 'identity.personalData.module',
  legalBasisKey: 'identity.personalData.legalBasis',
  purposeKey: 'identity.personalData.purpose',
  retentionKey: 'identity.personalData.retention',
  fieldKeys: {
    country: 'identity.personalData.field.country',
    document_type: 'identity.personalData.field.documentType',
    document_number: 'identity.personalData.field.documentNumber',
    given_name: 'identity.personalData.field.givenName',
    family_name: 'identity.personalData.field.familyName',
    email: 'identity.personalData.field.email',
    email_verified_at: 'identity.personalData.field.emailVerifiedAt',
    phone: 'identity.personalData.field.phone',
    phone_verified_at: 'identity.personalData.field.phoneVerifiedAt',
    address: 'identity.personalData.field.address',
    territory_code: 'identity.personalData.field.territoryCode',
    level: 'identity.personalData.field.level',
    birth_date: 'identity.personalData.field.birthDate',
    verified_at: 'identity.personalData.field.verifiedAt',
    created_at: 'identity.personalData.field.createdAt',
    agency_code: 'identity.personalData.field.agencyCode',
    role: 'identity.personalData.field.role',
    granted_at: 'identity.personalData.field.grantedAt',
  },
  valueKeys: { level: 'identity.level.' },
  correctableFields: { phone: 'identity.personalData.field.phone', address: 'identity.personalData.field.address' },
  correct: async (deps, accountId, correction, trx) => {
    const value = typeof correction.value === 'string' ? correction.value.trim() : '';
    if ((correction.field !== 'phone' && correction.field !== 'address') || !value || value.length > MAX_CORRECTED_LENGTH) throw new AppError('VALIDATION_FAILED');
    if (correction.field === 'address') return correctAccountField(trx, accountId, 'address', value);
    // A phone is stored as registration stores it (E.164); one that is not a phone of the country is refused.
    const phone = normalizePhone(value, phoneRegionOf(deps.country.code));
    if (!phone.ok) throw new AppError('VALIDATION_FAILED');
    await correctAccountField(trx, accountId, 'phone', phone.e164);
  },
  find: async (deps, accountId) => {
    const account = await findAccountData(deps.db, accountId);
    if (!account) return [];
    return [
      { titleKey: 'identity.personalData.account', data: asPlainJson(account), keptKey: 'identity.personalData.keptAccount' },
      { titleKey: 'identity.personalData.roles', data: asPlainJson(await findRoleData(deps.db, accountId)), keptKey: 'identity.personalData.keptRoles' },
    ];
  },
};
