// Every SQL statement on the projects schema.
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import { budgetItemRows } from './spending.queries.ts';
import type { BankAccount, Milestone, Observation, Project, ProjectKind, ProjectStatus, TotalLine, Transfer } from './projects.types.ts';

const rows = rowsInto<Tables>();
type Consequences = Pick<AuditedInsert<unknown>, 'audit' | 'events' | 'stats'>;

const PROJECT_COLUMNS = sql`p.id, p.kind, p.title, p.description, p.territory_code, p.territory_path, p.circuit_code, p.lat, p.lon,
  p.executor_territory_code, p.executor_territory_path, p.executor_agency_code, p.budget_minor, p.currency, p.status, p.progress,
  p.source, p.plan_line_id, p.created_by_agency, p.created_at, p.updated_at`;
interface ProjectSelection {
  id: string;
  kind: string;
  title: string;
  description: string;
  territory_code: string;
  territory_path: string[];
  circuit_code: string | null;
  lat: number | null;
  lon: number | null;
  executor_territory_code: string | null;
  executor_territory_path: string[] | null;
  executor_agency_code: string | null;
  budget_minor: string | number;
  currency: string;
  status: string;
  progress: number;
  source: Record<string, unknown> | null;
  plan_line_id: string | null;
  created_by_agency: string | null;
  created_at: Date;
  updated_at: Date;
}
const toProject = (r: ProjectSelection): Project => ({
  id: r.id,
  kind: r.kind as ProjectKind,
  title: r.title,
  description: r.description,
  territoryCode: r.territory_code,
  territoryPath: r.territory_path,
  circuitCode: r.circuit_code,
  lat: r.lat,
  lon: r.lon,
  executorTerritoryCode: r.executor_territory_code,
  executorTerritoryPath: r.executor_territory_path,
  executorAgencyCode: r.executor_agency_code,
  budgetMinor: Number(r.budget_minor),
  currency: r.currency,
  status: r.status as ProjectStatus,
  progress: r.progress,
  source: r.source,
  planLineId: r.plan_line_id,
  createdByAgency: r.created_by_agency,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type NewProject = Omit<Project, 'status' | 'progress' | 'createdAt' | 'updatedAt'> & {
  sourceKey: string | null;
  clientId: string | null;
  idempotencyKey: string | null;
  requestSha256: string | null;
  milestones: Array<{ title: string; dueOn: string | null }>;
  budgetItems: Array<{ year: number; source: string; amountMinor: number }>;
};

/** The project and its milestones, audit, events and figures in one statement; undefined when its source or idempotency key already has one. */
export async function insertProjectAudited(db: Queryable, p: NewProject, consequences: Consequences): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('projects.project', {
      id: p.id,
      kind: p.kind,
      title: p.title,
      description: p.description,
      territory_code: p.territoryCode,
      territory_path: p.territoryPath,
      circuit_code: p.circuitCode,
      lat: p.lat,
      lon: p.lon,
      executor_territory_code: p.executorTerritoryCode,
      executor_territory_path: p.executorTerritoryPath,
      executor_agency_code: p.executorAgencyCode,
      budget_minor: p.budgetMinor,
      currency: p.currency,
      source: p.source as never,
      plan_line_id: p.planLineId,
      source_key: p.sourceKey,
      created_by_agency: p.createdByAgency,
      client_id: p.clientId,
      idempotency_key: p.idempotencyKey,
      request_sha256: p.requestSha256,
    }),
    onConflictDoNothing: true,
    also: [
      rows(
        'projects.milestone',
        p.milestones.map((m, index) => ({ id: crypto.randomUUID(), project_id: p.id, position: index + 1, title: m.title, due_on: m.dueOn as never })),
      ),
      budgetItemRows(p.id, p.budgetItems),
    ],
    ...consequences,
  });
  return row !== undefined;
}

export async function findProject(db: Queryable, id: string): Promise<Project | undefined> {
  const { rows: found } = await sql<ProjectSelection>`SELECT ${PROJECT_COLUMNS} FROM projects.project p WHERE p.id = ${id}`.execute(db);
  return found[0] ? toProject(found[0]) : undefined;
}

/** The project, its row locked until the caller's transaction ends (changes of one project run one at a time). */
export async function findProjectForUpdate(db: Queryable, id: string): Promise<Project | undefined> {
  const { rows: found } = await sql<ProjectSelection>`SELECT ${PROJECT_COLUMNS} FROM projects.project p WHERE p.id = ${id} FOR UPDATE OF p`.execute(db);
  return found[0] ? toProject(found[0]) : undefined;
}

export async function findProjectByKey(db: Queryable, key: { sourceKey: string } | { clientId: string; idempotencyKey: string }): Promise<(Project & { requestSha256: string | null }) | undefined> {
  const where = 'sourceKey' in key ? sql`p.source_key = ${key.sourceKey}` : sql`p.client_id = ${key.clientId} AND p.idempotency_key = ${key.idempotencyKey}`;
  const { rows: found } = await sql<ProjectSelection & { request_sha256: string | null }>`SELECT ${PROJECT_COLUMNS}, p.request_sha256 FROM projects.project p WHERE ${where}`.execute(db);
  return found[0] ? { ...toProject(found[0]), requestSha256: found[0].request_sha256 } : undefined;
}

export interface ProjectFilter {
  territory?: string;
  status?: ProjectStatus;
  kind?: ProjectKind;
  limit: number;
  offset: number;
}

export async function listProjects(db: Queryable, f: ProjectFilter): Promise<{ projects: Project[]; total: number }> {
  const conditions = [sql`true`];
  if (f.territory) conditions.push(sql`p.territory_path @> ARRAY[${f.territory}]::text[]`);
  if (f.status) conditions.push(sql`p.status = ${f.status}`);
  if (f.kind) conditions.push(sql`p.kind = ${f.kind}`);
  const where = sql.join(conditions, sql` AND `);
  const { rows: found } = await sql<ProjectSelection & { total: string }>`
    SELECT ${PROJECT_COLUMNS}, count(*) OVER () AS total FROM projects.project p WHERE ${where}
    ORDER BY p.created_at DESC, p.id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return { projects: found.map(toProject), total: Number(found[0]?.total ?? 0) };
}

export async function updateProjectState(db: Queryable, id: string, state: { status: ProjectStatus; progress: number }): Promise<void> {
  await sql`UPDATE projects.project SET status = ${state.status}, progress = ${state.progress}, updated_at = now() WHERE id = ${id}`.execute(db);
}

// Milestones
interface MilestoneSelection {
  id: string;
  project_id: string;
  position: number;
  title: string;
  due_on: string | null;
  done_on: string | null;
  evidence_sha256: string | null;
  evidence_note: string | null;
}
const MILESTONE_COLUMNS = sql`id, project_id, position, title, to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(done_on, 'YYYY-MM-DD') AS done_on, evidence_sha256, evidence_note`;
const toMilestone = (r: MilestoneSelection): Milestone => ({
  id: r.id,
  projectId: r.project_id,
  position: r.position,
  title: r.title,
  dueOn: r.due_on,
  doneOn: r.done_on,
  evidenceSha256: r.evidence_sha256,
  evidenceNote: r.evidence_note,
});

export async function listMilestones(db: Queryable, projectId: string): Promise<Milestone[]> {
  const { rows: found } = await sql<MilestoneSelection>`SELECT ${MILESTONE_COLUMNS} FROM projects.milestone WHERE project_id = ${projectId} ORDER BY position`.execute(db);
  return found.map(toMilestone);
}

/** Marks a milestone done once (a second report of the same milestone changes nothing): true when it changed. */
export async function completeMilestone(db: Queryable, m: { projectId: string; position: number; doneOn: string; evidenceSha256: string | null; note: string | null }): Promise<boolean> {
  const result = await sql`UPDATE projects.milestone SET done_on = ${m.doneOn}::date, evidence_sha256 = ${m.evidenceSha256}, evidence_note = ${m.note}
    WHERE project_id = ${m.projectId} AND position = ${m.position} AND done_on IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Whether a stored file is the evidence of one of the project's milestones or a document of its ledger. */
export async function isProjectFile(db: Queryable, projectId: string, sha256: string): Promise<boolean> {
  const { rows: found } = await sql<{ yes: boolean }>`SELECT EXISTS (SELECT 1 FROM projects.milestone WHERE project_id = ${projectId} AND evidence_sha256 = ${sha256})
    OR EXISTS (SELECT 1 FROM projects.transfer WHERE project_id = ${projectId} AND document_sha256 = ${sha256}) AS yes`.execute(db);
  return found[0]?.yes === true;
}

// Communal bank accounts
const toBank = (r: { id: string; bank_name: string; account_reference: string; holder_name: string; territory_code: string; territory_path: string[]; created_by_agency: string }): BankAccount => ({
  id: r.id,
  bankName: r.bank_name,
  accountReference: r.account_reference,
  holderName: r.holder_name,
  territoryCode: r.territory_code,
  territoryPath: r.territory_path,
  createdByAgency: r.created_by_agency,
});

export async function insertBankAccountAudited(db: Queryable, b: BankAccount, consequences: Consequences): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('projects.bank_account', {
      id: b.id,
      bank_name: b.bankName,
      account_reference: b.accountReference,
      holder_name: b.holderName,
      territory_code: b.territoryCode,
      territory_path: b.territoryPath,
      created_by_agency: b.createdByAgency,
    }),
    onConflictDoNothing: true,
    ...consequences,
  });
  return row !== undefined;
}

export async function findBankAccount(db: Queryable, reference: string): Promise<BankAccount | undefined> {
  const { rows: found } = await sql<Parameters<typeof toBank>[0]>`SELECT * FROM projects.bank_account WHERE account_reference = ${reference}`.execute(db);
  return found[0] ? toBank(found[0]) : undefined;
}

export async function listBankAccounts(db: Queryable, territory?: string): Promise<BankAccount[]> {
  const where = territory ? sql`WHERE territory_path @> ARRAY[${territory}]::text[]` : sql``;
  const { rows: found } = await sql<Parameters<typeof toBank>[0]>`SELECT * FROM projects.bank_account ${where} ORDER BY territory_code, account_reference`.execute(db);
  return found.map(toBank);
}

// The transfer ledger
interface TransferSelection {
  id: string;
  seq: string | number;
  project_id: string;
  bank_account_id: string;
  account_reference: string;
  bank_name: string;
  kind: 'deposit' | 'correction';
  corrects_id: string | null;
  amount_minor: string | number;
  currency: string;
  value_date: string;
  reason: string | null;
  document_sha256: string | null;
  territory_code: string;
  territory_path: string[];
  circuit_code: string | null;
  agency_code: string;
  recorded_at: Date;
  request_sha256?: string | null;
}
const TRANSFER_COLUMNS = sql`t.id, t.seq, t.project_id, t.bank_account_id, b.account_reference, b.bank_name, t.kind, t.corrects_id, t.amount_minor, t.currency,
  to_char(t.value_date, 'YYYY-MM-DD') AS value_date, t.reason, t.document_sha256, t.territory_code, t.territory_path, t.circuit_code, t.agency_code, t.recorded_at`;
const toTransfer = (r: TransferSelection): Transfer => ({
  id: r.id,
  seq: Number(r.seq),
  projectId: r.project_id,
  bankAccountId: r.bank_account_id,
  accountReference: r.account_reference,
  bankName: r.bank_name,
  kind: r.kind,
  correctsId: r.corrects_id,
  amountMinor: Number(r.amount_minor),
  currency: r.currency,
  valueDate: r.value_date,
  reason: r.reason,
  documentSha256: r.document_sha256,
  territoryCode: r.territory_code,
  territoryPath: r.territory_path,
  circuitCode: r.circuit_code,
  agencyCode: r.agency_code,
  recordedAt: r.recorded_at,
});

export type NewTransfer = Omit<Transfer, 'seq' | 'recordedAt' | 'accountReference' | 'bankName'> & { clientId: string | null; idempotencyKey: string | null; requestSha256: string | null };

/** The entry with its consequences in one statement: its position and time, or undefined when its idempotency key already has one. */
export async function insertTransferAudited(db: Queryable, e: NewTransfer, consequences: Consequences): Promise<{ seq: number; recordedAt: Date } | undefined> {
  const row = await auditedInsert(db, {
    insert: rows('projects.transfer', {
      id: e.id,
      project_id: e.projectId,
      bank_account_id: e.bankAccountId,
      kind: e.kind,
      corrects_id: e.correctsId,
      amount_minor: e.amountMinor,
      currency: e.currency,
      value_date: e.valueDate as never,
      reason: e.reason,
      document_sha256: e.documentSha256,
      territory_code: e.territoryCode,
      territory_path: e.territoryPath,
      circuit_code: e.circuitCode,
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

export async function findTransfer(db: Queryable, key: { id: string } | { clientId: string; idempotencyKey: string }): Promise<(Transfer & { requestSha256: string | null }) | undefined> {
  const where = 'id' in key ? sql`t.id = ${key.id}` : sql`t.client_id = ${key.clientId} AND t.idempotency_key = ${key.idempotencyKey}`;
  const { rows: found } =
    await sql<TransferSelection>`SELECT ${TRANSFER_COLUMNS}, t.request_sha256 FROM projects.transfer t JOIN projects.bank_account b ON b.id = t.bank_account_id WHERE ${where}`.execute(db);
  return found[0] ? { ...toTransfer(found[0]), requestSha256: found[0].request_sha256 ?? null } : undefined;
}

/** The ledger in the order it was written (of one project, or all of it for open data). */
export async function listTransfers(db: Queryable, projectId?: string): Promise<Transfer[]> {
  const where = projectId ? sql`WHERE t.project_id = ${projectId}` : sql``;
  const { rows: found } = await sql<TransferSelection>`SELECT ${TRANSFER_COLUMNS} FROM projects.transfer t JOIN projects.bank_account b ON b.id = t.bank_account_id ${where} ORDER BY t.seq`.execute(
    db,
  );
  return found.map(toTransfer);
}

/** Sums of the ledger per project, per territory (every unit of each entry's path) or per communal circuit. */
export async function sumTransfers(db: Queryable, by: 'project' | 'territory' | 'circuit', within?: string): Promise<TotalLine[]> {
  const key = by === 'project' ? sql`t.project_id::text` : by === 'circuit' ? sql`t.circuit_code` : sql`unit`;
  const from = by === 'territory' ? sql`projects.transfer t CROSS JOIN LATERAL unnest(t.territory_path) AS unit` : sql`projects.transfer t`;
  const conditions = [by === 'circuit' ? sql`t.circuit_code IS NOT NULL` : sql`true`];
  if (within) conditions.push(sql`t.territory_path @> ARRAY[${within}]::text[]`);
  const { rows: found } = await sql<{ key: string; currency: string; total: string; entries: string }>`
    SELECT ${key} AS key, t.currency, sum(t.amount_minor) AS total, count(*) AS entries FROM ${from}
    WHERE ${sql.join(conditions, sql` AND `)} GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return found.map((r) => ({ key: r.key, currency: r.currency, totalMinor: Number(r.total), entries: Number(r.entries) }));
}

// Observations
interface ObservationSelection {
  id: string;
  project_id: string;
  body: string;
  created_at: Date;
  due_at: Date;
  answer: string | null;
  answered_at: Date | null;
}
const toObservation = (r: ObservationSelection): Observation => ({
  id: r.id,
  projectId: r.project_id,
  body: r.body,
  createdAt: r.created_at,
  dueAt: r.due_at,
  answer: r.answer,
  answeredAt: r.answered_at,
});

export async function insertObservationAudited(db: Queryable, o: { id: string; projectId: string; accountId: string; body: string; dueAt: Date }, consequences: Consequences): Promise<void> {
  await auditedInsert(db, {
    insert: rows('projects.observation', { id: o.id, project_id: o.projectId, account_id: o.accountId, body: o.body, due_at: o.dueAt }),
    ...consequences,
  });
}

export async function listObservations(db: Queryable, projectId?: string): Promise<Observation[]> {
  const where = projectId ? sql`WHERE project_id = ${projectId}` : sql``;
  const { rows: found } = await sql<ObservationSelection>`SELECT id, project_id, body, created_at, due_at, answer, answered_at FROM projects.observation ${where} ORDER BY created_at, id`.execute(db);
  return found.map(toObservation);
}

export async function findObservation(db: Queryable, id: string): Promise<Observation | undefined> {
  const { rows: found } = await sql<ObservationSelection>`SELECT id, project_id, body, created_at, due_at, answer, answered_at FROM projects.observation WHERE id = ${id}`.execute(db);
  return found[0] ? toObservation(found[0]) : undefined;
}

/**
 * The unanswered observations of the projects a person manages, the earliest due first (at most
 * 5 000): of every project (`all`, an administrator), or of those whose executing organisation
 * lies at or below one of `territories` (the person's spokesperson grants) or whose executing or
 * creating agency is one of `agencies` (the person's officer grants).
 */
export async function listUnansweredObservations(db: Queryable, managed: { all: boolean; territories: readonly string[]; agencies: readonly string[] }): Promise<Observation[]> {
  if (!managed.all && managed.territories.length === 0 && managed.agencies.length === 0) return [];
  const filter = managed.all
    ? sql``
    : sql`AND (p.executor_territory_path && ${[...managed.territories]}::text[] OR p.executor_agency_code = ANY(${[...managed.agencies]}::text[])
        OR p.created_by_agency = ANY(${[...managed.agencies]}::text[]))`;
  const { rows: found } = await sql<ObservationSelection>`SELECT o.id, o.project_id, o.body, o.created_at, o.due_at, o.answer, o.answered_at
    FROM projects.observation o JOIN projects.project p ON p.id = o.project_id
    WHERE o.answer IS NULL ${filter} ORDER BY o.due_at, o.id LIMIT 5000`.execute(db);
  return found.map(toObservation);
}

/** Overdue-observation sweep: the unanswered observations due at `now` whose notice has not gone, oldest first. */
export async function findOverdueObservationIds(db: Queryable, now: Date, limit: number): Promise<string[]> {
  const { rows: found } = await sql<{ id: string }>`SELECT id FROM projects.observation
    WHERE answer IS NULL AND overdue_notified_at IS NULL AND due_at <= ${now} ORDER BY due_at, id LIMIT ${limit}`.execute(db);
  return found.map((r) => r.id);
}

/** Locks an observation still overdue and not notified, and marks its notice as gone; its filer, or undefined when there is nothing to do. */
export async function markOverdueNotified(db: Queryable, id: string, now: Date): Promise<{ projectId: string; accountId: string; dueAt: Date } | undefined> {
  const { rows: locked } = await sql<{ id: string }>`SELECT id FROM projects.observation
    WHERE id = ${id} AND answer IS NULL AND overdue_notified_at IS NULL AND due_at <= ${now} FOR UPDATE SKIP LOCKED`.execute(db);
  if (locked.length === 0) return undefined;
  const { rows: found } = await sql<{ project_id: string; account_id: string; due_at: Date }>`UPDATE projects.observation SET overdue_notified_at = ${now}
    WHERE id = ${id} RETURNING project_id, account_id, due_at`.execute(db);
  const row = found[0]!;
  return { projectId: row.project_id, accountId: row.account_id, dueAt: row.due_at };
}

/** Answers once: a second answer (or a parallel one) changes nothing and answers undefined. */
export async function answerObservation(db: Queryable, id: string, answer: string, accountId: string): Promise<Observation | undefined> {
  const { rows: found } = await sql<ObservationSelection>`UPDATE projects.observation SET answer = ${answer}, answered_at = now(), answered_by = ${accountId}
    WHERE id = ${id} AND answer IS NULL RETURNING id, project_id, body, created_at, due_at, answer, answered_at`.execute(db);
  return found[0] ? toObservation(found[0]) : undefined;
}

/** The observations a person filed ("Mis datos"). */
export async function listObservationsOf(db: Queryable, accountId: string): Promise<Array<{ project_id: string; body: string; created_at: string; answer: string | null }>> {
  const { rows: found } = await sql<{ project_id: string; body: string; created_at: string; answer: string | null }>`
    SELECT project_id, body, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at, answer FROM projects.observation WHERE account_id = ${accountId} ORDER BY created_at`.execute(
    db,
  );
  return found;
}
