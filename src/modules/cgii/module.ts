// cgii: the Centro de Gestión de Incidentes Informáticos (docs/cgii.md): public entities report
// security incidents, the centre triages and answers them in the time their severity demands,
// exchanges them as STIX 2.1, and anyone can report a vulnerability.
import { defineModule } from '../../platform/module.ts';
import { escalateOverdue } from './cgii.service.ts';
import { sealLegacyCentreKeys } from './disclosure.service.ts';
import { cgiiPersonalData } from './personal-data.service.ts';
import { seedCgii } from './cgii.seed.ts';
import { cgiiStats } from './cgii.stats.ts';
import { CGII_ANALYST, CGII_CONTACT } from './cgii.types.ts';
import { CGII_EXCHANGE, CGII_REPORT, registerCgiiApi } from './routes/api.ts';
import { registerCgiiPages } from './routes/pages.tsx';
import { registerCgiiAdvisoryPages } from './routes/advisories.tsx';
import { registerCgiiPlanPages } from './routes/plans.tsx';
import { PLAN_TOPIC, noticePlan, remindPlans } from './plan.service.ts';
import { ADVISORY_TOPIC, noticeAdvisory } from './advisory.service.ts';

export const ESCALATION_JOB = 'escalate_overdue';
export const PLAN_REMINDER_JOB = 'remind_plans';

export const cgiiModule = defineModule({
  name: 'cgii',
  dependsOn: ['agencies', 'identity', 'mailbox'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    CGII_NOT_FOUND: { status: 404, title: 'No incident (or evidence) you may see has this id' },
    CGII_FORBIDDEN: { status: 403, title: 'Only the CGII’s analysts, or the entity’s security contacts, may do this' },
    CGII_CLOSED: { status: 409, title: 'The incident is closed' },
    CGII_ALREADY_ANSWERED: { status: 409, title: 'The vulnerability report has already been answered' },
    CGII_NO_REQUEST: { status: 409, title: 'The centre is not waiting for an answer from the entity' },
    CGII_INVALID_BUNDLE: { status: 400, title: 'The STIX bundle holds no incident or advisory with the CGII extension’s fields, or they are not valid' },
    CGII_ADVISORY_WITHDRAWN: { status: 409, title: 'The advisory has been withdrawn: it cannot be edited' },
    CGII_ADVISORY_CHANGED: { status: 409, title: 'The advisory was edited since the version this edit starts from' },
    CGII_CLIENT_NOT_ALLOWED: { status: 403, title: 'The client system may not use the CGII API (no such scope, or no agency)' },
  },
  roles: [
    { name: CGII_ANALYST, scope: 'agency', labelKey: 'cgii.role.analyst', hintKey: 'cgii.role.analystHint' },
    { name: CGII_CONTACT, scope: 'agency', labelKey: 'cgii.role.contact', hintKey: 'cgii.role.contactHint' },
  ],
  scopes: [
    { name: CGII_REPORT, descriptionKey: 'cgii.contract.scope.report', holders: ['system'] },
    { name: CGII_EXCHANGE, descriptionKey: 'cgii.contract.scope.exchange', holders: ['system'] },
  ],
  stats: cgiiStats,
  personalData: cgiiPersonalData,
  routes: (app, deps) => {
    // A private key kept in clear by an installation before migration 002 is sealed at start.
    app.addHook('onReady', async () => void (await sealLegacyCentreKeys(deps)));
    registerCgiiApi(app, deps);
    registerCgiiPages(app, deps);
    registerCgiiAdvisoryPages(app, deps);
    registerCgiiPlanPages(app, deps);
  },
  // An advisory's mailbox notices to the contacts of the entities it went to: a retried job from the outbox event.
  eventHandlers: { [ADVISORY_TOPIC]: { mailbox: noticeAdvisory }, [PLAN_TOPIC]: { mailbox: noticePlan } },
  jobs: {
    [ESCALATION_JOB]: async (_payload, deps) => void (await escalateOverdue(deps, new Date())),
    [PLAN_REMINDER_JOB]: async (_payload, deps) => void (await remindPlans(deps, new Date())),
  },
  // Every 5 minutes: a critical incident's first response is due within the hour.
  // Plans: reminders before the review date, daily (07:00 UTC).
  schedule: { [ESCALATION_JOB]: '*/5 * * * *', [PLAN_REMINDER_JOB]: '0 7 * * *' },
  seed: seedCgii,
  nav: [{ href: '/cgii', labelKey: 'cgii.nav', audience: 'staff' }],
});
