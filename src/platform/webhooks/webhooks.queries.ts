// SQL of webhook subscriptions and their delivery log.
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { type Queryable, typed } from '../db/index.ts';
import type { Tables, WebhookDeliveryRow, WebhookSubscriptionRow } from '../db/platform.generated.ts';

export type SubscriptionRow = Selectable<WebhookSubscriptionRow>;
export type DeliveryRow = Selectable<WebhookDeliveryRow>;

export interface SubscriptionKey {
  ownerKind: 'agency' | 'client';
  ownerId: string;
  module: string;
}

/** Creates or replaces the subscription of an owner for a module, with a new secret; returns its id. */
export async function upsertSubscription(db: Queryable, key: SubscriptionKey, values: { url: string; topics: string[]; secretEncrypted: string; isActive: boolean }): Promise<number> {
  const row = await typed<Tables>(db)
    .insertInto('platform.webhook_subscription')
    .values({
      owner_kind: key.ownerKind,
      owner_id: key.ownerId,
      module: key.module,
      url: values.url,
      topics: values.topics,
      secret_encrypted: values.secretEncrypted,
      is_active: values.isActive,
    })
    .onConflict((oc) =>
      oc.columns(['owner_kind', 'owner_id', 'module']).doUpdateSet((eb) => ({
        url: eb.ref('excluded.url'),
        topics: eb.ref('excluded.topics'),
        secret_encrypted: eb.ref('excluded.secret_encrypted'),
        secret_legacy: null,
        is_active: eb.ref('excluded.is_active'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Changes a subscription's address, topics and state, keeping its secret. */
export async function updateSubscription(db: Queryable, id: number, values: { url: string; topics: string[]; isActive: boolean }): Promise<void> {
  await typed<Tables>(db)
    .updateTable('platform.webhook_subscription')
    .set({ url: values.url, topics: values.topics, is_active: values.isActive, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function findSubscription(db: Queryable, id: number): Promise<SubscriptionRow | undefined> {
  return typed<Tables>(db).selectFrom('platform.webhook_subscription').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSubscriptionByKey(db: Queryable, key: SubscriptionKey): Promise<SubscriptionRow | undefined> {
  return typed<Tables>(db)
    .selectFrom('platform.webhook_subscription')
    .selectAll()
    .where('owner_kind', '=', key.ownerKind)
    .where('owner_id', '=', key.ownerId)
    .where('module', '=', key.module)
    .executeTakeFirst();
}

export async function findSubscriptionsOf(db: Queryable, module: string, ownerKind: 'agency' | 'client', ownerIds: string[]): Promise<SubscriptionRow[]> {
  if (ownerIds.length === 0) return [];
  return typed<Tables>(db)
    .selectFrom('platform.webhook_subscription')
    .selectAll()
    .where('module', '=', module)
    .where('owner_kind', '=', ownerKind)
    .where('owner_id', 'in', ownerIds)
    .orderBy('owner_id')
    .execute();
}

/**
 * One pending delivery per active subscription of the owner that covers the topic (once per
 * source key); returns the new deliveries' ids (none when already enqueued or no subscription).
 */
export async function insertDeliveries(db: Queryable, input: { ownerKind: 'agency' | 'client'; ownerId: string; topic: string; sourceKey: string; body: string }): Promise<number[]> {
  const result = await sql<{ id: number }>`
    INSERT INTO platform.webhook_delivery (subscription_id, topic, source_key, message_id, body)
    SELECT s.id, ${input.topic}, ${input.sourceKey}, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ${input.body}
      FROM platform.webhook_subscription s
     WHERE s.owner_kind = ${input.ownerKind} AND s.owner_id = ${input.ownerId} AND s.is_active AND ${input.topic} = ANY (s.topics)
    ON CONFLICT (subscription_id, source_key) DO NOTHING
    RETURNING id`.execute(db);
  return result.rows.map((r) => Number(r.id));
}

export async function findDelivery(db: Queryable, id: number): Promise<DeliveryRow | undefined> {
  return typed<Tables>(db).selectFrom('platform.webhook_delivery').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records one attempt and its error; once delivered or failed, the body is dropped (it may carry personal data). */
export async function recordAttempt(db: Queryable, id: number, outcome: { delivered: boolean; final: boolean; error: string | null; statusCode: number | null }): Promise<void> {
  const status = outcome.delivered ? 'delivered' : outcome.final ? 'failed' : 'pending';
  await typed<Tables>(db)
    .updateTable('platform.webhook_delivery')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      status,
      last_error: outcome.error,
      last_status_code: outcome.statusCode,
      last_attempt_at: sql<Date>`now()`,
      ...(outcome.delivered ? { delivered_at: sql<Date>`now()` } : {}),
      ...(outcome.delivered || outcome.final ? { body: null } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

/** The most recent deliveries of a subscription (its delivery log). */
export async function findDeliveriesOf(db: Queryable, subscriptionId: number, limit: number): Promise<DeliveryRow[]> {
  return typed<Tables>(db).selectFrom('platform.webhook_delivery').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id', 'desc').limit(limit).execute();
}

/** Subscriptions whose secret is still in clear (moved from an older table). */
export async function findLegacySecrets(db: Queryable): Promise<Array<{ id: number; secret_legacy: string }>> {
  const rows = await typed<Tables>(db).selectFrom('platform.webhook_subscription').select(['id', 'secret_legacy']).where('secret_legacy', 'is not', null).execute();
  return rows.map((r) => ({ id: Number(r.id), secret_legacy: r.secret_legacy! }));
}

export async function storeEncryptedSecret(db: Queryable, id: number, secretEncrypted: string): Promise<void> {
  await typed<Tables>(db).updateTable('platform.webhook_subscription').set({ secret_encrypted: secretEncrypted, secret_legacy: null }).where('id', '=', id).execute();
}
