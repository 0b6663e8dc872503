import { defineModule } from '../../platform/module.ts';
import { sendQueuedMessage } from './message.service.ts';

/**
 * Outgoing e-mail and SMS through an outbox (messaging.outgoing) and a job that sends each
 * message through the configured transport (MESSAGE_TRANSPORT; only the development sink so far).
 */
export const messagingModule = defineModule({
  name: 'messaging',
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  jobs: {
    // Job name `messaging:send_message` (SEND_JOB).
    send_message: (payload, deps) => sendQueuedMessage(deps, payload),
  },
});
