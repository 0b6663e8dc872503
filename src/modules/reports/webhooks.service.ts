// Agencies' webhooks for reports, on the platform's one mechanism (src/platform/webhooks,
// docs/webhooks.md): an agency subscribes its system to the topics of webhook-topics.ts on
// /reportes/integracion; each timeline entry the agency must act on (routed, reassigned,
// contested) is enqueued in the transaction that writes it, with the report as the agency
// sees it then, including the reporter's contact when given (it is the competent authority).
import { recordAudit } from '../../platform/audit/audit.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { enqueueWebhook, listWebhookDeliveries, listWebhookSubscriptions, saveWebhookSubscription, type WebhookDelivery } from '../../platform/webhooks/webhooks.ts';
import { getAgency } from '../agencies/index.ts';
import { isAgencyAdmin, type Official } from './report.policy.ts';
import { findReportRow, findTimeline } from './report.queries.ts';
import { reportsWebhookTopics } from './webhook-topics.ts';

const TOPICS = reportsWebhookTopics.map((t) => t.name);

/** Enqueues the delivery of a timeline entry to the agency's system, when it subscribed to its topic. */
export async function scheduleDelivery(trx: Queryable, publicUrl: string, reportId: number, eventId: number, agencyCode: string): Promise<void> {
  const found = await findReportRow(trx, reportId);
  const entry = (await findTimeline(trx, reportId)).find((e) => e.id === eventId);
  if (!found || !entry) return;
  const topic = `reports.${entry.kind}`;
  if (!TOPICS.includes(topic)) throw new Error(`no webhook topic for a ${entry.kind} entry`);
  const { report } = found;
  const payload = {
    // Kept from the first version of these deliveries: the timeline entry's id (the same on
    // every attempt). Receivers drop repeats by the `webhook-id` header.
    deliveryId: entry.id,
    event: { id: entry.id, kind: entry.kind, status: entry.status, text: entry.text, at: entry.at.toISOString() },
    report: {
      id: report.id,
      code: report.code,
      url: `${publicUrl}/reportes/${report.id}`,
      category: report.categoryCode,
      status: report.status,
      description: report.description,
      answers: report.answers,
      lat: report.lat,
      lon: report.lon,
      address: report.address,
      territoryCode: report.territoryCode,
      agencyCode: agencyCode,
      createdAt: report.createdAt.toISOString(),
      dueAt: report.dueAt.toISOString(),
      photos: report.photos.map((p) => `${publicUrl}${p.url}`),
      isAnonymous: report.isAnonymous,
      contact: found.private.contact,
    },
  };
  await enqueueWebhook(trx, { owner: { kind: 'agency', id: agencyCode }, topic, sourceKey: `report-event-${eventId}`, payload });
}

/**
 * The delivery of a newly routed report to its agency's system: scheduled by the
 * `reports.submitted` handler (a retried job; the delivery's source key makes it once).
 */
export async function scheduleRoutedDelivery(deps: Pick<Deps, 'db' | 'config'>, reportId: number, agencyCode: string | null): Promise<void> {
  if (!agencyCode) return;
  const routed = (await findTimeline(deps.db, reportId)).find((e) => e.kind === 'routed');
  if (!routed) return;
  await deps.db.transaction().execute((trx) => scheduleDelivery(trx, deps.config.publicUrl, reportId, routed.id, agencyCode));
}

/**
 * Sets where an agency's system receives its reports (agency administrators and platform
 * administrators). Without a secret, a new subscription gets a generated one (returned, to be
 * shown once) and an existing one keeps its own.
 */
export async function setAgencyWebhook(
  deps: Pick<Deps, 'db' | 'config'>,
  who: Official,
  input: { agencyCode: string; url: string; secret?: string; isActive: boolean },
  requestId?: string,
): Promise<{ generatedSecret?: string }> {
  const isPlatformAdmin = hasRole(who.grants, { role: PLATFORM_ADMIN });
  if (!isPlatformAdmin && !isAgencyAdmin(who.grants, input.agencyCode)) throw new AppError('REPORT_FORBIDDEN');
  await getAgency(deps, input.agencyCode);
  const saved = await saveWebhookSubscription(
    deps,
    { owner: { kind: 'agency', id: input.agencyCode }, module: 'reports', url: input.url, topics: TOPICS, secret: input.secret || undefined, isActive: input.isActive },
    async (trx, subscriptionId) => {
      await recordAudit(trx, {
        actor: { type: isPlatformAdmin ? 'admin' : 'official', id: who.accountId },
        action: 'reports.webhook_saved',
        subject: { type: 'agency', id: input.agencyCode },
        data: { url: input.url, isActive: input.isActive, subscriptionId, newSecret: input.secret ? true : undefined },
        requestId: requestId ?? null,
      });
    },
  );
  return { generatedSecret: saved.generatedSecret };
}

/** The webhooks (without their secrets) of the agencies a person administers, each with its recent deliveries. */
export async function listAgencyWebhooks(deps: Pick<Deps, 'db'>, agencyCodes: string[]): Promise<Array<{ agencyCode: string; url: string; isActive: boolean; deliveries: WebhookDelivery[] }>> {
  const subscriptions = await listWebhookSubscriptions(deps.db, 'reports', 'agency', agencyCodes);
  return Promise.all(subscriptions.map(async (s) => ({ agencyCode: s.owner.id, url: s.url, isActive: s.isActive, deliveries: await listWebhookDeliveries(deps.db, s.id, 10) })));
}
