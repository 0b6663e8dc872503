// reports' `personalData` declaration: the reports the person filed and their alert
// subscriptions. Subscriptions can be erased; filed reports stay (public record), their
// contact is shown only to the agency.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { deleteSubscriptions, findReportData, findSubscriptionData } from './personal-data.queries.ts';

export const reportsPersonalData: PersonalDataDeclaration = {
  legalBasisKey: 'reports.personalData.legalBasis',
  find: async (deps, accountId) => [
    { titleKey: 'reports.personalData.reports', data: asPlainJson(await findReportData(deps.db, accountId)) },
    { titleKey: 'reports.personalData.subscriptions', data: asPlainJson(await findSubscriptionData(deps.db, accountId)) },
  ],
  erase: async (_deps, accountId, trx) => deleteSubscriptions(trx, accountId),
};
