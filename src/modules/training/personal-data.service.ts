// "Mis datos": the courses a person enrolled in, their progress and learning records (kept: the
// certificate and the records other systems may hold refer to them).
import type { PersonalDataDeclaration } from '../../platform/module.ts';
import { listBadgesOfAccount } from './badges/badges.queries.ts';
import { listEnrolmentsOf, statementsOfAccount } from './training.queries.ts';

export const trainingPersonalData: PersonalDataDeclaration = {
  titleKey: 'training.personalData.module',
  legalBasisKey: 'training.personalData.legalBasis',
  purposeKey: 'training.personalData.purpose',
  retentionKey: 'training.personalData.retention',
  fieldKeys: {
    courseId: 'training.personalData.field.course',
    enrolledAt: 'training.personalData.field.enrolledAt',
    completedAt: 'training.personalData.field.completedAt',
    scorePercent: 'training.personalData.field.score',
    certificateNumber: 'training.personalData.field.certificate',
    verb: 'training.personalData.field.verb',
    object: 'training.personalData.field.object',
    stored: 'training.personalData.field.stored',
    badge: 'training.personalData.field.badge',
    issuedAt: 'training.personalData.field.issuedAt',
    revokedAt: 'training.personalData.field.revokedAt',
  },
  find: async (deps, accountId) => [
    {
      titleKey: 'training.personalData.enrolments',
      data: (await listEnrolmentsOf(deps.db, accountId)).map((e) => ({
        courseId: e.courseId,
        enrolledAt: e.enrolledAt.toISOString(),
        completedAt: e.completedAt?.toISOString() ?? null,
        scorePercent: e.scorePercent,
        certificateNumber: e.certificateNumber,
      })),
      keptKey: 'training.personalData.kept',
    },
    {
      titleKey: 'training.personalData.badges',
      data: (await listBadgesOfAccount(deps.db, accountId)).map((b) => ({
        badge: b.id,
        courseId: b.courseId,
        issuedAt: b.issuedAt.toISOString(),
        revokedAt: b.revokedAt?.toISOString() ?? null,
      })),
      keptKey: 'training.personalData.kept',
    },
    { titleKey: 'training.personalData.statements', data: await statementsOfAccount(deps.db, deps.config.publicUrl, accountId), keptKey: 'training.personalData.kept' },
  ],
};
