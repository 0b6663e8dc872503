// The agency integration of cases: what an agency's own system (a client bound to the agency,
// acting by itself with the client credentials grant, docs/api-auth.md) reads and does — the
// feed of its cases' changes, its webhook subscription to `cases.*`, and officials' transitions
// made by the system. The webhook deliveries every change enqueues: case-webhooks.service.ts.
import { recordAudit } from '../../../platform/audit/audit.ts';
import { AppError } from '../../../platform/errors.ts';
import { findTransition } from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { saveWebhookSubscription } from '../../../platform/webhooks/webhooks.ts';
import { findAgencyChanges, type AgencyCaseChange } from '../agency.queries.ts';
import { findCaseByCode } from '../case.queries.ts';
import type { Case } from '../case.types.ts';
import { casesWebhookTopics } from '../webhook-topics.ts';
import { procedureOfCase } from './procedures.service.ts';
import { applyTransition } from './transitions.service.ts';

/** An agency's system acting by itself (a client credentials token of a client bound to the agency). */
export interface AgencySystem {
  clientId: string;
  agencyCode: string;
}

/** The roles a system's transition is matched against in the workflow: a case handler's. */
const SYSTEM_ROLES = ['case_handler'];

export const FEED_PAGE_SIZE = 100;

const encodeCursor = (eventId: string) => Buffer.from(`e${eventId}`).toString('base64url');
function decodeCursor(cursor: string | undefined): string {
  if (!cursor) return '0';
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^e\d{1,18}$/.test(decoded)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/since', messageKey: 'cases.errors.feedCursorInvalid' }] });
  return decoded.slice(1);
}

/**
 * The agency's cases' changes (submission and every transition) after the cursor `since`
 * (from the start without one), oldest first. `next` is the cursor to poll from next time (the
 * same when nothing new came); `hasMore` says another page is already waiting.
 */
export async function agencyFeed(deps: Pick<Deps, 'db'>, system: AgencySystem, page: { since?: string; limit?: number }): Promise<{ items: AgencyCaseChange[]; next: string; hasMore: boolean }> {
  const afterId = decodeCursor(page.since);
  const limit = Math.min(Math.max(page.limit ?? FEED_PAGE_SIZE, 1), 500);
  const rows = await findAgencyChanges(deps.db, system.agencyCode, afterId, limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1)?.eventId ?? afterId;
  return { items, next: encodeCursor(last), hasMore: rows.length > limit };
}

/**
 * Subscribes the system's agency to its cases' topics (all of them unless `topics` narrows
 * them), or changes the subscription; audited. The generated secret comes back once.
 */
export async function saveCasesWebhook(
  deps: Pick<Deps, 'db' | 'config'>,
  system: AgencySystem,
  input: { url: string; topics?: string[]; secret?: string; isActive: boolean; requestId?: string },
): Promise<{ id: number; topics: string[]; generatedSecret?: string }> {
  const known = casesWebhookTopics.map((t) => t.name);
  const topics = input.topics?.length ? known.filter((t) => input.topics!.includes(t)) : known;
  if (input.topics?.some((t) => !known.includes(t)))
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/topics', messageKey: 'cases.errors.topicUnknown', params: { topics: known.join(', ') } }] });
  const saved = await saveWebhookSubscription(
    deps,
    { owner: { kind: 'agency', id: system.agencyCode }, module: 'cases', url: input.url, topics, secret: input.secret, isActive: input.isActive },
    async (trx, subscriptionId) => {
      await recordAudit(trx, {
        actor: { type: 'client', id: system.clientId },
        action: 'cases.webhook_saved',
        subject: { type: 'agency', id: system.agencyCode },
        data: { url: input.url, topics, isActive: input.isActive, subscriptionId, newSecret: input.secret ? true : undefined },
        requestId: input.requestId ?? null,
      });
    },
  );
  return { id: saved.id, topics, generatedSecret: saved.generatedSecret };
}

/** A transition made by the agency's system (`cases:handle` right): only on its agency's cases, as a case handler may. */
export async function performSystemTransition(
  deps: Pick<Deps, 'db' | 'country'>,
  system: AgencySystem,
  input: { code: string; transition: string; reason?: string; requestId?: string | null },
): Promise<Case> {
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, input.code, { forUpdate: true });
    if (!c || c.agencyCode !== system.agencyCode) throw new AppError('CASES_NOT_FOUND');
    const procedure = await procedureOfCase(deps, c, trx);
    const transition = findTransition(procedure.workflow, c.state, input.transition, 'official', SYSTEM_ROLES);
    if (!transition) throw new AppError('CASES_TRANSITION_NOT_ALLOWED', { params: { transition: input.transition, state: c.state } });
    const reason = input.reason?.trim() ?? '';
    if (transition.reason === 'required' && reason === '') throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/reason', messageKey: 'cases.errors.reasonRequired' }] });
    await applyTransition(trx, deps, c, procedure, transition, { type: 'client', clientId: system.clientId }, { reason: reason || null, requestId: input.requestId ?? null });
  });
  return (await findCaseByCode(deps.db, input.code))!;
}
