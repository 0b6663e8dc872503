import { defineModule } from '../../platform/module.ts';
import { casesOverdue } from './services/overdue.service.ts';
import { applyLegalDeadlines, DEADLINE_JOB } from './services/deadlines.service.ts';
import { caseNotices } from './notices.ts';
import { registerCaseApi } from './routes/api.ts';
import { registerAgencyCaseApi } from './routes/agency-api.ts';
import { registerCasePages } from './routes/pages.tsx';
import { casesPersonalData } from './personal-data.service.ts';
import { CASES_SCOPES } from './case.types.ts';
import { enqueueSubmittedWebhook } from './services/case-webhooks.service.ts';
import { casesWebhookTopics } from './webhook-topics.ts';

// The statistics of procedures (the catalog's `stats`) are recorded in the transaction of each
// submission, decision and rating (services/statistics.service.ts); no job recomputes them.
export const casesModule = defineModule({
  name: 'cases',
  dependsOn: ['territories', 'identity', 'mailbox', 'catalog', 'registries', 'interop'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: [new URL('./locales/', import.meta.url), new URL('./locales/contract/', import.meta.url)],
  errors: {
    CASES_NOT_FOUND: { status: 404, title: 'No case of yours has this tracking code' },
    CASES_PROCEDURE_NOT_ONLINE: { status: 404, title: 'This procedure cannot be applied for online' },
    CASES_APPLICANT_NOT_FOUND: { status: 422, title: 'No account has this identifier' },
    CASES_TRANSITION_NOT_ALLOWED: { status: 409, title: 'This action is not allowed in the current state of the case' },
    CASES_NOT_DECIDED: { status: 409, title: 'The case has not been decided yet' },
    CASES_ALREADY_RATED: { status: 409, title: 'The case has already been rated' },
    CASES_UNIT_NOT_REPRESENTED: { status: 403, title: 'You do not represent this economic unit' },
  },
  routes: (app, deps) => {
    registerCaseApi(app, deps);
    registerAgencyCaseApi(app, deps);
    registerCasePages(app, deps);
  },
  jobs: {
    [DEADLINE_JOB]: async (_payload, deps) => {
      await applyLegalDeadlines(deps);
    },
  },
  schedule: { [DEADLINE_JOB]: '7 * * * *' },
  eventHandlers: {
    'cases.submitted': {
      mailbox: caseNotices['cases.submitted'],
      // The agency's system hears of the new case (cases.submitted webhook; once per case).
      agency_webhook: async (event, deps) => enqueueSubmittedWebhook(deps, (event.payload as { caseId: string }).caseId),
    },
    'cases.correction_requested': { mailbox: caseNotices['cases.correction_requested'] },
    'cases.overdue': { escalation: caseNotices['cases.overdue'] },
    'cases.decided': { mailbox: caseNotices['cases.decided'] },
  },
  nav: [{ href: '/mis-tramites', labelKey: 'cases.nav' }],
  overdue: casesOverdue,
  personalData: casesPersonalData,
  // What a person's access token may let a client do through /api/v1/cases, and the rights an
  // agency's system may hold by itself (docs/api-auth.md).
  webhookTopics: casesWebhookTopics,
  scopes: [
    { name: CASES_SCOPES.read, descriptionKey: 'cases.contract.scope.read' },
    { name: CASES_SCOPES.write, descriptionKey: 'cases.contract.scope.write' },
    { name: CASES_SCOPES.handle, descriptionKey: 'cases.contract.scope.handle', holders: ['person', 'system'] },
    { name: CASES_SCOPES.feed, descriptionKey: 'cases.contract.scope.feed', holders: ['system'] },
  ],
});
