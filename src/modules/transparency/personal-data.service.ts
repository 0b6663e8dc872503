// "Mis datos": the requests for public information a person filed (the register publishes them
// without the name) and the breach notices about them; both kept as the record of the procedure.
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { breachNoticesOf, requestsOf } from './transparency.queries.ts';

export const transparencyPersonalData: PersonalDataDeclaration = {
  titleKey: 'transparency.personalData.module',
  legalBasisKey: 'transparency.personalData.legalBasis',
  purposeKey: 'transparency.personalData.purpose',
  retentionKey: 'transparency.personalData.retention',
  fieldKeys: {
    code: 'transparency.personalData.field.code',
    agency_code: 'transparency.personalData.field.agency',
    question: 'transparency.personalData.field.question',
    status: 'transparency.personalData.field.status',
    filed_at: 'transparency.personalData.field.filedAt',
    description: 'transparency.personalData.field.description',
    channel: 'transparency.personalData.field.channel',
    occurred_at: 'transparency.personalData.field.occurredAt',
  },
  valueKeys: { status: 'transparency.status.' },
  find: async (deps, accountId) => [
    { titleKey: 'transparency.personalData.requests', data: await requestsOf(deps.db, accountId), keptKey: 'transparency.personalData.kept' },
    { titleKey: 'transparency.personalData.breaches', data: await breachNoticesOf(deps.db, accountId), keptKey: 'transparency.personalData.kept' },
  ],
};
