// State procurement and the feria a la inversa (docs/procurement.md): entities publish needs,
// registered suppliers send sealed offers, the published rule picks the winner, the contract is
// a signed document, and every stage is an OCDS 1.1.5 release.
import { defineModule } from '../../platform/module.ts';
import { procurementPersonalData } from './personal-data.service.ts';
import { OFFICER_ROLE } from './procurement.service.ts';
import { notifySubscribers } from './subscriptions.service.ts';
import { seedProcurement } from './procurement.seed.ts';
import { registerProcurementApi } from './routes/api.ts';
import { registerProcurementPages } from './routes/pages.tsx';

export const procurementModule = defineModule({
  name: 'procurement',
  dependsOn: ['agencies', 'identity', 'documents', 'registries', 'mailbox'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    PROCUREMENT_NOT_FOUND: { status: 404, title: 'No such procurement process (or offer of yours)' },
    PROCUREMENT_FORBIDDEN: { status: 403, title: "Only the entity's procurement officers (or the winning supplier, for its contract) may do this" },
    PROCUREMENT_CLOSED: { status: 409, title: 'The deadline for offers and questions has passed' },
    PROCUREMENT_NOT_ACTING: { status: 403, title: 'Act for an economic unit you represent (/empresa) to offer or complain' },
    PROCUREMENT_NOT_ELIGIBLE: { status: 403, title: 'The need is reserved for small or community producers; this unit is not one' },
    PROCUREMENT_ALREADY_OFFERED: { status: 409, title: 'This unit has already sent its offer for this need' },
    PROCUREMENT_SEALED: { status: 409, title: 'The offers are sealed until the opening act after the deadline' },
    PROCUREMENT_BEFORE_DEADLINE: { status: 409, title: 'The offers can be opened only after the deadline' },
    PROCUREMENT_ALREADY_OPENED: { status: 409, title: 'The offers of this process have already been opened' },
    PROCUREMENT_WRONG_KEY: { status: 422, title: "The opening key is not this process's key" },
    PROCUREMENT_NOT_IN_STANDSTILL: { status: 409, title: 'Complaints against the award are taken only during the standstill' },
    PROCUREMENT_NOT_A_BIDDER: { status: 403, title: 'Only a bidder that did not win may complain against the award' },
    PROCUREMENT_ALREADY_COMPLAINED: { status: 409, title: 'This unit has already complained against this award' },
    PROCUREMENT_ALREADY_ANSWERED: { status: 409, title: 'This complaint has already been answered' },
    PROCUREMENT_COMPLAINT_PENDING: { status: 409, title: 'A complaint against the award is pending: the award is suspended and the contract cannot be signed until it is answered' },
    PROCUREMENT_IN_STANDSTILL: { status: 409, title: 'The contract is signed after the standstill' },
    PROCUREMENT_NOT_AWARDED: { status: 409, title: 'The process has no award to contract (or it is already contracted)' },
    PROCUREMENT_LEVEL: { status: 403, title: 'Accepting a contract needs a session at level `sustancial` or higher' },
    PROCUREMENT_ALREADY_ACCEPTED: { status: 409, title: 'The contract has already been accepted' },
    PROCUREMENT_NOT_CONTRACTED: { status: 409, title: 'Deliveries and payments are recorded against an accepted contract' },
    PROCUREMENT_NO_OFFER: { status: 409, title: 'Send the offer first: documents are attached to the sealed offer of the unit' },
    PROCUREMENT_TOO_MANY_DOCUMENTS: { status: 409, title: 'The offer already has the most documents it may have' },
    PROCUREMENT_DOCUMENT_ATTACHED: { status: 409, title: 'This file is already attached to the offer' },
    PROCUREMENT_NOT_SCORING: { status: 409, title: 'The process is not waiting for the committee scores (points rule, opened, not yet scored)' },
    PROCUREMENT_BAD_CURSOR: { status: 400, title: 'The paging cursor is not one this API gave' },
  },
  routes: (app, deps) => {
    registerProcurementApi(app, deps);
    registerProcurementPages(app, deps);
  },
  // A new need tells the suppliers subscribed to its CPV code and territory (docs/procurement.md, "Subscriptions").
  eventHandlers: { 'procurement.tender_published': { subscribers: notifySubscribers } },
  seed: seedProcurement,
  nav: [{ href: '/compras', labelKey: 'procurement.nav' }],
  roles: [{ name: OFFICER_ROLE, scope: 'agency', labelKey: 'procurement.role.officer', hintKey: 'procurement.role.officerHint' }],
  personalData: procurementPersonalData,
});
