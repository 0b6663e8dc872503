// The daily reconciliation of a payee: the ledger's payments and refunds of a UTC day against
// the gateway's settlement file of that day, matched by the gateway's reference. What differs
// (missing on one side, or another amount) is listed for an official of the agency to resolve;
// each run and each resolution is audited.
import { parse } from 'csv-parse/sync';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { agencyCodesOf, getRoles } from '../identity/index.ts';
import { unitsRepresentedBy } from '../registries/index.ts';
import { gateway, findPayee } from './payments.service.ts';
import { isPrivatePayee, personPayeeKey, unitPayeeKey } from './payees.service.ts';
import {
  type DifferenceSelection,
  findDifferenceById,
  findDifferences,
  findDifferenceWithPayee,
  findLedgerOfDay,
  findReconciliation,
  insertDifferences,
  listPayeeCodes,
  markResolved,
  type NewDifference,
  type NewReconciliation,
  upsertReconciliation,
} from './reconciliation.queries.ts';

export const RECONCILE_JOB = 'reconcile_daily';

export type Reconciliation = Omit<NewReconciliation, 'id'> & { runAt: Date; differences: DifferenceSelection[] };

interface SettlementRow {
  reference: string;
  order_code: string;
  kind: string;
  amount_minor: string;
}

/** Compares the ledger and the settlement file of a day; stores and answers the reconciliation. */
export async function reconcileDay(deps: Pick<Deps, 'db' | 'config'>, payeeAgency: string, day: string, actor: { type: 'system' | 'official' | 'person'; id: string }): Promise<Reconciliation> {
  const payee = await findPayee(deps, payeeAgency);
  if (!payee) throw new AppError('PAYMENTS_PAYEE_NOT_CONFIGURED');
  const settled = (parse(await gateway.fetchSettlement(payee, day), { columns: true, skip_empty_lines: true }) as SettlementRow[]).map((r) => ({
    reference: r.reference,
    orderCode: r.order_code,
    amountMinor: Number(r.amount_minor),
  }));
  const ledger = await findLedgerOfDay(deps.db, payeeAgency, day);
  const inLedger = new Map(ledger.map((e) => [e.reference, e]));
  const inSettlement = new Map(settled.map((s) => [s.reference, s]));
  const differences: NewDifference[] = [];
  for (const e of ledger) {
    const s = inSettlement.get(e.reference);
    if (!s) differences.push({ id: uuidv7(), kind: 'missing_in_settlement', reference: e.reference, orderCode: e.orderCode, ledgerMinor: e.amountMinor, settledMinor: null });
    else if (s.amountMinor !== e.amountMinor)
      differences.push({ id: uuidv7(), kind: 'amount_mismatch', reference: e.reference, orderCode: e.orderCode, ledgerMinor: e.amountMinor, settledMinor: s.amountMinor });
  }
  for (const s of settled) {
    if (!inLedger.has(s.reference))
      differences.push({ id: uuidv7(), kind: 'missing_in_ledger', reference: s.reference, orderCode: s.orderCode || null, ledgerMinor: null, settledMinor: s.amountMinor });
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  await deps.db.transaction().execute(async (trx) => {
    const id = await upsertReconciliation(trx, {
      id: uuidv7(),
      payeeAgency,
      day,
      ledgerCount: ledger.length,
      ledgerMinor: sum(ledger.map((e) => e.amountMinor)),
      settledCount: settled.length,
      settledMinor: sum(settled.map((s) => s.amountMinor)),
    });
    await insertDifferences(trx, id, differences);
    await recordAudit(trx, { actor, action: 'payments.reconciliation_run', subject: { type: 'reconciliation', id }, data: { payee: payeeAgency, day, differences: differences.length } });
  });
  return (await readReconciliation(deps, payeeAgency, day))!;
}

export async function readReconciliation(deps: Pick<Deps, 'db'>, payeeAgency: string, day: string): Promise<Reconciliation | undefined> {
  const row = await findReconciliation(deps.db, payeeAgency, day);
  if (!row) return undefined;
  return {
    payeeAgency,
    day,
    ledgerCount: row.ledger_count,
    ledgerMinor: Number(row.ledger_minor),
    settledCount: row.settled_count,
    settledMinor: Number(row.settled_minor),
    runAt: row.run_at,
    differences: await findDifferences(deps.db, row.id),
  };
}

/** The agencies whose reconciliation an official may see and resolve: those where they hold a role. */
export async function reconcilingAgencies(deps: Pick<Deps, 'db'>, accountId: string): Promise<string[]> {
  return agencyCodesOf(await getRoles(deps, accountId));
}

/**
 * The payees whose reconciliation the person may see and resolve: the agencies where they hold a
 * role, and the economic units they represent that have a settlement account (payee key
 * `UE-<unit key>`; registries' index), and her own account when she is paid as herself (`PE-<account id>`).
 * An official sees only the agency's, a unit's representative only the unit's.
 */
export async function reconcilingPayees(deps: Deps, account: { id: string; documentNumber: string }): Promise<string[]> {
  const [agencies, units] = await Promise.all([reconcilingAgencies(deps, account.id), unitsRepresentedBy(deps, account.documentNumber)]);
  // Only the units with a settlement account are payees (findPayee is cached).
  const payees = await Promise.all(units.map(async (u) => ((await findPayee(deps, unitPayeeKey(u.key))) ? unitPayeeKey(u.key) : undefined)));
  // A person paid as herself (a marketplace seller) sees her own.
  const own = (await findPayee(deps, personPayeeKey(account.id))) ? [personPayeeKey(account.id)] : [];
  return [...agencies, ...payees.filter((p): p is string => p !== undefined), ...own];
}

/** A difference of one of the person's payees (any other: "not found"). */
export async function findDifferenceForOfficial(
  deps: Deps,
  account: { id: string; documentNumber: string },
  id: string,
): Promise<{ difference: DifferenceSelection; payeeAgency: string; day: string }> {
  const found = await findDifferenceWithPayee(deps.db, id);
  if (!found || !(await reconcilingPayees(deps, account)).includes(found.payee_agency)) throw new AppError('PAYMENTS_DIFFERENCE_NOT_FOUND');
  const difference = (await findDifferenceById(deps.db, id))!;
  return { difference, payeeAgency: found.payee_agency, day: found.day };
}

/** An official of the payee (or the unit's representative) resolves a difference with a written explanation (audited). */
export async function resolveDifference(
  deps: Deps,
  account: { id: string; documentNumber: string },
  differenceId: string,
  resolution: string,
  requestId?: string | null,
): Promise<{ payeeAgency: string; day: string }> {
  const accountId = account.id;
  const payees = await reconcilingPayees(deps, account);
  const text = resolution.trim();
  const fields: FieldError[] = [];
  if (!text) fields.push({ field: 'resolution', messageKey: 'payments.reconciliation.resolutionRequired' });
  else if (text.length > 1000) fields.push({ field: 'resolution', messageKey: 'payments.reconciliation.resolutionTooLong' });
  return deps.db.transaction().execute(async (trx) => {
    const found = await findDifferenceWithPayee(trx, differenceId, { forUpdate: true });
    if (!found) throw new AppError('PAYMENTS_DIFFERENCE_NOT_FOUND');
    if (!payees.includes(found.payee_agency)) throw new AppError('PAYMENTS_FORBIDDEN');
    if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
    if (!found.resolved_at) {
      await markResolved(trx, differenceId, accountId, text);
      await recordAudit(trx, {
        actor: { type: isPrivatePayee(found.payee_agency) ? 'person' : 'official', id: accountId },
        action: 'payments.difference_resolved',
        subject: { type: 'reconciliation_difference', id: differenceId },
        data: { payee: found.payee_agency, day: found.day, reference: found.gateway_reference },
        requestId: requestId ?? null,
      });
    }
    return { payeeAgency: found.payee_agency, day: found.day };
  });
}

/** The daily job: yesterday (UTC) for every payee. */
export async function runDailyReconciliation(deps: Pick<Deps, 'db' | 'config' | 'log'>, now = new Date()): Promise<void> {
  const day = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  for (const payee of await listPayeeCodes(deps.db)) {
    try {
      await reconcileDay(deps, payee, day, { type: 'system', id: 'payments' });
    } catch (error) {
      deps.log.warn({ err: error, payee, day }, 'reconciliation failed');
    }
  }
}

/** The reconciliation as CSV (one line per difference, after the totals). */
export function reconciliationCsv(r: Reconciliation): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = [
    ['payee', 'day', 'ledger_count', 'ledger_minor', 'settled_count', 'settled_minor'].join(','),
    [r.payeeAgency, r.day, r.ledgerCount, r.ledgerMinor, r.settledCount, r.settledMinor].map(cell).join(','),
    '',
    ['kind', 'reference', 'order_code', 'ledger_minor', 'settled_minor', 'resolved_at', 'resolution'].join(','),
    ...r.differences.map((d) => [d.kind, d.gateway_reference, d.order_code, d.ledger_minor, d.settled_minor, d.resolved_at?.toISOString() ?? '', d.resolution].map(cell).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}
