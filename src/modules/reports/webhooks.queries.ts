// SQL of agencies' webhooks and the deliveries to them.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export interface Webhook {
  agencyCode: string;
  url: string;
  secret: string;
  isActive: boolean;
}

export async function upsertWebhook(db: Queryable, w: Webhook): Promise<void> {
  await sql`INSERT INTO reports.agency_webhook (agency_code, url, secret, is_active) VALUES (${w.agencyCode}, ${w.url}, ${w.secret}, ${w.isActive})
            ON CONFLICT (agency_code) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, is_active = EXCLUDED.is_active, updated_at = now()`.execute(db);
}

export async function findWebhook(db: Queryable, agencyCode: string): Promise<Webhook | undefined> {
  const result = await sql<{ agency_code: string; url: string; secret: string; is_active: boolean }>`
    SELECT agency_code, url, secret, is_active FROM reports.agency_webhook WHERE agency_code = ${agencyCode}`.execute(db);
  const r = result.rows[0];
  return r ? { agencyCode: r.agency_code, url: r.url, secret: r.secret, isActive: r.is_active } : undefined;
}

export async function findWebhooks(db: Queryable, agencyCodes: string[]): Promise<Webhook[]> {
  const result = await sql<{ agency_code: string; url: string; secret: string; is_active: boolean }>`
    SELECT agency_code, url, secret, is_active FROM reports.agency_webhook WHERE agency_code = ANY(${agencyCodes}::text[]) ORDER BY agency_code`.execute(db);
  return result.rows.map((r) => ({ agencyCode: r.agency_code, url: r.url, secret: r.secret, isActive: r.is_active }));
}

/** Creates the delivery of a timeline entry to an agency (once), when the agency has an active webhook; returns its id. */
export async function insertDelivery(db: Queryable, reportId: number, eventId: number, agencyCode: string): Promise<number | undefined> {
  const result = await sql<{ id: number }>`
    INSERT INTO reports.delivery (report_id, event_id, agency_code)
    SELECT ${reportId}, ${eventId}, w.agency_code FROM reports.agency_webhook w WHERE w.agency_code = ${agencyCode} AND w.is_active
    ON CONFLICT (event_id, agency_code) DO NOTHING RETURNING id`.execute(db);
  return result.rows[0] ? Number(result.rows[0].id) : undefined;
}

export interface Delivery {
  id: number;
  reportId: number;
  eventId: number;
  agencyCode: string;
  status: 'pending' | 'acknowledged';
  attempts: number;
  lastError: string | null;
}

export async function findDelivery(db: Queryable, id: number): Promise<Delivery | undefined> {
  const result = await sql<{ id: number; report_id: number; event_id: number; agency_code: string; status: 'pending' | 'acknowledged'; attempts: number; last_error: string | null }>`
    SELECT id, report_id, event_id, agency_code, status, attempts, last_error FROM reports.delivery WHERE id = ${id}`.execute(db);
  const r = result.rows[0];
  return r ? { id: Number(r.id), reportId: Number(r.report_id), eventId: Number(r.event_id), agencyCode: r.agency_code, status: r.status, attempts: r.attempts, lastError: r.last_error } : undefined;
}

export async function findDeliveries(db: Queryable, reportId: number): Promise<Delivery[]> {
  const result = await sql<{ id: number }>`SELECT id FROM reports.delivery WHERE report_id = ${reportId} ORDER BY id`.execute(db);
  const all = await Promise.all(result.rows.map((r) => findDelivery(db, Number(r.id))));
  return all.filter((d): d is Delivery => d !== undefined);
}

export async function markDeliveryAttempt(db: Queryable, id: number, outcome: { acknowledged: boolean; error?: string }): Promise<void> {
  await sql`UPDATE reports.delivery SET attempts = attempts + 1, last_error = ${outcome.error ?? null},
              status = CASE WHEN ${outcome.acknowledged} THEN 'acknowledged' ELSE status END,
              acknowledged_at = CASE WHEN ${outcome.acknowledged} THEN now() ELSE acknowledged_at END
             WHERE id = ${id}`.execute(db);
}
