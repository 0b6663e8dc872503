// "Mis datos": the mediation cases a person is a party to (kept: the record of the case and its act).
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findPartyRecordsOf } from './peace-justice.queries.ts';

export const peaceJusticePersonalData: PersonalDataDeclaration = {
  titleKey: 'peace_justice.personalData.module',
  legalBasisKey: 'peace_justice.personalData.legalBasis',
  purposeKey: 'peace_justice.personalData.purpose',
  retentionKey: 'peace_justice.personalData.retention',
  fieldKeys: {
    code: 'peace_justice.field.code',
    kind: 'peace_justice.field.kind',
    status: 'peace_justice.field.status',
    created_at: 'peace_justice.personalData.createdAt',
  },
  valueKeys: { kind: 'peace_justice.kind.', status: 'peace_justice.status.' },
  find: async (deps, accountId) => [{ titleKey: 'peace_justice.personalData.cases', data: await findPartyRecordsOf(deps.db, accountId), keptKey: 'peace_justice.personalData.kept' }],
};
