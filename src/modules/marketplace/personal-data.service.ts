// "Mis datos": what the marketplace holds about a person: her applications to sell, her orders
// and her cart (orders kept: they are the sellers' sales records and the post's delivery address).
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findPersonData } from './marketplace.queries.ts';

export const marketplacePersonalData: PersonalDataDeclaration = {
  titleKey: 'marketplace.personalData.module',
  legalBasisKey: 'marketplace.personalData.legalBasis',
  purposeKey: 'marketplace.personalData.purpose',
  retentionKey: 'marketplace.personalData.retention',
  fieldKeys: {
    name: 'marketplace.personalData.name',
    kind: 'marketplace.personalData.kind',
    status: 'marketplace.personalData.status',
    created_at: 'marketplace.personalData.createdAt',
    id: 'marketplace.personalData.order',
    product: 'marketplace.personalData.product',
    quantity: 'marketplace.personalData.quantity',
    total_minor: 'marketplace.personalData.total',
    payment_method: 'marketplace.buy.payment',
    address: 'marketplace.personalData.address',
    description: 'marketplace.personalData.description',
    withdrawal_reason: 'marketplace.personalData.withdrawalReason',
    dispute_code: 'marketplace.personalData.disputeCode',
  },
  valueKeys: { kind: 'marketplace.kind.', payment_method: 'marketplace.payment.' },
  find: async (deps, accountId) => {
    const { sellers, orders, cart } = await findPersonData(deps.db, accountId);
    return [
      { titleKey: 'marketplace.personalData.sellers', data: sellers, keptKey: 'marketplace.personalData.kept' },
      { titleKey: 'marketplace.personalData.orders', data: orders, keptKey: 'marketplace.personalData.kept' },
      { titleKey: 'marketplace.personalData.cart', data: cart },
    ];
  },
};
