// The mailbox's `personalData` declaration: the messages delivered to the person. Notices
// with legal effect are kept: no erase.
import { asPlainJson } from '../../platform/contract/personal-data.ts';
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findMessageData } from './personal-data.queries.ts';

export const mailboxPersonalData: PersonalDataDeclaration = {
  legalBasisKey: 'mailbox.personalData.legalBasis',
  find: async (deps, accountId) => [{ titleKey: 'mailbox.personalData.messages', data: asPlainJson(await findMessageData(deps.db, accountId)) }],
};
