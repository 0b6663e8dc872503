// Every SQL statement on the enterprises schema.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { CashEntry, EntryKind, Invoice } from './enterprises.types.ts';

interface EntryRow {
  id: string;
  seq: string | number;
  unit_key: string;
  kind: EntryKind;
  corrects_id: string | null;
  amount_minor: string | number;
  currency: string;
  value_date: string;
  description: string;
  counterpart: string | null;
  receipt_number: number | null;
  recorded_at: Date;
}
const toEntry = (r: EntryRow): CashEntry => ({
  id: r.id,
  seq: Number(r.seq),
  unitKey: r.unit_key,
  kind: r.kind,
  correctsId: r.corrects_id,
  amountMinor: Number(r.amount_minor),
  currency: r.currency,
  valueDate: r.value_date,
  description: r.description,
  counterpart: r.counterpart,
  receiptNumber: r.receipt_number,
  recordedAt: r.recorded_at,
});
const ENTRY_COLUMNS = sql`e.id, e.seq, e.unit_key, e.kind, e.corrects_id, e.amount_minor, b.currency, to_char(e.value_date, 'YYYY-MM-DD') AS value_date, e.description, e.counterpart, e.receipt_number, e.recorded_at`;

/** The unit's book, made on first use, locked for the rest of the transaction (one writer per unit at a time). */
export async function lockBook(db: Queryable, unitKey: string, currency: string): Promise<{ currency: string }> {
  await sql`INSERT INTO enterprises.book (unit_key, currency) VALUES (${unitKey}, ${currency}) ON CONFLICT (unit_key) DO NOTHING`.execute(db);
  const { rows } = await sql<{ currency: string }>`SELECT currency FROM enterprises.book WHERE unit_key = ${unitKey} FOR UPDATE`.execute(db);
  return rows[0]!;
}

/** The next receipt number of the unit: given back with the transaction if it rolls back, so there are no gaps. */
export async function takeReceiptNumber(db: Queryable, unitKey: string): Promise<number> {
  const { rows } = await sql<{ last_receipt: number }>`UPDATE enterprises.book SET last_receipt = last_receipt + 1 WHERE unit_key = ${unitKey} RETURNING last_receipt`.execute(db);
  return rows[0]!.last_receipt;
}

export interface NewEntry {
  id: string;
  unitKey: string;
  kind: EntryKind;
  correctsId: string | null;
  amountMinor: number;
  valueDate: string;
  description: string;
  counterpart: string | null;
  receiptNumber: number | null;
  recordedBy: string;
}

export async function insertEntry(db: Queryable, e: NewEntry): Promise<CashEntry> {
  const { rows } = await sql<EntryRow>`WITH e AS (
      INSERT INTO enterprises.entry (id, unit_key, kind, corrects_id, amount_minor, value_date, description, counterpart, receipt_number, recorded_by)
      VALUES (${e.id}, ${e.unitKey}, ${e.kind}, ${e.correctsId}, ${e.amountMinor}, ${e.valueDate}::date, ${e.description}, ${e.counterpart}, ${e.receiptNumber}, ${e.recordedBy})
      RETURNING *)
    SELECT ${ENTRY_COLUMNS} FROM e JOIN enterprises.book b USING (unit_key)`.execute(db);
  return toEntry(rows[0]!);
}

/** The unit's entries in the order they were recorded. */
export async function listEntries(db: Queryable, unitKey: string): Promise<CashEntry[]> {
  const { rows } = await sql<EntryRow>`SELECT ${ENTRY_COLUMNS} FROM enterprises.entry e JOIN enterprises.book b USING (unit_key)
    WHERE e.unit_key = ${unitKey} ORDER BY e.seq`.execute(db);
  return rows.map(toEntry);
}

export async function findEntryBySeq(db: Queryable, unitKey: string, seq: number): Promise<CashEntry | undefined> {
  const { rows } = await sql<EntryRow>`SELECT ${ENTRY_COLUMNS} FROM enterprises.entry e JOIN enterprises.book b USING (unit_key)
    WHERE e.unit_key = ${unitKey} AND e.seq = ${seq}`.execute(db);
  return rows[0] ? toEntry(rows[0]) : undefined;
}

interface InvoiceRow {
  id: string;
  unit_key: string;
  entry_id: string;
  buyer_tax_id: string;
  buyer_name: string;
  amount_minor: string | number;
  authority: string;
  status: Invoice['status'];
  authorisation_code: string | null;
  refusal: string | null;
  requested_at: Date;
}
const toInvoice = (r: InvoiceRow): Invoice => ({
  id: r.id,
  unitKey: r.unit_key,
  entryId: r.entry_id,
  buyerTaxId: r.buyer_tax_id,
  buyerName: r.buyer_name,
  amountMinor: Number(r.amount_minor),
  authority: r.authority,
  status: r.status,
  authorisationCode: r.authorisation_code,
  refusal: r.refusal,
  requestedAt: r.requested_at,
});

export async function insertInvoice(db: Queryable, i: Omit<Invoice, 'requestedAt'> & { requestedBy: string }): Promise<Invoice> {
  const { rows } = await sql<InvoiceRow>`INSERT INTO enterprises.invoice (id, unit_key, entry_id, buyer_tax_id, buyer_name, amount_minor, authority, status, authorisation_code, refusal, requested_by)
    VALUES (${i.id}, ${i.unitKey}, ${i.entryId}, ${i.buyerTaxId}, ${i.buyerName}, ${i.amountMinor}, ${i.authority}, ${i.status}, ${i.authorisationCode}, ${i.refusal}, ${i.requestedBy})
    RETURNING *`.execute(db);
  return toInvoice(rows[0]!);
}

export async function listInvoices(db: Queryable, unitKey: string): Promise<Invoice[]> {
  const { rows } = await sql<InvoiceRow>`SELECT * FROM enterprises.invoice WHERE unit_key = ${unitKey} ORDER BY requested_at, id`.execute(db);
  return rows.map(toInvoice);
}

/** "Mis datos": what a person recorded in the units' books (the entries themselves are the unit's). */
export async function findEntriesRecordedBy(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`SELECT unit_key, kind, to_char(value_date, 'YYYY-MM-DD') AS value_date, recorded_at
    FROM enterprises.entry WHERE recorded_by = ${accountId} ORDER BY seq`.execute(db);
  return rows;
}
