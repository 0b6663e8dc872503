// reports' `personalData` declaration: the reports the person filed and their alert
// subscriptions. Subscriptions can be erased; filed reports stay (public record), their
// contact is shown only to the agency.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { deleteSubscriptions, findReportData, findSubscriptionData } from './personal-data.queries.ts';

export const reportsPersonalData: PersonalDataDeclaration = {
  titleKey: 'reports.personalData.module',
  legalBasisKey: 'reports.personalData.legalBasis',
  purposeKey: 'reports.personalData.purpose',
  retentionKey: 'reports.personalData.retention',
  fieldKeys: {
    id: 'reports.personalData.field.id',
    category_code: 'reports.personalData.field.categoryCode',
    status: 'reports.personalData.field.status',
    description: 'reports.personalData.field.description',
    address: 'reports.personalData.field.address',
    territory_code: 'reports.personalData.field.territoryCode',
    agency_code: 'reports.personalData.field.agencyCode',
    contact: 'reports.personalData.field.contact',
    is_anonymous: 'reports.personalData.field.isAnonymous',
    created_at: 'reports.personalData.field.createdAt',
    resolved_at: 'reports.personalData.field.resolvedAt',
    lat: 'reports.personalData.field.lat',
    lon: 'reports.personalData.field.lon',
    radius_m: 'reports.personalData.field.radiusM',
  },
  valueKeys: { status: 'reports.status.' },
  find: async (deps, accountId) => [
    { titleKey: 'reports.personalData.reports', data: asPlainJson(await findReportData(deps.db, accountId)), keptKey: 'reports.personalData.keptReports' },
    { titleKey: 'reports.personalData.subscriptions', data: asPlainJson(await findSubscriptionData(deps.db, accountId)), erasable: true },
  ],
  eraseKey: 'reports.personalData.erase',
  erase: async (_deps, accountId, trx) => deleteSubscriptions(trx, accountId),
};
