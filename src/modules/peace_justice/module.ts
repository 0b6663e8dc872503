// Justicia de Paz Comunal (docs/peace-justice.md): neighbours' disputes mediated by the communal
// justice of peace of their territory, followed to an agreement sealed by the signing service and
// to its fulfilment; cases that are not for mediation are referred to the competent authority.
// Only the parties and the justice see a case; the public sees counts.
import { defineModule } from '../../platform/module.ts';
import { peaceJusticePersonalData } from './personal-data.service.ts';
import { seedPeaceJustice } from './peace-justice.seed.ts';
import { peaceJusticeStats } from './peace-justice.stats.ts';
import { ACT_SIGNED_TOPIC, NOTICE_TOPICS, noticeParties, sealAct } from './peace-justice.service.ts';
import { JUSTICE_ROLE } from './peace-justice.types.ts';
import { registerPeaceJusticePages } from './routes/pages.tsx';

export const peaceJusticeModule = defineModule({
  name: 'peace_justice',
  dependsOn: ['territories', 'identity', 'mailbox', 'documents'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    PEACE_JUSTICE_NOT_FOUND: { status: 404, title: 'No such mediation case (or it is not yours to see)' },
    PEACE_JUSTICE_FORBIDDEN: { status: 403, title: 'Only the justice of peace of the case’s territory (or, to accept the act, a party) may do this' },
    PEACE_JUSTICE_WRONG_STATE: { status: 409, title: 'The case is not at the step this action belongs to' },
    PEACE_JUSTICE_ALREADY_ACCEPTED: { status: 409, title: 'This party has already accepted the act' },
    PEACE_JUSTICE_LEVEL: { status: 403, title: 'Accepting the act needs an account verified at level sustancial' },
  },
  routes: (app, deps) => registerPeaceJusticePages(app, deps),
  // The parties' notices and the sealing of the act: retried jobs from the case's outbox events.
  eventHandlers: {
    ...Object.fromEntries(Object.keys(NOTICE_TOPICS).map((topic) => [topic, { mailbox: noticeParties }])),
    [ACT_SIGNED_TOPIC]: { seal: sealAct },
  },
  seed: (deps) => seedPeaceJustice(deps),
  nav: [{ href: '/justicia-de-paz', labelKey: 'peace_justice.nav' }],
  stats: peaceJusticeStats,
  personalData: peaceJusticePersonalData,
  roles: [{ name: JUSTICE_ROLE, scope: 'territory', labelKey: 'peace_justice.role.justice', hintKey: 'peace_justice.role.justiceHint' }],
});
