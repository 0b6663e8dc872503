// The `personalData` declaration of payments: the person's payment orders. Payments are
// accounting records the agencies must keep: no erase.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findOrderData } from './personal-data.queries.ts';

export const paymentsPersonalData: PersonalDataDeclaration = {
  titleKey: 'payments.personalData.module',
  legalBasisKey: 'payments.personalData.legalBasis',
  purposeKey: 'payments.personalData.purpose',
  retentionKey: 'payments.personalData.retention',
  fieldKeys: {
    code: 'payments.field.code',
    payee_agency: 'payments.field.payee',
    concept: 'payments.field.concept',
    amount_minor: 'payments.personalData.amountMinor',
    currency: 'payments.personalData.currency',
    status: 'payments.field.status',
    expires_at: 'payments.field.expiresAt',
    paid_at: 'payments.field.paidAt',
    created_at: 'payments.personalData.createdAt',
  },
  valueKeys: { status: 'payments.status.' },
  find: async (deps, accountId) => [{ titleKey: 'payments.personalData.orders', data: asPlainJson(await findOrderData(deps.db, accountId)), keptKey: 'payments.personalData.kept' }],
};
