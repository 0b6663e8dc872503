// Public projects and contraloría social (docs/projects.md): any public project with budget,
// executor, milestones and progress; the communal banks register and the append-only transfer
// ledger with totals by project, commune and communal circuit; citizens' observations answered
// in public. A consultation's funded proposals become projects (consultations.results_published).
import { defineModule } from '../../platform/module.ts';
import { projectsMapPoints } from './map-points.service.ts';
import { projectsOpenData } from './open-data.ts';
import { OFFICER_ROLE, SPOKESPERSON_ROLE } from './projects.policy.ts';
import { PROJECTS_SCOPES } from './projects.schemas.ts';
import { onResultsPublished } from './projects.service.ts';
import { projectStats } from './projects.stats.ts';
import { seedProjects } from './projects.seed.ts';
import { projectsPersonalData } from './personal-data.service.ts';
import { registerProjectsApi } from './routes/api.ts';
import { registerSpendingApi } from './routes/spending-api.ts';
import { registerProjectsPages } from './routes/pages.tsx';
import { registerBankPages } from './routes/banks.tsx';
import { registerUnitRoutes } from './routes/units.tsx';
import { TREASURER_ROLE } from './bank.types.ts';
import { notifyOverdueObservations, onObservationOverdue, OVERDUE_OBSERVATION_EVENT, OVERDUE_OBSERVATIONS_JOB } from './observation-notices.ts';

export const projectsModule = defineModule({
  name: 'projects',
  dependsOn: ['territories', 'agencies', 'identity', 'mailbox', 'registries', 'observatory'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    PROJECTS_NOT_FOUND: { status: 404, title: 'No such project (or observation)' },
    PROJECTS_PLAN_NOT_FOUND: { status: 404, title: 'No plan has this code' },
    PROJECTS_FORBIDDEN: { status: 403, title: 'Only the executing organisation or agency of the project may do this' },
    PROJECTS_CLIENT_NOT_ALLOWED: { status: 403, title: 'The client system may not use this projects API (no scope, or no agency)' },
    PROJECTS_ALREADY_ANSWERED: { status: 409, title: 'This observation has already been answered' },
    PROJECTS_UNIT_EXISTS: { status: 409, title: 'Another social-production unit is registered under this key or this bank account' },
  },
  routes: (app, deps) => {
    registerProjectsApi(app, deps);
    registerSpendingApi(app, deps);
    registerProjectsPages(app, deps);
    registerBankPages(app, deps);
    registerUnitRoutes(app, deps);
  },
  jobs: {
    [OVERDUE_OBSERVATIONS_JOB]: async (_payload, deps) => {
      await notifyOverdueObservations(deps);
    },
  },
  schedule: { [OVERDUE_OBSERVATIONS_JOB]: '23 * * * *' },
  eventHandlers: {
    'consultations.results_published': { projects: onResultsPublished },
    [OVERDUE_OBSERVATION_EVENT]: { mailbox: onObservationOverdue },
  },
  seed: seedProjects,
  nav: [
    { href: '/proyectos', labelKey: 'projects.nav' },
    { href: '/bancos-comunales', labelKey: 'projects.banks.nav' },
  ],
  stats: projectStats,
  openData: projectsOpenData,
  mapPoints: projectsMapPoints,
  personalData: projectsPersonalData,
  roles: [
    { name: SPOKESPERSON_ROLE, scope: 'territory', labelKey: 'projects.role.spokesperson', hintKey: 'projects.role.spokespersonHint' },
    { name: TREASURER_ROLE, scope: 'territory', labelKey: 'projects.role.treasurer', hintKey: 'projects.role.treasurerHint' },
    { name: OFFICER_ROLE, scope: 'agency', labelKey: 'projects.role.officer', hintKey: 'projects.role.officerHint' },
  ],
  scopes: [
    { name: PROJECTS_SCOPES.write, descriptionKey: 'projects.contract.scope.write', holders: ['system'] },
    { name: PROJECTS_SCOPES.transfer, descriptionKey: 'projects.contract.scope.transfer', holders: ['system'] },
  ],
});
