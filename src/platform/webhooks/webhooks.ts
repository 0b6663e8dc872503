// The platform's one webhook mechanism (docs/webhooks.md). A module declares its topics
// (`webhookTopics`), lets an agency (or a client) subscribe on one of its pages with
// `saveWebhookSubscription`, and calls `enqueueWebhook(trx, …)` in the transaction of the
// change it reports. Each delivery is a job (`platform:deliver_webhook`) retried with
// graphile-worker's exponential back-off, signed as Standard Webhooks do, and logged per
// subscription (`listWebhookDeliveries`).
import type { Config } from '../config.ts';
import type { Database, Queryable } from '../db/index.ts';
import { AppError, type FieldError } from '../errors.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { checkWebhookUrl, type WebhookPolicy } from './address.ts';
import { decryptSecret, encryptSecret, generateWebhookSecret, isAcceptableSecret, secretKeyBytes, webhookSecretsKey } from './secrets.ts';
import { sendWebhook } from './send.ts';
import { signedHeaders } from './signature.ts';
import {
  findDeliveriesOf,
  findDelivery,
  findLegacySecrets,
  findSubscription,
  findSubscriptionByKey,
  findSubscriptionsOf,
  insertDeliveries,
  recordAttempt,
  storeEncryptedSecret,
  type SubscriptionRow,
  updateSubscription,
  upsertSubscription,
} from './webhooks.queries.ts';

export { LEGACY_SIGNATURE_HEADER } from './signature.ts';
export type { WebhookPolicy } from './address.ts';

/** The job that sends one delivery (registered by app.ts). */
export const WEBHOOK_JOB = 'platform:deliver_webhook';
/** Attempts before a delivery is logged as failed: with back-off e^min(n,10) s, about 16 hours. */
export const WEBHOOK_MAX_ATTEMPTS = 12;

type WebhookDeps = { db: Database; config: Pick<Config, 'demo' | 'sessionSecret' | 'webhookAllowInsecure'> & { keyringFile?: string | undefined } };

export interface WebhookOwner {
  kind: 'agency' | 'client';
  id: string;
}

export interface WebhookSubscription {
  id: number;
  owner: WebhookOwner;
  url: string;
  topics: string[];
  isActive: boolean;
  updatedAt: Date;
}

export interface WebhookDelivery {
  id: number;
  messageId: string;
  topic: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

export function webhookPolicy(config: Pick<Config, 'webhookAllowInsecure'>): WebhookPolicy {
  return { allowInsecure: config.webhookAllowInsecure };
}

function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return { id: Number(row.id), owner: { kind: row.owner_kind as WebhookOwner['kind'], id: row.owner_id }, url: row.url, topics: row.topics, isActive: row.is_active, updatedAt: row.updated_at };
}

/**
 * Creates or replaces the subscription of an owner to a module's topics. The URL is checked
 * against the allow-list (scheme, resolved addresses); a secret given must be `whsec_…` or 16
 * to 200 characters; without one a new subscription gets a generated `whsec_…` secret
 * (returned once: only its encryption is stored) and an existing one keeps its own.
 * `within` runs in the same transaction (the module's audit entry). Throws VALIDATION_FAILED
 * with fields `/url` and `/secret`.
 */
export async function saveWebhookSubscription(
  deps: WebhookDeps,
  input: { owner: WebhookOwner; module: string; url: string; topics: string[]; secret?: string; isActive: boolean },
  within?: (trx: Queryable, subscriptionId: number) => Promise<void>,
): Promise<{ id: number; generatedSecret?: string }> {
  const fields: FieldError[] = [];
  const problem = await checkWebhookUrl(input.url, webhookPolicy(deps.config));
  if (problem) fields.push({ field: '/url', messageKey: `webhooks.errors.url.${problem}` });
  if (input.secret !== undefined && !isAcceptableSecret(input.secret)) fields.push({ field: '/secret', messageKey: 'webhooks.errors.secret' });
  if (input.topics.length === 0 || input.topics.some((t) => !t.startsWith(`${input.module}.`))) throw new Error(`webhook topics of ${input.module} must be its own: ${input.topics.join(', ')}`);
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  const key = { ownerKind: input.owner.kind, ownerId: input.owner.id, module: input.module };
  return deps.db.transaction().execute(async (trx) => {
    const existing = await findSubscriptionByKey(trx, key);
    const generatedSecret = input.secret === undefined && !existing ? generateWebhookSecret() : undefined;
    const secret = input.secret ?? generatedSecret;
    const values = { url: input.url, topics: input.topics, isActive: input.isActive };
    let id: number;
    if (secret === undefined && existing) {
      id = Number(existing.id);
      await updateSubscription(trx, id, values);
    } else {
      id = await upsertSubscription(trx, key, { ...values, secretEncrypted: encryptSecret(webhookSecretsKey(deps.config), secretKeyBytes(secret!)) });
    }
    await within?.(trx, id);
    return { id, generatedSecret };
  });
}

/** The subscriptions a module manages for these owners (never their secrets). */
export async function listWebhookSubscriptions(db: Queryable, module: string, ownerKind: WebhookOwner['kind'], ownerIds: string[]): Promise<WebhookSubscription[]> {
  return (await findSubscriptionsOf(db, module, ownerKind, ownerIds)).map(toSubscription);
}

/** A subscription's delivery log, most recent first. */
export async function listWebhookDeliveries(db: Queryable, subscriptionId: number, limit = 20): Promise<WebhookDelivery[]> {
  return (await findDeliveriesOf(db, subscriptionId, limit)).map((r) => ({
    id: Number(r.id),
    messageId: r.message_id,
    topic: r.topic,
    status: r.status as WebhookDelivery['status'],
    attempts: r.attempts,
    lastError: r.last_error,
    lastStatusCode: r.last_status_code,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    deliveredAt: r.delivered_at,
  }));
}

/**
 * In the caller's transaction: one delivery of `payload` (the JSON body, as the topic's schema
 * says) to every active subscription of the owner that covers the topic, once per `sourceKey`.
 * Returns the deliveries' ids.
 */
export async function enqueueWebhook(trx: Queryable, input: { owner: WebhookOwner; topic: string; sourceKey: string; payload: Record<string, unknown> }): Promise<number[]> {
  const ids = await insertDeliveries(trx, { ownerKind: input.owner.kind, ownerId: input.owner.id, topic: input.topic, sourceKey: input.sourceKey, body: JSON.stringify(input.payload) });
  for (const id of ids) await enqueueJob(trx, WEBHOOK_JOB, { deliveryId: id }, { key: `webhook-delivery-${id}`, maxAttempts: WEBHOOK_MAX_ATTEMPTS });
  return ids;
}

/**
 * The job: sends one pending delivery, logs the attempt, and throws on failure so the queue
 * retries it; after the last attempt the delivery is logged as failed. Idempotent: a delivery
 * already delivered or failed is not sent again.
 */
export async function deliverWebhook(deps: WebhookDeps, deliveryId: number, attempt: number): Promise<void> {
  const delivery = await findDelivery(deps.db, deliveryId);
  if (delivery?.status !== 'pending' || delivery.body === null) return;
  const subscription = await findSubscription(deps.db, Number(delivery.subscription_id));
  if (!subscription?.is_active) return;
  const final = attempt >= WEBHOOK_MAX_ATTEMPTS;
  let key: Buffer;
  try {
    key = subscription.secret_encrypted ? decryptSecret(webhookSecretsKey(deps.config), subscription.secret_encrypted) : secretKeyBytes(subscription.secret_legacy ?? '');
  } catch {
    // Encrypted under another key (SESSION_SECRET changed): nothing is sent unsigned.
    await recordAttempt(deps.db, delivery.id, { delivered: false, final, error: 'secret unreadable', statusCode: null });
    throw new Error(`webhook delivery ${delivery.id}: the secret of subscription ${subscription.id} cannot be decrypted with the current key`);
  }
  const headers = { ...signedHeaders(key, delivery.message_id, delivery.body), 'x-tambo-delivery': String(delivery.id) };
  const outcome = await sendWebhook(subscription.url, headers, delivery.body, webhookPolicy(deps.config));
  await recordAttempt(deps.db, delivery.id, { delivered: outcome.error === null, final, error: outcome.error, statusCode: outcome.statusCode });
  if (outcome.error !== null) throw new Error(`webhook delivery ${delivery.id} (${delivery.topic}) to subscription ${subscription.id} failed: ${outcome.error}`);
}

/** At start: encrypts the secrets that a migration moved in clear from an older table. */
export async function sealLegacyWebhookSecrets(db: Queryable, config: Pick<Config, 'sessionSecret'> & { keyringFile?: string | undefined }): Promise<number> {
  const rows = await findLegacySecrets(db);
  const key = webhookSecretsKey(config);
  for (const row of rows) await storeEncryptedSecret(db, row.id, encryptSecret(key, secretKeyBytes(row.secret_legacy)));
  return rows.length;
}
