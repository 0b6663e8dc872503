// Follow-up in the Buzón digital: what a signed-in reporter receives as their report moves
// (receipt and routing, public replies, status changes, reopening after a contest), what a
// subscriber of alerts receives for each new report in their territory or circle, and what
// the agency's admins (and those of its superior agency) receive when a report passes its
// legal time. Sent from the outbox events of the report's own transaction; the event id is the
// delivery key, so a retried job delivers once. Anonymous reports carry no reporter: nothing is
// sent. Accounts keep no language, so notices are in Spanish, the platform's default.
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { asSentence, createFormatter } from '../../platform/i18n/format.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from '../agencies/index.ts';
import { findStaff } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { findCategory } from './categories.queries.ts';

/** Sender of notices about a report no agency holds yet (the triage queue). */
const PLATFORM_SENDER = 'TAMBO';

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));

async function send(deps: Deps, event: DomainEvent, accountId: string, kind: string, key: string, extra: Record<string, string> = {}): Promise<void> {
  const p = event.payload;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const params = {
    code: str(p.code),
    agency: str(p.agencyName) || t('reports.notice.triage'),
    text: str(p.text),
    url: `${deps.config.publicUrl}${str(p.path)}`,
    ...extra,
  };
  await notifyAccount(deps, {
    accountId,
    agencyCode: str(p.agencyCode) || PLATFORM_SENDER,
    subject: t(`reports.notice.${kind}.subject`, params),
    body: t(`reports.notice.${kind}.body`, params),
    source: 'reports',
    key,
  });
}

const day = (deps: Deps, iso: unknown): string => (typeof iso === 'string' && iso ? createFormatter(DEFAULT_LOCALE, deps.catalogs).date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : new Date(iso)) : '');

/** To the reporter (if signed in): the notice kind for this event, or none. */
function reporterNoticeKind(event: DomainEvent): string | undefined {
  const p = event.payload;
  switch (event.topic) {
    case 'reports.submitted':
      return p.agencyCode ? 'routed' : 'triaged';
    case 'reports.replied':
      return 'replied';
    case 'reports.accepted':
      return 'inProgress';
    case 'reports.merged':
      return 'duplicate';
    case 'reports.reopened':
      return 'reopened';
    case 'reports.status_changed':
      return p.status === 'in_progress' ? 'inProgress' : p.status === 'resolved' ? 'resolved' : p.status === 'rejected' ? 'rejected' : undefined;
    default:
      return undefined;
  }
}

async function followUpReporter(event: DomainEvent, deps: Deps): Promise<void> {
  const accountId = str(event.payload.reporterAccountId);
  const kind = reporterNoticeKind(event);
  if (!accountId || !kind) return;
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  await send(deps, event, accountId, kind, `reports:${event.id}`, {
    dueDate: day(deps, event.payload.dueAt),
    contestUntil: day(deps, event.payload.contestUntil),
    reason: asSentence(str(event.payload.text) || t('reports.notice.noReason')),
  });
}

/** One notice per report and subscription (the key says so, whatever the event). */
async function alertSubscriber(event: DomainEvent, deps: Deps): Promise<void> {
  const p = event.payload;
  const category = await findCategory(deps.db, str(p.categoryCode));
  await send(deps, event, str(p.accountId), 'alert', `reports:alert:${str(p.subscriptionId)}:${str(p.reportId)}`, {
    category: category?.name[DEFAULT_LOCALE] ?? str(p.categoryCode),
  });
}

/** Tells the agency_admin staff of the report's agency and of its superior agency, once each. */
async function escalate(event: DomainEvent, deps: Deps): Promise<void> {
  const agencyCode = str(event.payload.agencyCode);
  if (!agencyCode) return;
  const agency = await getAgency(deps, agencyCode).catch(() => undefined);
  const agencies = [agencyCode, ...(agency?.superiorCode ? [agency.superiorCode] : [])];
  const accounts = new Set<string>();
  for (const code of agencies) for (const id of await findStaff(deps, code, 'agency_admin')) accounts.add(id);
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const extra = { dueDate: day(deps, event.payload.dueAt), agency: agency?.name ?? agencyCode };
  for (const accountId of accounts) {
    await notifyAccount(deps, {
      accountId,
      agencyCode,
      subject: t('reports.notice.escalated.subject', { code: str(event.payload.code), ...extra }),
      body: t('reports.notice.escalated.body', { code: str(event.payload.code), url: `${deps.config.publicUrl}${str(event.payload.path)}`, ...extra }),
      source: 'reports',
      key: `reports:${event.id}:${accountId}`,
    });
  }
}

const mailbox = { mailbox: followUpReporter };
export const reportNotices = {
  'reports.submitted': mailbox,
  'reports.accepted': mailbox,
  'reports.replied': mailbox,
  'reports.status_changed': mailbox,
  'reports.merged': mailbox,
  'reports.reopened': mailbox,
  'reports.alert': { mailbox: alertSubscriber },
  'reports.escalated': { mailbox: escalate },
};
