// Every SQL statement on the payments schema.
import { type Selectable, sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { PayeeRow, PaymentEventRow, PaymentOrderRow, Tables } from './db.generated.ts';
import type { GatewayOutcome, OrderStatus, PaymentEvent, PaymentOrder } from './payments.types.ts';

const rows = rowsInto<Tables>();
const q = (db: Queryable) => typed<Tables>(db);

const orderColumns = [
  'id',
  'code',
  'payee_agency',
  'payer_account_id',
  'payer_unit_key',
  'case_id',
  'case_tracking_code',
  'procedure_id',
  'concept',
  'amount_minor',
  'currency',
  'status',
  'expires_at',
  'checkout_id',
  'paid_at',
  'refund_due',
  'client_id',
  'created_at',
] as const;
type OrderSelection = Pick<Selectable<PaymentOrderRow>, (typeof orderColumns)[number]>;

const toOrder = (r: OrderSelection): PaymentOrder => ({
  id: r.id,
  code: r.code,
  payeeAgency: r.payee_agency,
  payerAccountId: r.payer_account_id,
  payerUnitKey: r.payer_unit_key,
  caseId: r.case_id,
  caseTrackingCode: r.case_tracking_code,
  procedureId: r.procedure_id,
  concept: r.concept,
  amountMinor: Number(r.amount_minor),
  currency: r.currency,
  status: r.status as OrderStatus,
  expiresAt: r.expires_at,
  checkoutId: r.checkout_id,
  paidAt: r.paid_at,
  refundDue: r.refund_due,
  clientId: r.client_id,
  createdAt: r.created_at,
});

export type NewOrder = Pick<
  PaymentOrder,
  'id' | 'code' | 'payeeAgency' | 'payerAccountId' | 'caseId' | 'caseTrackingCode' | 'procedureId' | 'concept' | 'amountMinor' | 'currency' | 'expiresAt' | 'clientId'
> & { idempotencyKey: string | null } & Partial<Pick<PaymentOrder, 'payerUnitKey'>>;

/** The order, its `created` ledger entry, audit, events and figures in one statement; undefined when the case or idempotency key already has one. */
export async function insertOrderAudited(db: Queryable, o: NewOrder, consequences: Pick<AuditedInsert<OrderSelection>, 'audit' | 'events' | 'stats'>): Promise<PaymentOrder | undefined> {
  const row = await auditedInsert(db, {
    insert: rows('payments.payment_order', {
      id: o.id,
      code: o.code,
      payee_agency: o.payeeAgency,
      payer_account_id: o.payerAccountId,
      payer_unit_key: o.payerUnitKey ?? null,
      case_id: o.caseId,
      case_tracking_code: o.caseTrackingCode,
      procedure_id: o.procedureId,
      concept: o.concept,
      amount_minor: o.amountMinor,
      currency: o.currency,
      expires_at: o.expiresAt,
      client_id: o.clientId,
      idempotency_key: o.idempotencyKey,
    }),
    returning: sql<OrderSelection>`${sql.raw(orderColumns.join(', '))}`,
    onConflictDoNothing: true,
    also: [rows('payments.payment_event', { id: crypto.randomUUID(), order_id: o.id, kind: 'created', amount_minor: o.amountMinor })],
    ...consequences,
  });
  return row ? toOrder(row) : undefined;
}

export async function findOrderByCode(db: Queryable, code: string, options: { forUpdate?: boolean } = {}): Promise<PaymentOrder | undefined> {
  let query = q(db).selectFrom('payments.payment_order').select(orderColumns).where('code', '=', code);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function findOrderById(db: Queryable, id: string): Promise<PaymentOrder | undefined> {
  const row = await q(db).selectFrom('payments.payment_order').select(orderColumns).where('id', '=', id).executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function findOrderByCase(db: Queryable, caseId: string): Promise<PaymentOrder | undefined> {
  const row = await q(db).selectFrom('payments.payment_order').select(orderColumns).where('case_id', '=', caseId).executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function findOrderByIdempotencyKey(db: Queryable, clientId: string, key: string): Promise<PaymentOrder | undefined> {
  const row = await q(db).selectFrom('payments.payment_order').select(orderColumns).where('client_id', '=', clientId).where('idempotency_key', '=', key).executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

/** The person's own orders and those of the units she represents now (`unitKeys`), newest first. */
export async function listOrdersOfPayer(db: Queryable, accountId: string, limit = 100, unitKeys: string[] = []): Promise<PaymentOrder[]> {
  const found = await q(db)
    .selectFrom('payments.payment_order')
    .select(orderColumns)
    .where((eb) => {
      const own = eb.and([eb('payer_account_id', '=', accountId), eb('payer_unit_key', 'is', null)]);
      return unitKeys.length > 0 ? eb.or([own, eb('payer_unit_key', '=', eb.fn.any(eb.val(unitKeys)))]) : own;
    })
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return found.map(toOrder);
}

/** Open orders that expire before `before`: the expiry job polls them, then expires those past due. */
export async function listOpenOrdersExpiringBefore(db: Queryable, before: Date, limit = 200): Promise<PaymentOrder[]> {
  const found = await q(db)
    .selectFrom('payments.payment_order')
    .select(orderColumns)
    .where('status', 'in', ['created', 'pending', 'declined'])
    .where('expires_at', '<', before)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return found.map(toOrder);
}

export async function updateOrder(db: Queryable, id: string, changes: { status?: OrderStatus; checkoutId?: string; paidAt?: Date; refundDue?: boolean }): Promise<void> {
  await q(db)
    .updateTable('payments.payment_order')
    .set({
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.checkoutId ? { checkout_id: changes.checkoutId } : {}),
      ...(changes.paidAt ? { paid_at: changes.paidAt } : {}),
      ...(changes.refundDue !== undefined ? { refund_due: changes.refundDue } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** A ledger entry; a second payment or refund of the order (unique indexes) writes nothing and answers false. */
export async function insertPaymentEvent(
  db: Queryable,
  orderId: string,
  kind: PaymentEvent['kind'],
  outcome?: Pick<GatewayOutcome, 'reference' | 'method' | 'amountMinor' | 'paidBy' | 'occurredAt'>,
): Promise<boolean> {
  const result = await q(db)
    .insertInto('payments.payment_event')
    .values({
      id: crypto.randomUUID(),
      order_id: orderId,
      kind,
      gateway_reference: outcome?.reference ?? null,
      method: outcome?.method ?? null,
      amount_minor: outcome?.amountMinor ?? null,
      paid_by: outcome?.paidBy ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

const toEvent = (r: Pick<Selectable<PaymentEventRow>, 'kind' | 'gateway_reference' | 'method' | 'amount_minor' | 'paid_by' | 'occurred_at' | 'note'>): PaymentEvent => ({
  kind: r.kind as PaymentEvent['kind'],
  gatewayReference: r.gateway_reference,
  method: r.method as PaymentEvent['method'],
  amountMinor: r.amount_minor === null ? null : Number(r.amount_minor),
  paidBy: r.paid_by,
  note: r.note,
  occurredAt: r.occurred_at,
});

export async function listOrderEvents(db: Queryable, orderId: string): Promise<PaymentEvent[]> {
  const found = await q(db)
    .selectFrom('payments.payment_event')
    .select(['kind', 'gateway_reference', 'method', 'amount_minor', 'paid_by', 'occurred_at', 'note'])
    .where('order_id', '=', orderId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return found.map(toEvent);
}

export async function insertNotification(db: Queryable, n: { webhookId: string | null; outcome: string; orderId: string | null }): Promise<boolean> {
  const result = await q(db)
    .insertInto('payments.notification')
    .values({ id: crypto.randomUUID(), webhook_id: n.webhookId, outcome: n.outcome, order_id: n.orderId })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function countNotifications(db: Queryable, orderId: string): Promise<Record<string, number>> {
  const found = await q(db)
    .selectFrom('payments.notification')
    .select(['outcome', sql<number>`count(*)::int`.as('n')])
    .where('order_id', '=', orderId)
    .groupBy('outcome')
    .execute();
  return Object.fromEntries(found.map((r) => [r.outcome, r.n]));
}

// ── Payees ──────────────────────────────────────────────────────────────────────────────

export type PayeeSelection = Selectable<PayeeRow>;

export async function findPayeeRow(db: Queryable, agencyCode: string): Promise<PayeeSelection | undefined> {
  return q(db).selectFrom('payments.payee').selectAll().where('agency_code', '=', agencyCode).executeTakeFirst();
}

/** An agency's payee row, or (with `unit`) an economic unit's, keyed `UE-<unit key>` (migrations/003_unit_payees.sql), or (with `personAccountId`) a person's, keyed `PE-<account id>` (005_person_payees.sql). */
export async function upsertPayeeRow(
  db: Queryable,
  p: {
    agencyCode: string;
    treasuryAccount: string;
    gatewayUrl: string;
    merchantId: string;
    secretEncrypted: string;
    unit?: { key: string; collectingAgencies: string[] };
    personAccountId?: string;
  },
): Promise<void> {
  const values = {
    treasury_account: p.treasuryAccount,
    gateway_url: p.gatewayUrl,
    merchant_id: p.merchantId,
    secret_encrypted: p.secretEncrypted,
    ...(p.unit ? { collecting_agencies: p.unit.collectingAgencies } : {}),
  };
  await q(db)
    .insertInto('payments.payee')
    .values({
      agency_code: p.agencyCode,
      ...values,
      ...(p.unit ? { kind: 'unit', unit_key: p.unit.key } : {}),
      ...(p.personAccountId ? { kind: 'person', person_account_id: p.personAccountId } : {}),
    })
    .onConflict((oc) => oc.column('agency_code').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

/** The gateways the agencies' payees use: the only ones an economic unit may name (Tambo calls them from the server). */
export async function listAgencyGatewayUrls(db: Queryable): Promise<string[]> {
  return (await q(db).selectFrom('payments.payee').select('gateway_url').distinct().where('kind', '=', 'agency').execute()).map((r) => r.gateway_url);
}

// ── The agency's orders, refunds and fees set by officials ────────────────────────────────

export interface PayeeOrderFilter {
  status?: OrderStatus;
  procedureId?: string;
  /** Created on or after (inclusive), before (exclusive). */
  from?: Date;
  before?: Date;
}

/** The payee's orders, newest first, filtered. */
export async function listOrdersOfPayee(db: Queryable, agencyCode: string, filter: PayeeOrderFilter, limit = 200): Promise<PaymentOrder[]> {
  let query = q(db).selectFrom('payments.payment_order').select(orderColumns).where('payee_agency', '=', agencyCode);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.procedureId) query = query.where('procedure_id', '=', filter.procedureId);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.before) query = query.where('created_at', '<', filter.before);
  const found = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return found.map(toOrder);
}

/** The procedures the payee's orders are for (the list's filter), with the concept of one order of each. */
export async function listProceduresOfPayee(db: Queryable, agencyCode: string): Promise<Array<{ procedureId: string; concept: string }>> {
  const found = await sql<{ procedure_id: string; concept: string }>`
    SELECT DISTINCT ON (procedure_id) procedure_id, concept FROM payments.payment_order
    WHERE payee_agency = ${agencyCode} AND procedure_id IS NOT NULL ORDER BY procedure_id, created_at DESC LIMIT 100`.execute(db);
  return found.rows.map((r) => ({ procedureId: r.procedure_id, concept: r.concept.replace(/\s*\([^)]*\)$/, '') }));
}

/** Claims the one refund of an order (the reason kept on the ledger) with its audit entry, in one statement; false when a refund was already asked for. */
export async function claimRefundAudited(db: Queryable, orderId: string, note: string | null, audit: AuditedInsert<unknown>['audit']): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('payments.payment_event', { id: crypto.randomUUID(), order_id: orderId, kind: 'refund_requested', note }),
    onConflictDoNothing: true,
    audit,
  });
  return row !== undefined;
}

/** Gives the claim back when the gateway refused the refund (it may be asked for again). */
export async function releaseRefundClaim(db: Queryable, orderId: string): Promise<void> {
  await q(db).deleteFrom('payments.payment_event').where('order_id', '=', orderId).where('kind', '=', 'refund_requested').execute();
}

export interface FeeRequest {
  caseId: string;
  caseTrackingCode: string;
  payeeAgency: string;
  payerAccountId: string | null;
  /** A unit's case: the unit on whose behalf the fee is paid. */
  payerUnitKey?: string | null;
  procedureId: string | null;
  concept: string;
  orderId: string | null;
  createdAt: Date;
}

const feeRequestColumns = ['case_id', 'case_tracking_code', 'payee_agency', 'payer_account_id', 'payer_unit_key', 'procedure_id', 'concept', 'order_id', 'created_at'] as const;
const toFeeRequest = (r: Pick<Selectable<Tables['payments.fee_request']>, (typeof feeRequestColumns)[number]>): FeeRequest => ({
  caseId: r.case_id,
  caseTrackingCode: r.case_tracking_code,
  payeeAgency: r.payee_agency,
  payerAccountId: r.payer_account_id,
  payerUnitKey: r.payer_unit_key,
  procedureId: r.procedure_id,
  concept: r.concept,
  orderId: r.order_id,
  createdAt: r.created_at,
});

/** A case waiting for the official to set its fee, with its audit entry, in one statement; undefined when the case already has one. */
export async function insertFeeRequestAudited(db: Queryable, r: Omit<FeeRequest, 'orderId' | 'createdAt'>, audit: AuditedInsert<unknown>['audit']): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('payments.fee_request', {
      case_id: r.caseId,
      case_tracking_code: r.caseTrackingCode,
      payee_agency: r.payeeAgency,
      payer_account_id: r.payerAccountId,
      payer_unit_key: r.payerUnitKey ?? null,
      procedure_id: r.procedureId,
      concept: r.concept,
    }),
    onConflictDoNothing: true,
    audit,
  });
  return row !== undefined;
}

export async function findFeeRequest(db: Queryable, caseId: string, options: { forUpdate?: boolean } = {}): Promise<FeeRequest | undefined> {
  let query = q(db).selectFrom('payments.fee_request').select(feeRequestColumns).where('case_id', '=', caseId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toFeeRequest(row) : undefined;
}

export async function listOpenFeeRequests(db: Queryable, agencyCode: string, limit = 100): Promise<FeeRequest[]> {
  const found = await q(db)
    .selectFrom('payments.fee_request')
    .select(feeRequestColumns)
    .where('payee_agency', '=', agencyCode)
    .where('order_id', 'is', null)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return found.map(toFeeRequest);
}

export async function setFeeRequestOrder(db: Queryable, caseId: string, orderId: string): Promise<void> {
  await q(db).updateTable('payments.fee_request').set({ order_id: orderId }).where('case_id', '=', caseId).execute();
}

/**
 * A payment of an order that was payable when read, in one statement (the write pattern): the
 * `paid` ledger entry (one per order and reference: a duplicate writes nothing), the order
 * marked paid (the state machine's trigger refuses it, failing the whole statement, when the
 * order changed meanwhile), the notification log, audit entry, event and revenue figure.
 * Answers whether it was written.
 */
export async function payOrderAudited(
  db: Queryable,
  order: Pick<PaymentOrder, 'id'>,
  outcome: Pick<GatewayOutcome, 'reference' | 'method' | 'amountMinor' | 'paidBy' | 'occurredAt'>,
  notification: { webhookId: string | null } | undefined,
  consequences: Pick<AuditedInsert<unknown>, 'audit' | 'events' | 'stats'>,
): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('payments.payment_event', {
      id: crypto.randomUUID(),
      order_id: order.id,
      kind: 'paid',
      gateway_reference: outcome.reference,
      method: outcome.method,
      amount_minor: outcome.amountMinor,
      paid_by: outcome.paidBy,
    }),
    onConflictDoNothing: true,
    statements: [
      sql`UPDATE payments.payment_order SET status = 'paid', paid_at = ${outcome.occurredAt.toISOString()}::timestamptz
        WHERE id = ${order.id} AND EXISTS (SELECT 1 FROM main)`,
    ],
    also: notification ? [rows('payments.notification', { id: crypto.randomUUID(), webhook_id: notification.webhookId, outcome: 'applied', order_id: order.id })] : [],
    ...consequences,
  });
  return row !== undefined;
}
