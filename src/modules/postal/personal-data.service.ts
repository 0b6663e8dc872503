// "Mis datos": the shipments addressed to the person (kept: the post's record of delivery).
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { listAddresseeShipments } from './postal.queries.ts';

export const postalPersonalData: PersonalDataDeclaration = {
  titleKey: 'postal.personalData.module',
  legalBasisKey: 'postal.personalData.legalBasis',
  purposeKey: 'postal.personalData.purpose',
  retentionKey: 'postal.personalData.retention',
  fieldKeys: {
    number: 'postal.personalData.field.number',
    addressee_name: 'postal.desk.name',
    address: 'postal.desk.address',
    accepted_at: 'postal.desk.accepted',
  },
  find: async (deps, accountId) => [
    {
      titleKey: 'postal.personalData.shipments',
      data: (await listAddresseeShipments(deps.db, accountId)).map((s) => ({ number: s.number, addressee_name: s.addresseeName, address: s.address, accepted_at: s.acceptedAt.toISOString() })),
      keptKey: 'postal.personalData.kept',
    },
  ],
};
