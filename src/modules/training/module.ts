// Capacitación (docs/training.md): courses for public servants and citizens with lessons,
// quizzes and a final assessment; signed completion certificates in the mailbox; learning
// records as xAPI 1.0.3 statements; facilitators' cohorts at Infocentros; entities' reports.
import { defineModule } from '../../platform/module.ts';
import { trainingPersonalData } from './personal-data.service.ts';
import { registerAdvicePages } from './routes/advice.tsx';
import { registerBadgeRoutes } from './routes/badges.tsx';
import { registerTrainingPages } from './routes/pages.tsx';
import { registerXapi, XAPI_SCOPE } from './routes/xapi.ts';
import { COMPLETED_TOPIC, FACILITATOR_ROLE, issueCertificate, MANAGER_ROLE, seedCourses } from './training.service.ts';
import { trainingStats } from './training.stats.ts';

export const trainingModule = defineModule({
  name: 'training',
  dependsOn: ['agencies', 'identity', 'mailbox', 'documents'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    TRAINING_NOT_FOUND: { status: 404, title: 'No such course, lesson or cohort (of yours)' },
    TRAINING_NOT_ENROLLED: { status: 409, title: 'Enrol in the course first' },
    TRAINING_NOT_COMPLETED: { status: 409, title: 'The badge comes once the course is passed; a paper certificate once the attendance is completed' },
    TRAINING_LESSONS_PENDING: { status: 409, title: 'Every lesson comes before the final assessment' },
    TRAINING_FORBIDDEN: { status: 403, title: 'Only the entity’s training managers (or facilitators) may do this' },
    TRAINING_XAPI_VERSION: { status: 400, title: 'The X-Experience-API-Version header (1.0.x) is required' },
    TRAINING_XAPI_INVALID: { status: 400, title: 'The statement breaks the xAPI 1.0.3 rules' },
    TRAINING_XAPI_CONFLICT: { status: 409, title: 'A different statement is already stored with this id' },
    TRAINING_XAPI_NOT_FOUND: { status: 404, title: 'No such statement (of your agency)' },
    TRAINING_XAPI_FORBIDDEN: { status: 403, title: 'The client may not use the statement resource (no `training:xapi` scope, or no agency)' },
  },
  routes: async (app, deps) => {
    await registerXapi(app, deps);
    registerTrainingPages(app, deps);
    registerBadgeRoutes(app, deps);
    registerAdvicePages(app, deps);
  },
  eventHandlers: {
    [COMPLETED_TOPIC]: { certificate: issueCertificate },
  },
  seed: seedCourses,
  nav: [{ href: '/capacitacion', labelKey: 'training.nav' }],
  stats: trainingStats,
  personalData: trainingPersonalData,
  roles: [
    { name: MANAGER_ROLE, scope: 'agency', labelKey: 'training.role.manager', hintKey: 'training.role.managerHint' },
    { name: FACILITATOR_ROLE, scope: 'agency', labelKey: 'training.role.facilitator', hintKey: 'training.role.facilitatorHint' },
  ],
  scopes: [{ name: XAPI_SCOPE, descriptionKey: 'training.contract.scope.xapi', holders: ['system'] }],
});
