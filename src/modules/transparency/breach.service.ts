// Personal-data breach notices (docs/transparency.md): a breach recorded here (or handed over by
// the CGII through `recordBreach` in index.ts) notifies every person affected in their mailbox;
// a person without an account is listed for a notice by post. Idempotent by `sourceKey`.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { findAccountByIdentityDocument } from '../identity/index.ts';
import { notifyAccount } from '../mailbox/index.ts';
import { findBreachAgency, findBreaches, insertBreach, insertBreachNotices, markNoticePosted } from './transparency.queries.ts';
import { DEFAULT_LOCALE, translator } from '../../platform/i18n/i18n.ts';
import { breachAgencies, canHandleBreaches } from './transparency.policy.ts';
import type { Actor } from './transparency.service.ts';
import type { Breach } from './transparency.types.ts';

export interface BreachInput {
  agencyCode: string;
  /** What happened and which data, in plain words (the notice's body quotes it). */
  description: string;
  occurredAt: Date;
  /** The people affected, by identity document. */
  affected: Array<{ documentType: string; documentNumber: string }>;
  source?: 'transparency' | 'cgii';
  /** Makes a repeated hand-over record the breach once (e.g. the CGII's incident id). */
  sourceKey?: string;
  actor?: { type: 'official' | 'system'; id: string };
}

export interface BreachResult {
  breachId: string;
  created: boolean;
  mailbox: number;
  post: Array<{ documentType: string; documentNumber: string }>;
}

export async function recordBreach(deps: Deps, input: BreachInput): Promise<BreachResult> {
  const description = input.description.trim();
  if (!description || description.length > 4000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/description', messageKey: 'transparency.errors.reason' }] });
  const recorded = await deps.db.transaction().execute(async (trx) => {
    const breach = await insertBreach(trx, {
      id: crypto.randomUUID(),
      agencyCode: input.agencyCode,
      description,
      occurredAt: input.occurredAt,
      source: input.source ?? 'transparency',
      sourceKey: input.sourceKey ?? null,
    });
    if (breach.created)
      await recordAudit(trx, {
        actor: input.actor ?? { type: 'system', id: 'transparency' },
        action: 'transparency.breach_recorded',
        subject: { type: 'breach', id: breach.id },
        data: { agency: input.agencyCode, affected: input.affected.length, source: input.source ?? 'transparency' },
      });
    return breach;
  });
  const breachId = recorded.id;
  // A repeated hand-over (the CGII's event retried after a failure part-way through the notices)
  // goes on notifying: each mailbox notice is keyed by breach and account, and each notice row
  // by breach and document, so what the earlier attempt did is not done twice, and what it did
  // not reach is done now.
  const t = translator(deps.catalogs, DEFAULT_LOCALE);
  const notices: Parameters<typeof insertBreachNotices>[2] = [];
  for (const person of input.affected) {
    const account = await findAccountByIdentityDocument(deps, person.documentType, person.documentNumber);
    if (!account) {
      notices.push({ ...person, accountId: null, channel: 'post', messageId: null });
      continue;
    }
    const message = await notifyAccount(deps, {
      accountId: account.id,
      agencyCode: input.agencyCode,
      subject: t('transparency.breach.subject'),
      body: t('transparency.breach.body', { agency: input.agencyCode, description }),
      source: 'transparency',
      key: `breach:${breachId}:${account.id}`,
    });
    notices.push({ ...person, accountId: account.id, channel: 'mailbox', messageId: message?.id ?? null });
  }
  await insertBreachNotices(deps.db, breachId, notices);
  return {
    breachId,
    created: recorded.created,
    mailbox: notices.filter((n) => n.channel === 'mailbox').length,
    post: notices.filter((n) => n.channel === 'post').map((n) => ({ documentType: n.documentType, documentNumber: n.documentNumber })),
  };
}

/**
 * The officers' page of breaches: those of the entities where the person is a transparency
 * officer or the authority (all of them for a platform administrator), with who was notified in
 * the mailbox and who still needs the notice by post. Anyone else: forbidden.
 */
export async function breachesFor(deps: Pick<Deps, 'db'>, actor: Actor): Promise<Breach[]> {
  const agencies = breachAgencies(actor.grants);
  if (agencies !== null && agencies.length === 0) throw new AppError('TRANSPARENCY_FORBIDDEN');
  return findBreaches(deps.db, agencies);
}

/** The officer records that the notice by post to this person was sent; once (a second time: 409). Audited. */
export async function recordNoticePosted(deps: Pick<Deps, 'db'>, actor: Actor, breachId: string, notice: { documentType: string; documentNumber: string }): Promise<void> {
  const agency = /^[0-9a-f-]{36}$/i.test(breachId) ? await findBreachAgency(deps.db, breachId) : undefined;
  if (!agency) throw new AppError('TRANSPARENCY_NOT_FOUND');
  if (!canHandleBreaches(actor.grants, agency)) throw new AppError('TRANSPARENCY_FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await markNoticePosted(trx, breachId, notice, actor.accountId))) throw new AppError('TRANSPARENCY_ALREADY_POSTED');
    await recordAudit(trx, {
      actor: { type: 'official', id: actor.accountId },
      action: 'transparency.breach_notice_posted',
      subject: { type: 'breach', id: breachId },
      data: { agency },
      requestId: actor.requestId,
    });
  });
}
