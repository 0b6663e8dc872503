// cases' `personalData` declaration: the person's cases and drafts. Drafts (never filed) can
// be erased; filed cases are administrative records and are kept.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { deleteDrafts, findCaseData, findDraftData } from './personal-data.queries.ts';

export const casesPersonalData: PersonalDataDeclaration = {
  legalBasisKey: 'cases.personalData.legalBasis',
  find: async (deps, accountId) => [
    { titleKey: 'cases.personalData.cases', data: asPlainJson(await findCaseData(deps.db, accountId)) },
    { titleKey: 'cases.personalData.drafts', data: asPlainJson(await findDraftData(deps.db, accountId)) },
  ],
  erase: async (_deps, accountId, trx) => deleteDrafts(trx, accountId),
};
