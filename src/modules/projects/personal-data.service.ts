// "Mis datos": the observations a person filed on projects (public once filed, kept as the record of social control).
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { listObservationsOf } from './projects.queries.ts';

export const projectsPersonalData: PersonalDataDeclaration = {
  titleKey: 'projects.personalData.module',
  legalBasisKey: 'projects.personalData.legalBasis',
  purposeKey: 'projects.personalData.purpose',
  retentionKey: 'projects.personalData.retention',
  fieldKeys: {
    project_id: 'projects.personalData.field.project',
    body: 'projects.personalData.field.body',
    created_at: 'projects.personalData.field.createdAt',
    answer: 'projects.personalData.field.answer',
  },
  find: async (deps, accountId) => [{ titleKey: 'projects.personalData.observations', data: await listObservationsOf(deps.db, accountId), keptKey: 'projects.personalData.kept' }],
};
