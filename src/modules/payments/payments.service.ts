// Use cases of payment orders: created for a case whose procedure has a fee, or by an agency's
// system through the API; paid through the gateway (a checkout, then its notification or a
// status poll); declined, expired, refunded. Every change is audited, and the state machine is
// the database's (migrations/001_payments.sql): whatever arrives twice, late or out of order,
// an order is paid at most once and never un-paid.
import { recordAudit, type AuditInput } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { claimIdempotencyKey, IdempotentReplay, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { decryptSecret, encryptSecret, secretKeyBytes, webhookSecretsKey } from '../../platform/webhooks/secrets.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { httpGateway, type PayeeAccount, type PaymentGateway } from './gateway.ts';
import {
  claimRefundAudited,
  findOrderByCase,
  findOrderByCode,
  findOrderById as findOrderRow,
  findPayeeRow,
  insertNotification,
  insertOrderAudited,
  insertPaymentEvent,
  listOpenOrdersExpiringBefore,
  listOrderEvents,
  listOrdersOfPayer,
  payOrderAudited,
  releaseRefundClaim,
  updateOrder,
  upsertPayeeRow,
} from './payments.queries.ts';
import { knownOrder, type OrderFacts, rememberOrder } from './order-facts.ts';
import { paymentStats } from './payments.stats.ts';
import { DEFAULT_VALIDITY_DAYS, POLL_BEFORE_EXPIRY_MS, newPaymentCode, type GatewayOutcome, type PaymentEvent, type PaymentOrder } from './payments.types.ts';

/** The one gateway implementation (the sandbox's HTTP protocol); a real provider's adapter replaces it here. */
export const gateway: PaymentGateway = httpGateway;

// ── Payees ──────────────────────────────────────────────────────────────────────────────

/**
 * Payees read in the last 30 s, per database: a notification needs its payee's secret, and a
 * round trip less per notification counts. `configurePayee` forgets its own process's copy; a
 * change made by another process is seen within 30 s (meanwhile the gateway retries).
 */
const PAYEE_TTL_MS = 30_000;
const payees = new WeakMap<object, Map<string, { at: number; payee: PayeeAccount }>>();

/** A payee's account at the gateway: an agency's, or (with `unit`, keyed `UE-<unit key>`) an economic unit's (payees.service.ts). */
export async function configurePayee(
  deps: Pick<Deps, 'db' | 'config'>,
  p: { agencyCode: string; treasuryAccount: string; gatewayUrl: string; merchantId: string; secret: string; unit?: PayeeAccount['unit']; personAccountId?: string },
  by: { actor: AuditInput['actor']; requestId?: string | null } = { actor: { type: 'system' } },
): Promise<void> {
  const secretEncrypted = encryptSecret(webhookSecretsKey(deps.config), secretKeyBytes(p.secret));
  payees.get(deps.db)?.delete(p.agencyCode);
  await deps.db.transaction().execute(async (trx) => {
    await upsertPayeeRow(trx, { ...p, secretEncrypted });
    await recordAudit(trx, {
      actor: by.actor,
      action: 'payments.payee_configured',
      subject: { type: 'payee', id: p.agencyCode },
      data: {
        merchantId: p.merchantId,
        gatewayUrl: p.gatewayUrl,
        ...(p.unit ? { unit: p.unit.key, collectingAgencies: p.unit.collectingAgencies } : {}),
        ...(p.personAccountId ? { person: p.personAccountId } : {}),
      },
      requestId: by.requestId ?? null,
    });
  });
  payees.get(deps.db)?.delete(p.agencyCode);
}

export async function findPayee(deps: Pick<Deps, 'db' | 'config'>, agencyCode: string): Promise<PayeeAccount | undefined> {
  const cache = payees.get(deps.db) ?? new Map<string, { at: number; payee: PayeeAccount }>();
  payees.set(deps.db, cache);
  const cached = cache.get(agencyCode);
  if (cached && Date.now() - cached.at < PAYEE_TTL_MS) return cached.payee;
  const row = await findPayeeRow(deps.db, agencyCode);
  const payee = row
    ? {
        agencyCode,
        treasuryAccount: row.treasury_account,
        gatewayUrl: row.gateway_url,
        merchantId: row.merchant_id,
        secret: decryptSecret(webhookSecretsKey(deps.config), row.secret_encrypted),
        ...(row.kind === 'unit' && row.unit_key ? { unit: { key: row.unit_key, collectingAgencies: row.collecting_agencies } } : {}),
        ...(row.kind === 'person' && row.person_account_id ? { personAccountId: row.person_account_id } : {}),
      }
    : undefined;
  // Only a payee found is kept: one configured a moment later is seen at once.
  if (payee) cache.set(agencyCode, { at: Date.now(), payee });
  return payee;
}

/** The origin of the payee's gateway (where "Pagar" sends the person), or undefined when none is configured. */
export async function gatewayOrigin(deps: Pick<Deps, 'db' | 'config'>, agencyCode: string): Promise<string | undefined> {
  const payee = await findPayee(deps, agencyCode);
  return payee ? new URL(payee.gatewayUrl).origin : undefined;
}

export async function requirePayee(deps: Pick<Deps, 'db' | 'config'>, agencyCode: string): Promise<PayeeAccount> {
  const payee = await findPayee(deps, agencyCode);
  if (!payee) throw new AppError('PAYMENTS_PAYEE_NOT_CONFIGURED');
  return payee;
}

// ── Orders ──────────────────────────────────────────────────────────────────────────────

export interface OrderInput {
  payeeAgency: string;
  payerAccountId: string | null;
  /** Empresa digital: paid on behalf of this unit (NIT/RIF): a unit's case's fee. */
  payerUnitKey?: string | null;
  caseId?: string | null;
  caseTrackingCode?: string | null;
  procedureId?: string | null;
  concept: string;
  amountMinor: number;
  expiresAt?: Date;
}

export interface OrderOptions {
  actor: AuditInput['actor'];
  clientId?: string | null;
  /** An `Idempotency-Key` claimed with the order (the platform helper): a retry gets the first order. */
  idempotency?: IdempotencyClaim;
  requestId?: string | null;
}

/**
 * Creates an order (one per case; one per client and idempotency key). `created: false` gives
 * back the order that already exists for that case or key.
 */
export async function createOrder(deps: Pick<Deps, 'db' | 'country'>, input: OrderInput, options: OrderOptions): Promise<{ order: PaymentOrder; created: boolean }> {
  if (input.caseId) {
    const before = await findOrderByCase(deps.db, input.caseId);
    if (before) return { order: before, created: false };
  }
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const id = uuidv7();
    const code = newPaymentCode();
    const expiresAt = input.expiresAt ?? new Date(Date.now() + DEFAULT_VALIDITY_DAYS * 86_400_000);
    const write = async (q: Queryable) => {
      if (options.idempotency) await claimIdempotencyKey(q, options.idempotency, code);
      return insertOrderAudited(
        q,
        {
          id,
          code,
          payeeAgency: input.payeeAgency,
          payerAccountId: input.payerAccountId,
          payerUnitKey: input.payerUnitKey ?? null,
          caseId: input.caseId ?? null,
          caseTrackingCode: input.caseTrackingCode ?? null,
          procedureId: input.procedureId ?? null,
          concept: input.concept,
          amountMinor: input.amountMinor,
          currency: deps.country.currency,
          expiresAt,
          clientId: options.clientId ?? null,
          idempotencyKey: options.idempotency?.key ?? null,
        },
        {
          audit: {
            actor: options.actor,
            action: 'payments.order_created',
            subject: { type: 'payment_order', id },
            data: {
              code,
              payee: input.payeeAgency,
              amountMinor: input.amountMinor,
              currency: deps.country.currency,
              caseId: input.caseId ?? null,
              ...(input.payerUnitKey ? { payerUnitKey: input.payerUnitKey } : {}),
            },
            requestId: options.requestId ?? null,
          },
          events: [{ topic: 'payments.order_created', payload: { orderId: id, code, payeeAgency: input.payeeAgency, caseId: input.caseId ?? null } }],
        },
      );
    };
    try {
      // The key's claim and the order commit together (of parallel retries, one creates).
      const order = options.idempotency ? await deps.db.transaction().execute(write) : await write(deps.db);
      if (order) {
        rememberOrder(deps.db, order);
        return { order, created: true };
      }
    } catch (error) {
      if (error instanceof IdempotentReplay) return { order: (await findOrderByCode(deps.db, error.resource))!, created: false };
      throw error;
    }
    if (input.caseId) {
      const raced = await findOrderByCase(deps.db, input.caseId);
      if (raced) return { order: raced, created: false };
    }
    // Otherwise the random code was taken: draw another.
  }
  throw new Error('could not draw a free payment code');
}

/** The order of a case, for the cases module's pages (undefined when its procedure has no fee). */
export async function findOrderOfCase(deps: Pick<Deps, 'db'>, caseId: string): Promise<PaymentOrder | undefined> {
  return findOrderByCase(deps.db, caseId);
}

/**
 * An order by code for its payer only (a person sees nobody else's): others get "not found". A
 * unit's order is for whoever represents the unit now (`unitKeys`, from the registry), only.
 */
export async function getOrderForPayer(deps: Pick<Deps, 'db'>, accountId: string, code: string, unitKeys: string[] = []): Promise<PaymentOrder> {
  const order = await findOrderByCode(deps.db, code);
  if (!order || !(order.payerUnitKey ? unitKeys.includes(order.payerUnitKey) : order.payerAccountId === accountId)) throw new AppError('PAYMENTS_ORDER_NOT_FOUND');
  return order;
}

export async function findOrderById(deps: Pick<Deps, 'db'>, id: string): Promise<PaymentOrder | undefined> {
  return findOrderRow(deps.db, id);
}

/** The person's orders, newest first. */
export async function listPayerOrders(deps: Pick<Deps, 'db'>, accountId: string, unitKeys: string[] = []): Promise<PaymentOrder[]> {
  return listOrdersOfPayer(deps.db, accountId, 100, unitKeys);
}

/** An order's ledger (created, checkout, paid, refunded…), oldest first. */
export async function listOrderLedger(deps: Pick<Deps, 'db'>, order: PaymentOrder): Promise<PaymentEvent[]> {
  return listOrderEvents(deps.db, order.id);
}

/** An order by code for its payee agency only. */
export async function getOrderForPayee(deps: Pick<Deps, 'db'>, agencyCode: string, code: string): Promise<PaymentOrder> {
  const order = await findOrderByCode(deps.db, code);
  if (!order || order.payeeAgency !== agencyCode) throw new AppError('PAYMENTS_ORDER_NOT_FOUND');
  return order;
}

// ── Paying ──────────────────────────────────────────────────────────────────────────────

/** Opens a checkout at the payee's gateway and answers where to send the person. */
export async function startCheckout(deps: Pick<Deps, 'db' | 'config'>, order: PaymentOrder, by: { accountId: string | null; requestId?: string | null }): Promise<string> {
  if (!['created', 'pending', 'declined'].includes(order.status)) throw new AppError('PAYMENTS_ORDER_NOT_PAYABLE');
  if (order.expiresAt.getTime() <= Date.now()) throw new AppError('PAYMENTS_ORDER_NOT_PAYABLE');
  const payee = await requirePayee(deps, order.payeeAgency);
  rememberOrder(deps.db, order);
  const base = deps.config.publicUrl;
  const checkout = await gateway.createCheckout(payee, {
    orderCode: order.code,
    amountMinor: order.amountMinor,
    currency: order.currency,
    concept: order.concept,
    returnUrl: `${base}/pagos/${order.code}/retorno`,
    notifyUrl: `${base}/api/v1/payment-notifications/${encodeURIComponent(order.payeeAgency)}`,
    expiresAt: order.expiresAt,
  });
  await deps.db.transaction().execute(async (trx) => {
    const locked = await findOrderByCode(trx, order.code, { forUpdate: true });
    if (!locked || !['created', 'pending', 'declined'].includes(locked.status)) throw new AppError('PAYMENTS_ORDER_NOT_PAYABLE');
    await updateOrder(trx, order.id, { status: 'pending', checkoutId: checkout.checkoutId });
    await insertPaymentEvent(trx, order.id, 'checkout');
    await recordAudit(trx, {
      actor: by.accountId ? { type: 'person', id: by.accountId } : { type: 'anonymous' },
      action: 'payments.checkout_started',
      subject: { type: 'payment_order', id: order.id },
      data: { code: order.code, checkoutId: checkout.checkoutId, byPayer: by.accountId === order.payerAccountId, ...(order.payerUnitKey ? { forUnit: order.payerUnitKey } : {}) },
      requestId: by.requestId ?? null,
    });
  });
  return checkout.redirectUrl;
}

export type ApplyResult = 'applied' | 'duplicate' | 'ignored' | 'unknown_order';

/** PostgreSQL's answer when the order changed between the read and the write (trigger) or a webhook id was already applied. */
const RACED = new Set(['23514', '23505']);

/**
 * The common case of a payment, in two round trips: the order read without a lock and, when it
 * is plainly payable (open, in time, the amount and currency its own), paid in one statement
 * (`payOrderAudited`). Anything else — a late, mismatched or repeated payment, or an order
 * that changed meanwhile (the statement then fails whole) — answers undefined, and the
 * locked transaction of `applyOutcome` decides.
 */
async function payInOneStatement(
  deps: Pick<Deps, 'db'>,
  payeeAgency: string,
  outcome: GatewayOutcome,
  source: { webhookId: string | null; via: 'notification' | 'poll' | 'refund' },
): Promise<ApplyResult | undefined> {
  // An order this process knows needs no read: its state is the database's to check (the trigger
  // refuses to pay an order no longer payable, the unique index a second payment: the statement
  // then fails whole, or writes nothing, and the locked path decides).
  let order: OrderFacts | undefined = knownOrder(deps.db, outcome.orderCode);
  if (!order) {
    const read = await findOrderByCode(deps.db, outcome.orderCode);
    if (!read || read.refundDue || !['created', 'pending', 'declined'].includes(read.status)) return undefined;
    rememberOrder(deps.db, read);
    order = read;
  }
  if (order.payeeAgency !== payeeAgency || order.expiresAt.getTime() < outcome.occurredAt.getTime()) return undefined;
  if (outcome.amountMinor !== order.amountMinor || outcome.currency !== order.currency) return undefined;
  try {
    const written = await payOrderAudited(deps.db, order, outcome, source.via === 'notification' ? { webhookId: source.webhookId } : undefined, {
      audit: {
        actor: { type: 'system', id: 'payments' },
        action: 'payments.order_paid',
        subject: { type: 'payment_order', id: order.id },
        data: { code: order.code, reference: outcome.reference, via: source.via, amountMinor: outcome.amountMinor, method: outcome.method, paidByOther: outcome.paidBy !== null },
      },
      stats: [{ stat: paymentStats.revenue, dims: { agency: order.payeeAgency, procedure: order.procedureId ?? '-', at: outcome.occurredAt }, value: outcome.amountMinor }],
      events: [{ topic: 'payments.order_paid', payload: paidPayload(order, outcome) }],
    });
    return written ? 'applied' : undefined;
  } catch (error) {
    if (RACED.has((error as { code?: string }).code ?? '')) return undefined;
    throw error;
  }
}

const paidPayload = (order: OrderFacts, outcome: GatewayOutcome) => ({
  orderId: order.id,
  code: order.code,
  caseId: order.caseId,
  payerAccountId: order.payerAccountId,
  payeeAgency: order.payeeAgency,
  amountMinor: order.amountMinor,
  currency: order.currency,
  reference: outcome.reference,
  method: outcome.method,
  // Who paid is personal data: the event says only whether someone else did (the ledger keeps the name).
  paidByOther: outcome.paidBy !== null,
});

/**
 * What the gateway reported, applied to the order under its row lock: a payment pays a payable
 * order once (a late one is kept and flagged for refund), a decline only declines an order not
 * yet paid, a refund only refunds a paid (or late-paid) order. Anything else changes nothing.
 */
export async function applyOutcome(
  deps: Pick<Deps, 'db' | 'country'>,
  payeeAgency: string,
  outcome: GatewayOutcome,
  source: { webhookId: string | null; via: 'notification' | 'poll' | 'refund' },
): Promise<ApplyResult> {
  if (outcome.kind === 'paid') {
    const fast = await payInOneStatement(deps, payeeAgency, outcome, source);
    if (fast) return fast;
  }
  return deps.db.transaction().execute(async (trx) => {
    const order = await findOrderByCode(trx, outcome.orderCode, { forUpdate: true });
    const log = async (result: ApplyResult) => {
      if (source.via === 'notification') await insertNotification(trx, { webhookId: source.webhookId, outcome: result, orderId: order?.id ?? null });
      return result;
    };
    if (!order || order.payeeAgency !== payeeAgency) return log('unknown_order');
    const audit = (action: string, data: Record<string, unknown> = {}) =>
      recordAudit(trx, {
        actor: { type: 'system', id: 'payments' },
        action,
        subject: { type: 'payment_order', id: order.id },
        data: { code: order.code, reference: outcome.reference, via: source.via, ...data },
      });
    const dims = { agency: order.payeeAgency, procedure: order.procedureId ?? '-', at: outcome.occurredAt };
    if (outcome.kind === 'paid') {
      if (outcome.amountMinor !== order.amountMinor || outcome.currency !== order.currency) {
        await audit('payments.payment_mismatch', { amountMinor: outcome.amountMinor, currency: outcome.currency });
        return log('ignored');
      }
      if (order.status === 'paid' || order.status === 'refunded' || order.refundDue) return log('duplicate');
      if (order.status === 'expired' || order.expiresAt.getTime() < outcome.occurredAt.getTime()) {
        // Paid after expiry: the money is kept on the ledger and owed back, never lost.
        if (!(await insertPaymentEvent(trx, order.id, 'late_payment', outcome))) return log('duplicate');
        await updateOrder(trx, order.id, { refundDue: true, ...(order.status !== 'expired' ? { status: 'expired' as const } : {}) });
        await audit('payments.late_payment_flagged', { amountMinor: outcome.amountMinor });
        await emitEvent(trx, 'payments.late_payment', { orderId: order.id, code: order.code, payeeAgency: order.payeeAgency });
        return log('applied');
      }
      if (!(await insertPaymentEvent(trx, order.id, 'paid', outcome))) return log('duplicate');
      await updateOrder(trx, order.id, { status: 'paid', paidAt: outcome.occurredAt });
      await audit('payments.order_paid', { amountMinor: outcome.amountMinor, method: outcome.method, paidByOther: outcome.paidBy !== null });
      await recordStat(trx, paymentStats.revenue, dims, outcome.amountMinor);
      await emitEvent(trx, 'payments.order_paid', paidPayload(order, outcome));
      return log('applied');
    }
    if (outcome.kind === 'declined') {
      // Never un-pays: a decline (of an earlier attempt, arriving late) counts only while nothing is paid.
      if (order.status !== 'created' && order.status !== 'pending') return log('ignored');
      await insertPaymentEvent(trx, order.id, 'declined', outcome);
      await updateOrder(trx, order.id, { status: 'declined' });
      await audit('payments.order_declined', { method: outcome.method });
      return log('applied');
    }
    // refunded
    if (order.status === 'refunded') return log('duplicate');
    if (order.status !== 'paid' && !(order.status === 'expired' && order.refundDue)) return log('ignored');
    if (!(await insertPaymentEvent(trx, order.id, 'refunded', outcome))) return log('duplicate');
    await updateOrder(trx, order.id, { status: 'refunded', refundDue: false });
    await audit('payments.order_refunded', { amountMinor: outcome.amountMinor });
    await recordStat(trx, paymentStats.refunds, dims, outcome.amountMinor);
    await emitEvent(trx, 'payments.order_refunded', { orderId: order.id, code: order.code, caseId: order.caseId, payeeAgency: order.payeeAgency });
    return log('applied');
  });
}

/**
 * A notification from the payee's gateway: verified (signature, timestamp), then applied.
 * A refused one is recorded (no body kept), logged without personal data, and answered 401.
 */
export async function receiveNotification(
  deps: Pick<Deps, 'db' | 'country' | 'config' | 'log'>,
  payeeAgency: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): Promise<ApplyResult> {
  const payee = await findPayee(deps, payeeAgency);
  if (!payee) throw new AppError('PAYMENTS_PAYEE_NOT_CONFIGURED');
  const check = gateway.handleNotification(payee, headers, rawBody);
  if (!check.ok) {
    await insertNotification(deps.db, { webhookId: check.webhookId, outcome: check.reason, orderId: null });
    deps.log.warn({ payee: payeeAgency, webhookId: check.webhookId, reason: check.reason }, 'payment notification refused');
    throw new AppError(check.reason === 'malformed' ? 'PAYMENTS_NOTIFICATION_MALFORMED' : 'PAYMENTS_NOTIFICATION_REFUSED', { params: { reason: check.reason } });
  }
  return applyOutcome(deps, payeeAgency, check.outcome, { webhookId: check.webhookId, via: 'notification' });
}

/** Asks the gateway what became of the order's checkout (when the notification has not come). */
export async function pollOrder(deps: Pick<Deps, 'db' | 'country' | 'config'>, order: PaymentOrder): Promise<ApplyResult | undefined> {
  if (!order.checkoutId || (order.status !== 'pending' && order.status !== 'created')) return undefined;
  const payee = await findPayee(deps, order.payeeAgency);
  if (!payee) return undefined;
  const outcome = await gateway.fetchStatus(payee, order.checkoutId);
  return outcome ? applyOutcome(deps, order.payeeAgency, outcome, { webhookId: null, via: 'poll' }) : undefined;
}

const refundable = (order: PaymentOrder) => order.checkoutId !== null && (order.status === 'paid' || (order.status === 'expired' && order.refundDue));

/**
 * Gives a payment back (a paid order, or a late payment flagged for refund), by the payee's
 * official or the system. The refund is claimed once per order (a unique ledger entry, audited)
 * before the gateway is asked, so repeated or parallel requests give the money back once.
 */
export async function refundOrder(
  deps: Pick<Deps, 'db' | 'country' | 'config'>,
  order: PaymentOrder,
  by: { actor: AuditInput['actor']; reason?: string; requestId?: string | null },
): Promise<PaymentOrder> {
  if (!refundable(order)) throw new AppError('PAYMENTS_ORDER_NOT_REFUNDABLE');
  const payee = await requirePayee(deps, order.payeeAgency);
  const reason = by.reason?.trim() || null;
  const claimed = await claimRefundAudited(deps.db, order.id, reason, {
    actor: by.actor,
    action: 'payments.refund_requested',
    subject: { type: 'payment_order', id: order.id },
    data: { code: order.code, reason },
    requestId: by.requestId ?? null,
  });
  if (!claimed) throw new AppError('PAYMENTS_REFUND_ALREADY_REQUESTED');
  const outcome = await gateway.refund(payee, order.checkoutId!).catch(() => undefined);
  if (!outcome) {
    await releaseRefundClaim(deps.db, order.id);
    await recordAudit(deps.db, { actor: by.actor, action: 'payments.refund_failed', subject: { type: 'payment_order', id: order.id }, data: { code: order.code }, requestId: by.requestId ?? null });
    throw new AppError('PAYMENTS_GATEWAY_REFUSED');
  }
  await applyOutcome(deps, order.payeeAgency, outcome, { webhookId: null, via: 'refund' });
  return (await findOrderByCode(deps.db, order.code))!;
}

// ── Expiry ──────────────────────────────────────────────────────────────────────────────

/**
 * The expiry job: orders about to expire with a checkout open are asked about at the gateway
 * first (the notification may never have come); those past their expiry are expired.
 */
export async function runExpiry(deps: Pick<Deps, 'db' | 'country' | 'config' | 'log'>, now = new Date()): Promise<{ polled: number; expired: number }> {
  let polled = 0;
  let expired = 0;
  for (const order of await listOpenOrdersExpiringBefore(deps.db, new Date(now.getTime() + POLL_BEFORE_EXPIRY_MS))) {
    if (order.checkoutId) {
      try {
        if (await pollOrder(deps, order)) polled += 1;
      } catch (error) {
        deps.log.warn({ err: error, order: order.code }, 'payment status poll failed');
      }
    }
    if (order.expiresAt.getTime() > now.getTime()) continue;
    if (await closeOrder(deps, order.code, 'expired')) expired += 1;
  }
  return { polled, expired };
}

/**
 * An open order closed unpaid: past its expiry, or its case closed without approval (rejected,
 * abandoned). A payment that still arrives is kept and flagged for refund (`applyOutcome`).
 */
async function closeOrder(deps: Pick<Deps, 'db'>, code: string, reason: 'expired' | 'case_closed'): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const locked = await findOrderByCode(trx, code, { forUpdate: true });
    if (!locked || !['created', 'pending', 'declined'].includes(locked.status)) return false;
    await updateOrder(trx, locked.id, { status: 'expired' });
    await insertPaymentEvent(trx, locked.id, 'expired');
    await recordAudit(trx, { actor: { type: 'system', id: 'payments' }, action: 'payments.order_expired', subject: { type: 'payment_order', id: locked.id }, data: { code: locked.code, reason } });
    await emitEvent(trx, 'payments.order_expired', { orderId: locked.id, code: locked.code, caseId: locked.caseId, payeeAgency: locked.payeeAgency, reason });
    return true;
  });
}

/** A case closed without approval: its open order can no longer be paid (a payment arriving later is owed back). */
export async function closeOrderOfCase(deps: Pick<Deps, 'db'>, caseId: string): Promise<boolean> {
  const order = await findOrderByCase(deps.db, caseId);
  return order ? closeOrder(deps, order.code, 'case_closed') : false;
}
