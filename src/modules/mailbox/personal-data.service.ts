// The mailbox's `personalData` declaration: the messages delivered to the person. Notices
// with legal effect are kept: no erase.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findMessageData, findUnitReadingData } from './personal-data.queries.ts';

export const mailboxPersonalData: PersonalDataDeclaration = {
  titleKey: 'mailbox.personalData.module',
  legalBasisKey: 'mailbox.personalData.legalBasis',
  purposeKey: 'mailbox.personalData.purpose',
  retentionKey: 'mailbox.personalData.retention',
  fieldKeys: {
    id: 'mailbox.personalData.field.id',
    agency_code: 'mailbox.personalData.field.agencyCode',
    agency_name: 'mailbox.personalData.field.agencyName',
    subject: 'mailbox.personalData.field.subject',
    body: 'mailbox.personalData.field.body',
    made_available_at: 'mailbox.personalData.field.madeAvailableAt',
    opened_at: 'mailbox.personalData.field.openedAt',
    deemed_notified_at: 'mailbox.personalData.field.deemedNotifiedAt',
    archived_at: 'mailbox.personalData.field.archivedAt',
    recipient_unit_key: 'mailbox.personalData.field.recipientUnitKey',
    read_at: 'mailbox.personalData.field.readAt',
  },
  find: async (deps, accountId) => [
    { titleKey: 'mailbox.personalData.messages', data: asPlainJson(await findMessageData(deps.db, accountId)), keptKey: 'mailbox.personalData.keptMessages' },
    // Empresa digital: who read a unit's message is recorded with the reading.
    { titleKey: 'mailbox.personalData.unitReadings', data: asPlainJson(await findUnitReadingData(deps.db, accountId)), keptKey: 'mailbox.personalData.keptMessages' },
  ],
};
