// Every SQL statement of the daily reconciliation: the ledger's payments and refunds of a
// payee's day, the reconciliation row and its differences.
import { type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { DifferenceRow, Tables } from './db.generated.ts';

const q = (db: Queryable) => typed<Tables>(db);

export interface LedgerEntry {
  reference: string;
  orderCode: string;
  kind: 'payment' | 'refund';
  amountMinor: number;
}

/** Payments (paid, late) and refunds of the payee's orders recorded in the UTC day. */
export async function findLedgerOfDay(db: Queryable, payeeAgency: string, day: string): Promise<LedgerEntry[]> {
  const rows = await q(db)
    .selectFrom('payments.payment_event as e')
    .innerJoin('payments.payment_order as o', 'o.id', 'e.order_id')
    .select(['e.gateway_reference', 'o.code', 'e.kind', 'e.amount_minor'])
    .where('o.payee_agency', '=', payeeAgency)
    .where('e.kind', 'in', ['paid', 'late_payment', 'refunded'])
    .where('e.gateway_reference', 'is not', null)
    .where(sql<boolean>`e.occurred_at >= ${day}::date AT TIME ZONE 'UTC' AND e.occurred_at < (${day}::date + 1) AT TIME ZONE 'UTC'`)
    .execute();
  return rows.map((r) => ({ reference: r.gateway_reference!, orderCode: r.code, kind: r.kind === 'refunded' ? 'refund' : 'payment', amountMinor: Number(r.amount_minor ?? 0) }));
}

export interface NewReconciliation {
  id: string;
  payeeAgency: string;
  day: string;
  ledgerCount: number;
  ledgerMinor: number;
  settledCount: number;
  settledMinor: number;
}

/** The day's reconciliation (a rerun updates its totals and keeps its id); answers the id. */
export async function upsertReconciliation(db: Queryable, r: NewReconciliation): Promise<string> {
  const totals = { ledger_count: r.ledgerCount, ledger_minor: r.ledgerMinor, settled_count: r.settledCount, settled_minor: r.settledMinor };
  const row = await q(db)
    .insertInto('payments.reconciliation')
    .values({ id: r.id, payee_agency: r.payeeAgency, day: r.day, ...totals })
    .onConflict((oc) => oc.columns(['payee_agency', 'day']).doUpdateSet({ ...totals, run_at: sql`now()` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewDifference {
  id: string;
  kind: 'missing_in_settlement' | 'missing_in_ledger' | 'amount_mismatch';
  reference: string;
  orderCode: string | null;
  ledgerMinor: number | null;
  settledMinor: number | null;
}

/** Differences found; one already listed (resolved or not) for the same reference stays as it is. */
export async function insertDifferences(db: Queryable, reconciliationId: string, differences: NewDifference[]): Promise<void> {
  if (differences.length === 0) return;
  await q(db)
    .insertInto('payments.difference')
    .values(
      differences.map((d) => ({
        id: d.id,
        reconciliation_id: reconciliationId,
        kind: d.kind,
        gateway_reference: d.reference,
        order_code: d.orderCode,
        ledger_minor: d.ledgerMinor,
        settled_minor: d.settledMinor,
      })),
    )
    .onConflict((oc) => oc.columns(['reconciliation_id', 'gateway_reference']).doNothing())
    .execute();
}

export type DifferenceSelection = Selectable<DifferenceRow>;

export async function findReconciliation(db: Queryable, payeeAgency: string, day: string) {
  return q(db).selectFrom('payments.reconciliation').selectAll().where('payee_agency', '=', payeeAgency).where('day', '=', sql<Date>`${day}::date`).executeTakeFirst();
}

export async function findDifferences(db: Queryable, reconciliationId: string): Promise<DifferenceSelection[]> {
  return q(db).selectFrom('payments.difference').selectAll().where('reconciliation_id', '=', reconciliationId).orderBy('kind').orderBy('gateway_reference').execute();
}

export async function findDifferenceById(db: Queryable, id: string): Promise<DifferenceSelection | undefined> {
  return q(db).selectFrom('payments.difference').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A difference with its reconciliation's payee, for the resolving official's check. */
export async function findDifferenceWithPayee(db: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  let query = q(db)
    .selectFrom('payments.difference as d')
    .innerJoin('payments.reconciliation as r', 'r.id', 'd.reconciliation_id')
    .select(['d.id', 'd.resolved_at', 'd.gateway_reference', 'r.payee_agency', sql<string>`r.day::text`.as('day')])
    .where('d.id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function markResolved(db: Queryable, id: string, by: string, resolution: string): Promise<void> {
  await q(db).updateTable('payments.difference').set({ resolved_at: sql`now()`, resolved_by: by, resolution }).where('id', '=', id).where('resolved_at', 'is', null).execute();
}

export async function listPayeeCodes(db: Queryable): Promise<string[]> {
  return (await q(db).selectFrom('payments.payee').select('agency_code').orderBy('agency_code').execute()).map((r) => r.agency_code);
}
