// "Mis datos": the entries a person recorded in the cash books of the units they represent (kept:
// they are the unit's accounts, the person only their author).
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { findEntriesRecordedBy } from './enterprises.queries.ts';

export const enterprisesPersonalData: PersonalDataDeclaration = {
  titleKey: 'enterprises.personalData.module',
  legalBasisKey: 'enterprises.personalData.legalBasis',
  purposeKey: 'enterprises.personalData.purpose',
  retentionKey: 'enterprises.personalData.retention',
  fieldKeys: {
    unit_key: 'enterprises.personalData.unit',
    kind: 'enterprises.field.kind',
    value_date: 'enterprises.field.date',
    recorded_at: 'enterprises.personalData.recordedAt',
  },
  valueKeys: { kind: 'enterprises.kind.' },
  find: async (deps, accountId) => [{ titleKey: 'enterprises.personalData.entries', data: await findEntriesRecordedBy(deps.db, accountId), keptKey: 'enterprises.personalData.kept' }],
};
