import { defineModule } from '../../platform/module.ts';
import { MAILBOX_SEND_SCOPE } from './mailbox.types.ts';
import { mailboxWebhookTopics } from './webhook-topics.ts';
import { registerMailboxApi } from './routes/api.ts';
import { registerMailboxPages } from './routes/pages.tsx';
import { runDeemedNotificationsJob, scheduleDeemedNotifications, sendDeliveryAlert } from './mailbox.service.ts';
import { seedMailbox } from './mailbox.seed.ts';
import { alertPlatformAdminsOfJobFailure } from './job-failure.service.ts';
import { mailboxPersonalData } from './personal-data.service.ts';
import { claimOnAccountCreated } from './official-mail.service.ts';

export const mailboxModule = defineModule({
  name: 'mailbox',
  dependsOn: ['agencies', 'messaging', 'identity'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: [new URL('./locales/', import.meta.url), new URL('./locales/contract/', import.meta.url)],
  errors: {
    MAILBOX_MESSAGE_NOT_FOUND: { status: 404, title: 'No such message in this mailbox' },
    MAILBOX_ATTACHMENT_NOT_FOUND: { status: 404, title: 'No such attachment in this message' },
    MAILBOX_CLIENT_NOT_ALLOWED: { status: 403, title: 'The client system may not deliver to mailboxes (no `mailbox:send` right)' },
    MAILBOX_CLIENT_WITHOUT_AGENCY: { status: 403, title: 'The client system belongs to no agency, so it cannot deliver mail' },
  },
  routes: async (app, deps) => {
    registerMailboxApi(app, deps);
    registerMailboxPages(app, deps);
    // Deemed notifications are recorded by a job that reschedules itself (one pending run,
    // by job key); reads never depend on it having run (see mailbox.queries.ts).
    await scheduleDeemedNotifications(deps, new Date());
  },
  jobs: {
    mark_deemed_notified: async (_payload, deps) => runDeemedNotificationsJob(deps),
  },
  eventHandlers: {
    'mailbox.message_delivered': { send_alert: sendDeliveryAlert },
    'platform.job_failed': { alert_platform_admins: alertPlatformAdminsOfJobFailure },
    'identity.account_created': { claim_held_messages: claimOnAccountCreated },
  },
  seed: seedMailbox,
  nav: [{ href: '/buzon', labelKey: 'mailbox.nav' }],
  personalData: mailboxPersonalData,
  webhookTopics: mailboxWebhookTopics,
  // A right of agencies' systems only (client credentials grant), never a person's to give.
  scopes: [{ name: MAILBOX_SEND_SCOPE, descriptionKey: 'mailbox.contract.scope.send', holders: ['system'] }],
});
