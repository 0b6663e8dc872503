// Every SQL statement on a project's plan line, budget items and spending ledger (issue 25).
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { BudgetItem, LineRollupRow, Spending } from './spending.types.ts';

const rows = rowsInto<Tables>();

export type NewSpending = Omit<Spending, 'seq' | 'recordedAt'> & { clientId: string; idempotencyKey: string | null; requestSha256: string | null };

/** The entry with its audit entry and event in one statement; undefined when the client's idempotency key already has one. */
export async function insertSpendingAudited(
  db: Queryable,
  e: NewSpending,
  consequences: Pick<AuditedInsert<unknown>, 'audit' | 'events' | 'stats'>,
): Promise<{ seq: number; recordedAt: Date } | undefined> {
  const row = await auditedInsert(db, {
    insert: rows('projects.spending', {
      id: e.id,
      project_id: e.projectId,
      kind: e.kind,
      corrects_id: e.correctsId,
      amount_minor: e.amountMinor,
      currency: e.currency,
      value_date: e.valueDate as never,
      source: e.source,
      description: e.description,
      agency_code: e.agencyCode,
      client_id: e.clientId,
      idempotency_key: e.idempotencyKey,
      request_sha256: e.requestSha256,
    }),
    returning: sql<{ seq: string; recorded_at: Date }>`seq, recorded_at`,
    onConflictDoNothing: true,
    ...consequences,
  });
  return row ? { seq: Number(row.seq), recordedAt: row.recorded_at } : undefined;
}

const SPENDING_COLUMNS = sql`s.id, s.seq, s.project_id, s.kind, s.corrects_id, s.amount_minor, s.currency, to_char(s.value_date, 'YYYY-MM-DD') AS value_date, s.source, s.description, s.agency_code, s.recorded_at`;
interface SpendingSelection {
  id: string;
  seq: string;
  project_id: string;
  kind: 'payment' | 'correction';
  corrects_id: string | null;
  amount_minor: string;
  currency: string;
  value_date: string;
  source: string;
  description: string;
  agency_code: string;
  recorded_at: Date;
  request_sha256?: string | null;
}
const toSpending = (r: SpendingSelection): Spending => ({
  id: r.id,
  seq: Number(r.seq),
  projectId: r.project_id,
  kind: r.kind,
  correctsId: r.corrects_id,
  amountMinor: Number(r.amount_minor),
  currency: r.currency,
  valueDate: r.value_date,
  source: r.source,
  description: r.description,
  agencyCode: r.agency_code,
  recordedAt: r.recorded_at,
});

export async function findSpending(db: Queryable, key: { id: string } | { clientId: string; idempotencyKey: string }): Promise<(Spending & { requestSha256: string | null }) | undefined> {
  const where = 'id' in key ? sql`s.id = ${key.id}` : sql`s.client_id = ${key.clientId} AND s.idempotency_key = ${key.idempotencyKey}`;
  const { rows: found } = await sql<SpendingSelection>`SELECT ${SPENDING_COLUMNS}, s.request_sha256 FROM projects.spending s WHERE ${where}`.execute(db);
  return found[0] ? { ...toSpending(found[0]), requestSha256: found[0].request_sha256 ?? null } : undefined;
}

/** The spending ledger in the order it was written (of one project, or all of it for open data). */
export async function listSpending(db: Queryable, projectId?: string): Promise<Spending[]> {
  const where = projectId ? sql`WHERE s.project_id = ${projectId}` : sql``;
  const { rows: found } = await sql<SpendingSelection>`SELECT ${SPENDING_COLUMNS} FROM projects.spending s ${where} ORDER BY s.seq`.execute(db);
  return found.map(toSpending);
}

/** The budget items (year, source) of one project, or of all (open data). */
export async function listBudgetItems(db: Queryable, projectId?: string): Promise<BudgetItem[]> {
  const where = projectId ? sql`WHERE b.project_id = ${projectId}` : sql``;
  const { rows: found } = await sql<{ project_id: string; year: number; source: string; amount_minor: string }>`
    SELECT b.project_id, b.year, b.source, b.amount_minor FROM projects.budget_item b ${where} ORDER BY b.project_id, b.year, b.source`.execute(db);
  return found.map((r) => ({ projectId: r.project_id, year: r.year, source: r.source, amountMinor: Number(r.amount_minor) }));
}

/** The budget items written with a project (its `also` rows). */
export function budgetItemRows(projectId: string, items: ReadonlyArray<{ year: number; source: string; amountMinor: number }>) {
  return rows(
    'projects.budget_item',
    items.map((i) => ({ project_id: projectId, year: i.year, source: i.source, amount_minor: i.amountMinor })),
  );
}

/**
 * Per project of the given plan lines: its budget, what its spending ledger adds up to (plain sums,
 * corrections included) and its progress; the service rolls them up to lines and the plan.
 */
export async function selectLineRollup(db: Queryable, lineIds: string[]): Promise<LineRollupRow[]> {
  if (lineIds.length === 0) return [];
  const { rows: found } = await sql<{ id: string; title: string; plan_line_id: string; budget_minor: string; currency: string; progress: number; status: string; spent: string }>`
    SELECT p.id, p.title, p.plan_line_id, p.budget_minor, p.currency, p.progress, p.status,
           coalesce((SELECT sum(s.amount_minor) FROM projects.spending s WHERE s.project_id = p.id), 0) AS spent
      FROM projects.project p
     WHERE p.plan_line_id = ANY(${lineIds}::uuid[])
     ORDER BY p.plan_line_id, p.created_at, p.id`.execute(db);
  return found.map((r) => ({
    projectId: r.id,
    title: r.title,
    lineId: r.plan_line_id,
    budgetMinor: Number(r.budget_minor),
    currency: r.currency,
    progress: r.progress,
    status: r.status,
    spentMinor: Number(r.spent),
  }));
}
