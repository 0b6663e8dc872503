// Every SQL statement on situation_room.aca_action and its progress log.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { AcaAction, AcaProgress, AcaStatus } from './aca.types.ts';

interface Row {
  id: string;
  territory_path: string[];
  title: string;
  description: string;
  responsible: string;
  responsible_agency: string | null;
  due_on: string;
  progress: number;
  status: string;
  project_ids: string[];
  report_codes: string[];
  created_at: Date;
  updated_at: Date;
}
const COLUMNS = sql<Row>`id, territory_path, title, description, responsible, responsible_agency, to_char(due_on, 'YYYY-MM-DD') AS due_on, progress, status,
  project_ids::text[] AS project_ids, report_codes, created_at, updated_at`;

const toAction = (r: Row): AcaAction => ({
  id: r.id,
  territoryPath: r.territory_path,
  title: r.title,
  description: r.description,
  responsible: r.responsible,
  responsibleAgency: r.responsible_agency,
  dueOn: r.due_on,
  progress: r.progress,
  status: r.status as AcaStatus,
  projectIds: r.project_ids,
  reportCodes: r.report_codes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type NewAcaAction = Omit<AcaAction, 'progress' | 'status' | 'createdAt' | 'updatedAt'> & { createdBy: string; requestKey: string };

/** Inserts the action; false when this person's request key was used already (nothing written). */
export async function insertAcaAction(db: Queryable, a: NewAcaAction): Promise<boolean> {
  const result = await sql`
    INSERT INTO situation_room.aca_action (id, territory_path, title, description, responsible, responsible_agency, due_on, project_ids, report_codes, created_by, request_key)
    VALUES (${a.id}, ${a.territoryPath}, ${a.title}, ${a.description}, ${a.responsible}, ${a.responsibleAgency}, ${a.dueOn}::date, ${a.projectIds}::uuid[], ${a.reportCodes}, ${a.createdBy}, ${a.requestKey})
    ON CONFLICT (created_by, request_key) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function findAcaAction(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<AcaAction | undefined> {
  const result = await sql<Row>`SELECT ${COLUMNS} FROM situation_room.aca_action WHERE id = ${id} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return result.rows[0] && toAction(result.rows[0]);
}

export async function findAcaActionByKey(db: Queryable, createdBy: string, requestKey: string): Promise<AcaAction | undefined> {
  const result = await sql<Row>`SELECT ${COLUMNS} FROM situation_room.aca_action WHERE created_by = ${createdBy} AND request_key = ${requestKey}`.execute(db);
  return result.rows[0] && toAction(result.rows[0]);
}

/** Actions at or below a territory: the overdue first, then the nearest deadline (at most `limit`). */
export async function findAcaActionsIn(db: Queryable, territoryCode: string, today: string, limit: number): Promise<AcaAction[]> {
  const result = await sql<Row>`
    SELECT ${COLUMNS} FROM situation_room.aca_action
     WHERE territory_path @> ARRAY[${territoryCode}]::text[]
     ORDER BY (status <> 'done' AND due_on < ${today}::date) DESC, (status = 'done'), due_on, created_at
     LIMIT ${limit}`.execute(db);
  return result.rows.map(toAction);
}

/** Records a progress update on a locked action: its new progress and status, and the log's line. */
export async function recordAcaProgress(trx: Queryable, id: string, p: { percent: number; status: AcaStatus; note: string | null; actor: string }): Promise<void> {
  await sql`UPDATE situation_room.aca_action SET progress = ${p.percent}, status = ${p.status}, updated_at = now() WHERE id = ${id}`.execute(trx);
  await sql`INSERT INTO situation_room.aca_progress (action_id, percent, note, actor) VALUES (${id}, ${p.percent}, ${p.note}, ${p.actor})`.execute(trx);
}

/** The progress log, oldest first. */
export async function listAcaProgress(db: Queryable, id: string): Promise<AcaProgress[]> {
  const result = await sql<{ percent: number; note: string | null; actor: string; created_at: Date }>`
    SELECT percent, note, actor, created_at FROM situation_room.aca_progress WHERE action_id = ${id} ORDER BY id`.execute(db);
  return result.rows.map((r) => ({ percent: r.percent, note: r.note, actor: r.actor, createdAt: r.created_at }));
}

/** Every action, by territory and deadline (the open dataset; at most `limit`). */
export async function findAllAcaActions(db: Queryable, limit: number): Promise<AcaAction[]> {
  const result = await sql<Row>`SELECT ${COLUMNS} FROM situation_room.aca_action ORDER BY territory_path, due_on, id LIMIT ${limit}`.execute(db);
  return result.rows.map(toAction);
}
