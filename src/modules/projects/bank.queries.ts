// Every SQL statement on a communal bank's own ledger and its observations.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { BankDocument, BankEntry, BankObservation } from './bank.types.ts';

interface EntryRow {
  id: string;
  seq: string | number;
  bank_account_id: string;
  kind: BankEntry['kind'];
  corrects_id: string | null;
  amount_minor: string | number;
  currency: string;
  value_date: string;
  purpose: BankEntry['purpose'];
  description: string;
  recorded_at: Date;
}
const toEntry = (r: EntryRow): BankEntry => ({
  id: r.id,
  seq: Number(r.seq),
  bankAccountId: r.bank_account_id,
  kind: r.kind,
  correctsId: r.corrects_id,
  amountMinor: Number(r.amount_minor),
  currency: r.currency,
  valueDate: r.value_date,
  purpose: r.purpose,
  description: r.description,
  recordedAt: r.recorded_at,
});
const ENTRY_COLUMNS = sql`id, seq, bank_account_id, kind, corrects_id, amount_minor, currency, to_char(value_date, 'YYYY-MM-DD') AS value_date, purpose, description, recorded_at`;

export async function findBankAccountById(db: Queryable, id: string): Promise<{ id: string; account_reference: string } | undefined> {
  const { rows } = await sql<{ id: string; account_reference: string }>`SELECT id, account_reference FROM projects.bank_account WHERE id = ${id}`.execute(db);
  return rows[0];
}

export async function insertBankEntry(db: Queryable, e: Omit<BankEntry, 'seq' | 'recordedAt'> & { recordedBy: string }): Promise<BankEntry> {
  const { rows } = await sql<EntryRow>`INSERT INTO projects.bank_entry (id, bank_account_id, kind, corrects_id, amount_minor, currency, value_date, purpose, description, recorded_by)
    VALUES (${e.id}, ${e.bankAccountId}, ${e.kind}, ${e.correctsId}, ${e.amountMinor}, ${e.currency}, ${e.valueDate}::date, ${e.purpose}, ${e.description}, ${e.recordedBy})
    RETURNING ${ENTRY_COLUMNS}`.execute(db);
  return toEntry(rows[0]!);
}

export async function listBankEntries(db: Queryable, bankAccountId?: string): Promise<BankEntry[]> {
  const where = bankAccountId ? sql`WHERE bank_account_id = ${bankAccountId}` : sql``;
  const { rows } = await sql<EntryRow>`SELECT ${ENTRY_COLUMNS} FROM projects.bank_entry ${where} ORDER BY seq`.execute(db);
  return rows.map(toEntry);
}

interface ObservationRow {
  id: string;
  bank_account_id: string;
  entry: string;
  body: string;
  created_at: Date;
  due_at: Date;
  answer: string | null;
  answered_at: Date | null;
}
const toObservation = (r: ObservationRow): BankObservation => ({
  id: r.id,
  bankAccountId: r.bank_account_id,
  entry: r.entry,
  body: r.body,
  createdAt: r.created_at,
  dueAt: r.due_at,
  answer: r.answer,
  answeredAt: r.answered_at,
});

export async function insertBankObservation(db: Queryable, o: { id: string; bankAccountId: string; entry: string; accountId: string; body: string; dueAt: Date }): Promise<void> {
  await sql`INSERT INTO projects.bank_observation (id, bank_account_id, entry, account_id, body, due_at) VALUES (${o.id}, ${o.bankAccountId}, ${o.entry}, ${o.accountId}, ${o.body}, ${o.dueAt})`.execute(
    db,
  );
}

export async function listBankObservations(db: Queryable, bankAccountId?: string): Promise<BankObservation[]> {
  const where = bankAccountId ? sql`WHERE bank_account_id = ${bankAccountId}` : sql``;
  const { rows } = await sql<ObservationRow>`SELECT id, bank_account_id, entry, body, created_at, due_at, answer, answered_at FROM projects.bank_observation ${where} ORDER BY created_at`.execute(db);
  return rows.map(toObservation);
}

/** Answers once: undefined when it was already answered (or does not exist). */
export async function answerBankObservation(db: Queryable, id: string, bankAccountId: string, answer: string, accountId: string): Promise<BankObservation | undefined> {
  const { rows } = await sql<ObservationRow>`UPDATE projects.bank_observation SET answer = ${answer}, answered_at = now(), answered_by = ${accountId}
    WHERE id = ${id} AND bank_account_id = ${bankAccountId} AND answer IS NULL
    RETURNING id, bank_account_id, entry, body, created_at, due_at, answer, answered_at`.execute(db);
  return rows[0] ? toObservation(rows[0]) : undefined;
}

interface DocumentRow {
  id: string;
  seq: string | number;
  bank_account_id: string;
  entry_id: string;
  entry_seq: string | number;
  sha256: string;
  media_type: BankDocument['mediaType'];
  size_bytes: number;
  filename: string;
  attached_at: Date;
}
const toDocument = (r: DocumentRow): BankDocument => ({
  id: r.id,
  seq: Number(r.seq),
  bankAccountId: r.bank_account_id,
  entryId: r.entry_id,
  entrySeq: Number(r.entry_seq),
  sha256: r.sha256,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  filename: r.filename,
  attachedAt: r.attached_at,
});

/** Attaches once: undefined when this file is already attached to this entry (the unique index is the claim). */
export async function insertBankDocument(
  db: Queryable,
  d: { id: string; bankAccountId: string; entryId: string; sha256: string; mediaType: string; sizeBytes: number; filename: string; attachedBy: string },
): Promise<{ id: string; seq: number } | undefined> {
  const { rows } = await sql<{ id: string; seq: string }>`INSERT INTO projects.bank_entry_document (id, bank_account_id, entry_id, sha256, media_type, size_bytes, filename, attached_by)
    VALUES (${d.id}, ${d.bankAccountId}, ${d.entryId}, ${d.sha256}, ${d.mediaType}, ${d.sizeBytes}, ${d.filename}, ${d.attachedBy})
    ON CONFLICT (entry_id, sha256) DO NOTHING RETURNING id, seq`.execute(db);
  return rows[0] ? { id: rows[0].id, seq: Number(rows[0].seq) } : undefined;
}

export async function listBankDocuments(db: Queryable, bankAccountId?: string): Promise<BankDocument[]> {
  const where = bankAccountId ? sql`WHERE d.bank_account_id = ${bankAccountId}` : sql``;
  const { rows } = await sql<DocumentRow>`SELECT d.id, d.seq, d.bank_account_id, d.entry_id, e.seq AS entry_seq, d.sha256, d.media_type, d.size_bytes, d.filename, d.attached_at
    FROM projects.bank_entry_document d JOIN projects.bank_entry e ON e.id = d.entry_id ${where} ORDER BY d.seq`.execute(db);
  return rows.map(toDocument);
}
