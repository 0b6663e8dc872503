// identity's `personalData` declaration: the account and the roles held.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findAccountData, findRoleData } from './personal-data.queries.ts';

export const identityPersonalData: PersonalDataDeclaration = {
  legalBasisKey: 'identity.personalData.legalBasis',
  find: async (deps, accountId) => {
    const account = await findAccountData(deps.db, accountId);
    if (!account) return [];
    return [
      { titleKey: 'identity.personalData.account', data: asPlainJson(account) },
      { titleKey: 'identity.personalData.roles', data: asPlainJson(await findRoleData(deps.db, accountId)) },
    ];
  },
};
