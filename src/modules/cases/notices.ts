// What the person receives in their mailbox (Buzón digital) as a case moves: the receipt on
// submission, a request for correction, the decision, and the closing of a case the person
// did not correct in time; and what the agency's admins
// receive when a case passes its legal time (the escalation). Sent from the outbox events of the
// case's own transaction, once each (the event id is the delivery key). Accounts keep no
// language, so notices are in Spanish, the platform's default.
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { asSentence, createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { findStaff } from '../identity/index.ts';
import { notifyAccount, notifyUnit } from '../mailbox/index.ts';

type NoticeKind = 'submitted' | 'correctionRequested' | 'decided' | 'correctionExpired';

async function sendNotice(deps: Deps, event: DomainEvent, kind: NoticeKind): Promise<void> {
  const p = event.payload;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const outcome = p.outcome === 'approved' ? t('cases.notice.approved') : p.outcome === 'rejected' ? t('cases.notice.rejected') : '';
  const params = {
    code: String(p.trackingCode ?? ''),
    procedure: String(p.procedureName ?? ''),
    reason: asSentence(typeof p.reason === 'string' && p.reason ? p.reason : t('cases.notice.noReason')),
    outcome,
    url: `${deps.config.publicUrl}/mis-tramites/${String(p.trackingCode ?? '')}`,
  };
  const notice = { agencyCode: String(p.agencyCode), subject: t(`cases.notice.${kind}.subject`, params), body: t(`cases.notice.${kind}.body`, params), source: 'cases', key: `cases:${event.id}` };
  // A case of an economic unit: to the unit's mailbox, which its representatives read.
  if (typeof p.unitKey === 'string' && p.unitKey) await notifyUnit(deps, { ...notice, unitKey: p.unitKey });
  else await notifyAccount(deps, { ...notice, accountId: String(p.accountId) });
}

/** Tells every agency admin of the case's agency that it passed its legal time. */
async function escalate(deps: Deps, event: DomainEvent): Promise<void> {
  const p = event.payload;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const params = {
    code: String(p.trackingCode ?? ''),
    procedure: String(p.procedureName ?? ''),
    dueDate: typeof p.dueDate === 'string' && p.dueDate ? createFormatter(DEFAULT_LOCALE, deps.catalogs).date(p.dueDate) : '',
    url: `${deps.config.publicUrl}/gestion/expedientes/${String(p.trackingCode ?? '')}`,
  };
  for (const accountId of await findStaff(deps, String(p.agencyCode), 'agency_admin')) {
    await notifyAccount(deps, {
      accountId,
      agencyCode: String(p.agencyCode),
      subject: t('cases.notice.overdue.subject', params),
      body: t('cases.notice.overdue.body', params),
      source: 'cases',
      key: `cases:${event.id}:${accountId}`,
    });
  }
}

export const caseNotices = {
  'cases.overdue': (event: DomainEvent, deps: Deps) => escalate(deps, event),
  'cases.submitted': (event: DomainEvent, deps: Deps) => sendNotice(deps, event, 'submitted'),
  'cases.correction_requested': (event: DomainEvent, deps: Deps) => sendNotice(deps, event, 'correctionRequested'),
  // A case closed by the system because the correction deadline passed gets its own notice.
  'cases.decided': (event: DomainEvent, deps: Deps) => sendNotice(deps, event, event.payload.expired ? 'correctionExpired' : 'decided'),
};
