// identity's `personalData` declaration: the account and the roles held. Both are kept: the
// account identifies the person (corrected in person, at a registration office), roles are the
// agencies' record.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findAccountData, findRoleData } from './personal-data.queries.ts';

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
  find: async (deps, accountId) => {
    const account = await findAccountData(deps.db, accountId);
    if (!account) return [];
    return [
      { titleKey: 'identity.personalData.account', data: asPlainJson(account), keptKey: 'identity.personalData.keptAccount' },
      { titleKey: 'identity.personalData.roles', data: asPlainJson(await findRoleData(deps.db, accountId)), keptKey: 'identity.personalData.keptRoles' },
    ];
  },
};
