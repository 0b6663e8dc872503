// Postal tracking (docs/postal.md): the national post's shipments with UPU S10 numbers and
// labels, tracking events from the operator's systems (API) or a clerk's CSV, public tracking
// at /envios, mailbox notices to the addressee, and figures of delivery times by route.
import { defineModule } from '../../platform/module.ts';
import { seedPostal } from './postal.seed.ts';
import { noticeAddressee } from './postal.service.ts';
import { postalStats } from './postal.stats.ts';
import { POSTAL_CLERK, POSTAL_TRACK } from './postal.types.ts';
import { postalPersonalData } from './personal-data.service.ts';
import { registerPostalApi } from './routes/api.ts';
import { registerPostalPages } from './routes/pages.tsx';
import { registerPrintQueuePages } from './routes/print-queue.tsx';
import { registerSettlementRoutes } from './routes/settlement.ts';
import { OFFICIAL_MAIL_JOB, recordLetterEvent, sweepOfficialMail } from './official-mail.service.ts';

export const postalModule = defineModule({
  name: 'postal',
  dependsOn: ['agencies', 'identity', 'mailbox', 'registries', 'territories'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    POSTAL_NUMBER_MALFORMED: { status: 422, title: 'A tracking number has two letters, nine digits and two letters (UPU S10), e.g. CP000000015BO' },
    POSTAL_NUMBER_MISTYPED: { status: 422, title: 'The check digit of this S10 number does not match: a digit is mistyped' },
    POSTAL_SHIPMENT_NOT_FOUND: { status: 404, title: 'No shipment with this number (of your agency)' },
    POSTAL_FORBIDDEN: { status: 403, title: 'Only the post’s counter clerks register shipments and import tracking events' },
    POSTAL_CLIENT_NOT_ALLOWED: { status: 403, title: 'The client system may not report tracking events (no `postal:track` scope, or no agency)' },
    POSTAL_NOT_COLLECTED: { status: 409, title: 'This shipment was not delivered with its cash collected (cash on delivery)' },
    POSTAL_ALREADY_REMITTED: { status: 409, title: 'A remittance already covers this shipment' },
    POSTAL_ALREADY_REFUNDED: { status: 409, title: 'The cash of this shipment was refunded to the buyer already' },
    POSTAL_SHIPMENT_RETURNED: { status: 409, title: 'This shipment came back to the seller: its cash is refunded to the buyer, not remitted' },
    POSTAL_NOT_RETURNED: { status: 409, title: 'This shipment has not come back to the seller: its cash is remitted, not refunded' },
    POSTAL_PAYEE_MISMATCH: { status: 422, title: 'This shipment’s cash is owed to another payee' },
    POSTAL_AMOUNT_MISMATCH: { status: 422, title: 'The amount is not what was collected for these shipments' },
    POSTAL_REFERENCE_REUSED: { status: 409, title: 'This reference was already reported with another content' },
  },
  routes: (app, deps) => {
    registerPostalApi(app, deps);
    registerPostalPages(app, deps);
    registerPrintQueuePages(app, deps);
    registerSettlementRoutes(app, deps);
  },
  eventHandlers: {
    'postal.tracking_event_recorded': {
      mailbox: (event, deps) => noticeAddressee(deps, event.payload as Parameters<typeof noticeAddressee>[1]),
      // Official mail: the letter's event, kept on its mailbox message (proof of notification).
      official_mail: (event, deps) => recordLetterEvent(deps, event.payload as Parameters<typeof recordLetterEvent>[1]),
    },
  },
  jobs: { [OFFICIAL_MAIL_JOB]: async (_payload, deps) => void (await sweepOfficialMail(deps)) },
  schedule: { [OFFICIAL_MAIL_JOB]: '23 * * * *' },
  seed: seedPostal,
  nav: [{ href: '/envios', labelKey: 'postal.nav' }],
  roles: [{ name: POSTAL_CLERK, scope: 'agency', labelKey: 'postal.role.clerk', hintKey: 'postal.role.clerkHint' }],
  scopes: [{ name: POSTAL_TRACK, descriptionKey: 'postal.contract.scope.track', holders: ['system'] }],
  stats: postalStats,
  personalData: postalPersonalData,
});
