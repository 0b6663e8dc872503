// The `personalData` declaration of payments: the person's payment orders, and her own settlement
// account when she is paid as herself (docs/payments.md, "Who is paid"). Payments are
// accounting records the agencies must keep: no erase.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findOrderData, findPayeeData } from './personal-data.queries.ts';

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
    treasury_account: 'payments.payee.field.treasuryAccount',
    merchant_id: 'payments.payee.field.merchantId',
    gateway_url: 'payments.payee.field.gatewayUrl',
    updated_at: 'payments.personalData.updatedAt',
  },
  valueKeys: { status: 'payments.status.' },
  find: async (deps, accountId) => [
    { titleKey: 'payments.personalData.orders', data: asPlainJson(await findOrderData(deps.db, accountId)), keptKey: 'payments.personalData.kept' },
    { titleKey: 'payments.personalData.settlementAccount', data: asPlainJson(await findPayeeData(deps.db, accountId)), keptKey: 'payments.personalData.kept' },
  ],
};
