// "Mis datos": the comments a person made on drafts (public without the name; kept as the consultation's record).
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { listCommentsOf } from './norms.queries.ts';

export const normsPersonalData: PersonalDataDeclaration = {
  titleKey: 'norms.personalData.module',
  legalBasisKey: 'norms.personalData.legalBasis',
  purposeKey: 'norms.personalData.purpose',
  retentionKey: 'norms.personalData.retention',
  fieldKeys: {
    consultation_id: 'norms.personalData.field.consultation',
    article_number: 'norms.personalData.field.article',
    body: 'norms.personalData.field.body',
    created_at: 'norms.personalData.field.createdAt',
  },
  find: async (deps, accountId) => [{ titleKey: 'norms.personalData.comments', data: await listCommentsOf(deps.db, accountId), keptKey: 'norms.personalData.kept' }],
};
