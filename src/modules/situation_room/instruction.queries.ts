// Every SQL statement on the situation_room schema.
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { Instruction, InstructionEvent, InstructionStatus, ItemKind } from './instruction.types.ts';

const rows = rowsInto<Tables>();
const q = (db: Queryable) => typed<Tables>(db);

interface InstructionSelection {
  id: string;
  item_kind: string;
  item_ref: string;
  territory_path: string[];
  recipient_path: string[] | null;
  recipient_agency: string | null;
  body: string;
  due_on: string;
  status: string;
  overdue: boolean;
  answer: string | null;
  sent_by: string;
  created_at: Date;
}
const COLUMNS = sql<InstructionSelection>`id, item_kind, item_ref, territory_path, recipient_path, recipient_agency, body, to_char(due_on, 'YYYY-MM-DD') AS due_on, status, overdue, answer, sent_by, created_at`;

const toInstruction = (r: InstructionSelection): Instruction => ({
  id: r.id,
  itemKind: r.item_kind as ItemKind,
  itemRef: r.item_ref,
  territoryPath: r.territory_path,
  recipient: r.recipient_path ? { territoryPath: r.recipient_path } : { agency: r.recipient_agency! },
  body: r.body,
  dueOn: r.due_on,
  status: r.status as InstructionStatus,
  overdue: r.overdue,
  answer: r.answer,
  sentBy: r.sent_by,
  createdAt: r.created_at,
});

/** The instruction, its `sent` step, audit and events in one statement; undefined when this operator's request key was used already. */
export async function insertInstructionAudited(
  db: Queryable,
  i: Omit<Instruction, 'status' | 'overdue' | 'answer' | 'createdAt'> & { requestKey: string },
  consequences: Pick<AuditedInsert<InstructionSelection>, 'audit' | 'events' | 'stats'>,
): Promise<Instruction | undefined> {
  const row = await auditedInsert(db, {
    insert: rows('situation_room.instruction', {
      id: i.id,
      item_kind: i.itemKind,
      item_ref: i.itemRef,
      territory_path: i.territoryPath,
      recipient_path: 'territoryPath' in i.recipient ? i.recipient.territoryPath : null,
      recipient_agency: 'agency' in i.recipient ? i.recipient.agency : null,
      body: i.body,
      due_on: i.dueOn as never,
      sent_by: i.sentBy,
      request_key: i.requestKey,
    }),
    returning: COLUMNS,
    onConflictDoNothing: true,
    also: [rows('situation_room.instruction_event', { instruction_id: i.id, kind: 'sent', actor: i.sentBy })],
    ...consequences,
  });
  return row ? toInstruction(row) : undefined;
}

export async function findInstructionByKey(db: Queryable, sentBy: string, requestKey: string): Promise<Instruction | undefined> {
  const result = await sql<InstructionSelection>`SELECT ${COLUMNS} FROM situation_room.instruction WHERE sent_by = ${sentBy} AND request_key = ${requestKey}`.execute(db);
  return result.rows[0] && toInstruction(result.rows[0]);
}

export async function findInstruction(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Instruction | undefined> {
  const result = await sql<InstructionSelection>`SELECT ${COLUMNS} FROM situation_room.instruction WHERE id = ${id} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return result.rows[0] && toInstruction(result.rows[0]);
}

/** Instructions sent from a room at or below this territory, or addressed to it or below, newest first. */
export async function findInstructionsAround(db: Queryable, territoryCode: string, limit: number): Promise<Instruction[]> {
  const result = await sql<InstructionSelection>`
    SELECT ${COLUMNS} FROM situation_room.instruction
     WHERE territory_path @> ARRAY[${territoryCode}]::text[] OR recipient_path @> ARRAY[${territoryCode}]::text[]
     ORDER BY created_at DESC LIMIT ${limit}`.execute(db);
  return result.rows.map(toInstruction);
}

export async function listInstructionEvents(db: Queryable, id: string): Promise<InstructionEvent[]> {
  const result = await q(db).selectFrom('situation_room.instruction_event').select(['kind', 'text', 'created_at']).where('instruction_id', '=', id).orderBy('id').execute();
  return result.map((r) => ({ kind: r.kind as InstructionEvent['kind'], text: r.text, createdAt: r.created_at as Date }));
}

/** Moves the instruction to a later status (never back), with its timeline step; false when it was already there or beyond. */
export async function advanceInstruction(trx: Queryable, id: string, to: Exclude<InstructionStatus, 'sent'>, actor: string, text: string | null): Promise<boolean> {
  const order = sql`array_position(ARRAY['sent', 'received', 'acted', 'answered'], status)`;
  const stamp = { received: sql`received_at = now()`, acted: sql`acted_at = now()`, answered: sql`answered_at = now(), answered_by = ${actor}, answer = ${text}` }[to];
  const updated = await sql`
    UPDATE situation_room.instruction SET status = ${to}, ${stamp}
     WHERE id = ${id} AND ${order} < array_position(ARRAY['sent', 'received', 'acted', 'answered'], ${to}::text)`.execute(trx);
  if (Number(updated.numAffectedRows ?? 0) === 0) return false;
  await q(trx).insertInto('situation_room.instruction_event').values({ instruction_id: id, kind: to, actor, text }).execute();
  return true;
}

/** Marks every unanswered instruction whose deadline (a day in the country's zone) has passed; answers them. */
export async function markOverdueInstructions(trx: Queryable, today: string): Promise<Instruction[]> {
  const result = await sql<InstructionSelection>`
    WITH marked AS (
      UPDATE situation_room.instruction SET overdue = true
       WHERE due_on < ${today}::date AND status <> 'answered' AND NOT overdue
       RETURNING *),
    steps AS (INSERT INTO situation_room.instruction_event (instruction_id, kind) SELECT id, 'overdue' FROM marked)
    SELECT ${COLUMNS} FROM marked`.execute(trx);
  return result.rows.map(toInstruction);
}

/** The instructions about an item (its public timeline shows their status), oldest first. */
export async function findInstructionsAbout(db: Queryable, itemKind: ItemKind, itemRef: string): Promise<Instruction[]> {
  const result = await sql<InstructionSelection>`SELECT ${COLUMNS} FROM situation_room.instruction WHERE item_kind = ${itemKind} AND item_ref = ${itemRef} ORDER BY created_at`.execute(db);
  return result.rows.map(toInstruction);
}
