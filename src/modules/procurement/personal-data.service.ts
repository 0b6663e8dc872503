// "Mis datos": the offers a person sent for the units they represent (receipts: the sealed
// content is the unit's and stays sealed until the opening), their public questions and complaints,
// and the subscriptions they made for their units.
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { personalDataOf } from './procurement.queries.ts';

export const procurementPersonalData: PersonalDataDeclaration = {
  titleKey: 'procurement.personalData.module',
  legalBasisKey: 'procurement.personalData.legalBasis',
  purposeKey: 'procurement.personalData.purpose',
  retentionKey: 'procurement.personalData.retention',
  fieldKeys: {
    tender_id: 'procurement.personalData.field.tender',
    supplier_key: 'procurement.personalData.field.supplier',
    sha256: 'procurement.personalData.field.sha256',
    received_at: 'procurement.personalData.field.receivedAt',
    body: 'procurement.personalData.field.body',
    asked_at: 'procurement.personalData.field.askedAt',
    filed_at: 'procurement.personalData.field.filedAt',
    cpv_code: 'procurement.personalData.field.cpv',
    territory_code: 'procurement.personalData.field.territory',
    created_at: 'procurement.personalData.field.createdAt',
  },
  find: async (deps, accountId) => {
    const found = await personalDataOf(deps.db, accountId);
    return [
      { titleKey: 'procurement.personalData.offers', data: found.offers, keptKey: 'procurement.personalData.kept' },
      { titleKey: 'procurement.personalData.questions', data: found.questions, keptKey: 'procurement.personalData.kept' },
      { titleKey: 'procurement.personalData.complaints', data: found.complaints, keptKey: 'procurement.personalData.kept' },
      { titleKey: 'procurement.personalData.subscriptions', data: found.subscriptions, keptKey: 'procurement.personalData.subscriptionsKept' },
    ];
  },
};
