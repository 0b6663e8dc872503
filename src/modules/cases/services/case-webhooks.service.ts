// The webhooks of an agency's cases (topics in ../webhook-topics.ts): every transition, in
// its own transaction, enqueues the agency's deliveries through the platform's one mechanism.
import type { Queryable } from '../../../platform/db/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { enqueueWebhook } from '../../../platform/webhooks/webhooks.ts';
import { findLatestChange, type AgencyCaseChange } from '../agency.queries.ts';
import { CASES_TOPICS } from '../webhook-topics.ts';

const payloadOf = (topic: string, change: AgencyCaseChange) => ({ topic, ...change, occurredAt: change.occurredAt.toISOString() });

/**
 * In the transaction of a change: enqueues the agency's webhooks for the case's latest
 * transition — `cases.submitted` for a new case, `cases.state_changed` for any other, and also
 * `cases.decided` when it decided the case. Once per history entry and topic.
 */
export async function enqueueCaseWebhooks(trx: Queryable, caseId: string, options: { decided: boolean; submission?: boolean }): Promise<void> {
  const change = await findLatestChange(trx, caseId, options.submission ?? false);
  if (!change) return;
  const topics: string[] = options.submission ? [CASES_TOPICS.submitted] : [CASES_TOPICS.stateChanged];
  if (options.decided) topics.push(CASES_TOPICS.decided);
  for (const topic of topics) {
    await enqueueWebhook(trx, { owner: { kind: 'agency', id: change.agencyCode }, topic, sourceKey: `case-event-${change.eventId}-${topic}`, payload: payloadOf(topic, change) });
  }
}

/** The `cases.submitted` event's handler (a retried job): the new case's webhook, once. */
export async function enqueueSubmittedWebhook(deps: Pick<Deps, 'db'>, caseId: string): Promise<void> {
  await deps.db.transaction().execute((trx) => enqueueCaseWebhooks(trx, caseId, { decided: false, submission: true }));
}
