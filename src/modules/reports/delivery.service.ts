// Delivery of report events to an agency's own system: a JSON POST signed with HMAC-SHA256
// (header `X-Tambo-Signature: sha256=<hex>` over the raw body), acknowledged by any 2xx
// answer; anything else (or no answer within 10 s) fails the job, which graphile-worker
// retries with back-off. Idempotent: a delivery already acknowledged is not sent again, and
// the receiver gets a stable `X-Tambo-Delivery` id to drop repeats.
import { createHmac } from 'node:crypto';
import type { Deps } from '../../platform/module.ts';
import { findReportRow, findTimeline } from './report.queries.ts';
import { findDelivery, findWebhook, markDeliveryAttempt } from './webhooks.queries.ts';

export const SIGNATURE_HEADER = 'x-tambo-signature';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function deliverToAgency(deps: Pick<Deps, 'db' | 'config'>, deliveryId: number): Promise<void> {
  const delivery = await findDelivery(deps.db, deliveryId);
  if (!delivery || delivery.status === 'acknowledged') return;
  const webhook = await findWebhook(deps.db, delivery.agencyCode);
  if (!webhook?.isActive) return;
  const found = await findReportRow(deps.db, delivery.reportId);
  if (!found) return;
  const { report } = found;
  const entry = (await findTimeline(deps.db, report.id)).find((e) => e.id === delivery.eventId);
  // The agency receives the report it must handle, with the reporter's contact when given
  // (it is the competent authority), never through public channels.
  const body = JSON.stringify({
    deliveryId: delivery.id,
    event: entry ? { id: entry.id, kind: entry.kind, status: entry.status, text: entry.text, at: entry.at.toISOString() } : null,
    report: {
      id: report.id,
      code: report.code,
      url: `${deps.config.publicUrl}/reportes/${report.id}`,
      category: report.categoryCode,
      status: report.status,
      description: report.description,
      answers: report.answers,
      lat: report.lat,
      lon: report.lon,
      address: report.address,
      territoryCode: report.territoryCode,
      agencyCode: report.agencyCode,
      createdAt: report.createdAt.toISOString(),
      dueAt: report.dueAt.toISOString(),
      photos: report.photos.map((p) => `${deps.config.publicUrl}${p.url}`),
      isAnonymous: report.isAnonymous,
      contact: found.private.contact,
    },
  });
  let error: string | undefined;
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(webhook.secret, body), 'x-tambo-delivery': String(delivery.id) },
      body,
      signal: AbortSignal.timeout(10_000),
      redirect: 'error',
    });
    await response.body?.cancel();
    if (!response.ok) error = `HTTP ${response.status}`;
  } catch (cause) {
    error = cause instanceof Error ? cause.name : 'network error';
  }
  await markDeliveryAttempt(deps.db, delivery.id, { acknowledged: error === undefined, error });
  if (error) throw new Error(`delivery ${delivery.id} to ${delivery.agencyCode} failed: ${error}`);
}
