// Free basic tools for small and community enterprises (docs/enterprises.md): for a person who
// represents an economic unit of the registries, the unit's cash book (append-only, corrections
// as new entries, running balance), sales with receipts numbered by the unit without gaps,
// purchases, monthly summaries, a CSV of everything, fiscal invoices through the tax authority's
// adapter, and payment orders the unit is paid through the payments module.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { claimIdempotencyKey, type IdempotencyClaim } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { findAccountByIdentityDocument } from '../identity/index.ts';
import { createUnitOrder } from '../payments/index.ts';
import { unitsRepresentedBy } from '../registries/index.ts';
import { enterpriseStats } from './enterprises.stats.ts';
import { findEntryBySeq, insertEntry, insertInvoice, listEntries, listInvoices, lockBook, takeReceiptNumber } from './enterprises.queries.ts';
import { type BookLine, type CashEntry, ENTRY_KINDS, type EntryKind, type Invoice, isIncoming, type MonthSummary } from './enterprises.types.ts';
import { type FiscalAuthority, sandboxAuthority, sandboxKey } from './fiscal.ts';

export interface Representative {
  id: string;
  documentNumber: string;
}

export interface Unit {
  key: string;
  name: string;
}

/** The tax authority's adapter: the sandbox (its key from the keyring) until a country's authority is configured. */
let configured: FiscalAuthority | undefined;
const sandboxes = new WeakMap<object, FiscalAuthority>();
export function fiscalAuthority(deps: Pick<Deps, 'config'>): FiscalAuthority {
  if (configured) return configured;
  const sandbox = sandboxes.get(deps.config) ?? sandboxAuthority(sandboxKey(deps.config));
  sandboxes.set(deps.config, sandbox);
  return sandbox;
}
/** For a country's deployment (built with `fiscalCredential(config)`, from the keyring) and tests: the authority invoices are sent to. */
export function useFiscalAuthority(next: FiscalAuthority): void {
  configured = next;
}

/** The units the person represents (registries' representatives, read every time). */
export async function unitsOf(deps: Deps, person: Representative): Promise<Unit[]> {
  return (await unitsRepresentedBy(deps, person.documentNumber)).map((u) => ({ key: u.key, name: typeof u.content.name === 'string' ? u.content.name : u.key }));
}

/** The unit, when the person represents it; anyone else: 403. */
export async function unitOf(deps: Deps, person: Representative, unitKey: string): Promise<Unit> {
  const unit = (await unitsOf(deps, person)).find((u) => u.key === unitKey);
  if (!unit) throw new AppError('ENTERPRISES_NOT_REPRESENTATIVE');
  return unit;
}

/** The running balance after each entry, in the order they were recorded. */
export function bookLines(entries: readonly CashEntry[]): BookLine[] {
  let balance = 0;
  return entries.map((e) => {
    balance += e.amountMinor;
    return { ...e, balanceMinor: balance };
  });
}

/** Month by month (of the value date): in, out, sales, purchases (corrections follow the entry they correct), net and the closing balance. */
export function monthlySummaries(entries: readonly CashEntry[]): MonthSummary[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const months = new Map<string, MonthSummary>();
  for (const e of [...entries].sort((a, b) => a.valueDate.localeCompare(b.valueDate) || a.seq - b.seq)) {
    const month = e.valueDate.slice(0, 7);
    const m = months.get(month) ?? months.set(month, { month, inMinor: 0, outMinor: 0, salesMinor: 0, purchasesMinor: 0, netMinor: 0, closingMinor: 0, entries: 0 }).get(month)!;
    const kind = e.kind === 'correction' ? byId.get(e.correctsId ?? '')?.kind : e.kind;
    if (e.amountMinor > 0) m.inMinor += e.amountMinor;
    else m.outMinor -= e.amountMinor;
    if (kind === 'sale') m.salesMinor += e.amountMinor;
    if (kind === 'purchase') m.purchasesMinor -= e.amountMinor;
    m.netMinor += e.amountMinor;
    m.entries += 1;
  }
  let closing = 0;
  return [...months.values()]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((m) => {
      closing += m.netMinor;
      return { ...m, closingMinor: closing };
    });
}

export interface Book {
  unit: Unit;
  currency: string;
  lines: BookLine[];
  months: MonthSummary[];
  invoices: Invoice[];
}

export async function unitBook(deps: Deps, person: Representative, unitKey: string): Promise<Book> {
  const unit = await unitOf(deps, person, unitKey);
  const [entries, invoices] = await Promise.all([listEntries(deps.db, unit.key), listInvoices(deps.db, unit.key)]);
  return { unit, currency: entries[0]?.currency ?? deps.country.currency, lines: bookLines(entries), months: monthlySummaries(entries), invoices };
}

export interface EntryInput {
  kind: string;
  /** Positive; for a correction the signed difference. */
  amountMinor: number | undefined;
  valueDate: string;
  description: string;
  counterpart: string;
  /** A sale with a receipt: takes the unit's next receipt number. */
  receipt?: boolean;
  /** A correction: the number of the entry it corrects. */
  corrects?: number | null;
}

const validation = (fields: FieldError[]): AppError => new AppError('VALIDATION_FAILED', { fields });

export async function recordEntry(deps: Deps, person: Representative, unitKey: string, input: EntryInput, requestId?: string, idempotency?: IdempotencyClaim): Promise<CashEntry> {
  const unit = await unitOf(deps, person, unitKey);
  const correction = input.corrects !== undefined && input.corrects !== null;
  const kind = (correction ? 'correction' : (ENTRY_KINDS as readonly string[]).includes(input.kind) ? input.kind : undefined) as EntryKind | undefined;
  const description = input.description.trim();
  const counterpart = input.counterpart.trim();
  const fields: FieldError[] = [];
  if (!kind) fields.push({ field: 'tipo', messageKey: 'enterprises.errors.kind' });
  const amount = input.amountMinor;
  if (amount === undefined || !Number.isSafeInteger(amount) || amount === 0 || Math.abs(amount) > 1e13 || (!correction && amount < 0))
    fields.push({ field: 'monto', messageKey: 'enterprises.errors.amount' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.valueDate) || !new Date(`${input.valueDate}T12:00:00Z`).toISOString().startsWith(input.valueDate))
    fields.push({ field: 'fecha', messageKey: 'enterprises.errors.date' });
  if (description.length < 2 || description.length > 500) fields.push({ field: 'descripcion', messageKey: 'enterprises.errors.description' });
  if (counterpart.length > 200) fields.push({ field: 'contraparte', messageKey: 'enterprises.errors.counterpart' });
  if (input.receipt && kind !== 'sale') fields.push({ field: 'recibo', messageKey: 'enterprises.errors.receiptOnlySale' });
  if (fields.length > 0) throw validation(fields);
  const id = crypto.randomUUID();
  return deps.db.transaction().execute(async (trx) => {
    // The form's claim first: of a burst of identical posts one records, the others throw `IdempotentReplay`.
    if (idempotency) await claimIdempotencyKey(trx, idempotency, id);
    const book = await lockBook(trx, unit.key, deps.country.currency);
    const corrected = correction ? await findEntryBySeq(trx, unit.key, input.corrects!) : undefined;
    if (correction && !corrected) throw validation([{ field: 'corrige', messageKey: 'enterprises.errors.corrects' }]);
    const signed = kind === 'correction' ? amount! : isIncoming(kind!) ? amount! : -amount!;
    const receiptNumber = input.receipt ? await takeReceiptNumber(trx, unit.key) : null;
    const entry = await insertEntry(trx, {
      id,
      unitKey: unit.key,
      kind: kind!,
      correctsId: corrected?.id ?? null,
      amountMinor: signed,
      valueDate: input.valueDate,
      description,
      counterpart: counterpart || null,
      receiptNumber,
      recordedBy: person.id,
    });
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: `enterprises.entry_${kind}`,
      subject: { type: 'economic_unit', id: unit.key },
      data: { entryId: id, seq: entry.seq, amountMinor: signed, currency: book.currency, receiptNumber, corrects: corrected?.id ?? null },
      requestId,
    });
    await recordStat(trx, enterpriseStats.entries, { at: new Date(`${input.valueDate}T12:00:00Z`), kind: kind! }, 1);
    return entry;
  });
}

export interface InvoiceInput {
  /** The number of the sale invoiced. */
  entry: number | undefined;
  buyerTaxId: string;
  buyerName: string;
}

/**
 * Asks the tax authority (the adapter) to authorise the invoice of a sale, and keeps its answer:
 * authorised with its code, or refused with its reason (the person may correct and ask again).
 * A sale has at most one authorised invoice (the database's unique index).
 */
export async function requestInvoice(deps: Deps, person: Representative, unitKey: string, input: InvoiceInput, requestId?: string, idempotency?: IdempotencyClaim): Promise<Invoice> {
  const unit = await unitOf(deps, person, unitKey);
  const buyerTaxId = input.buyerTaxId.trim().toUpperCase();
  const buyerName = input.buyerName.trim();
  const fields: FieldError[] = [];
  const sale = input.entry === undefined ? undefined : await findEntryBySeq(deps.db, unit.key, input.entry);
  if (sale?.kind !== 'sale') fields.push({ field: 'venta', messageKey: 'enterprises.errors.sale' });
  if (buyerTaxId.length < 1 || buyerTaxId.length > 20) fields.push({ field: 'nit', messageKey: 'enterprises.errors.taxId' });
  if (buyerName.length < 1 || buyerName.length > 200) fields.push({ field: 'comprador', messageKey: 'enterprises.errors.buyer' });
  if (fields.length > 0) throw validation(fields);
  const id = crypto.randomUUID();
  const authority = fiscalAuthority(deps);
  return deps.db.transaction().execute(async (trx) => {
    if (idempotency) await claimIdempotencyKey(trx, idempotency, id);
    // One request per unit at a time: the book's lock, so a sale is never authorised twice.
    await lockBook(trx, unit.key, deps.country.currency);
    const earlier = (await listInvoices(trx, unit.key)).find((i) => i.entryId === sale!.id && i.status === 'authorised');
    if (earlier) throw new AppError('ENTERPRISES_ALREADY_INVOICED');
    const answer = await authority.authorise({
      sellerTaxId: unit.key,
      buyerTaxId,
      buyerName,
      amountMinor: sale!.amountMinor,
      currency: sale!.currency,
      issuedOn: sale!.valueDate,
      reference: sale!.id,
    });
    const invoice = await insertInvoice(trx, {
      id,
      unitKey: unit.key,
      entryId: sale!.id,
      buyerTaxId,
      buyerName,
      amountMinor: sale!.amountMinor,
      authority: authority.name,
      status: answer.authorised ? 'authorised' : 'refused',
      authorisationCode: answer.authorised ? answer.code : null,
      refusal: answer.authorised ? null : answer.reason,
      requestedBy: person.id,
    });
    await recordAudit(trx, {
      actor: { type: 'person', id: person.id },
      action: answer.authorised ? 'enterprises.invoice_authorised' : 'enterprises.invoice_refused',
      subject: { type: 'economic_unit', id: unit.key },
      data: { invoiceId: id, entrySeq: sale!.seq, authority: authority.name, code: invoice.authorisationCode },
      requestId,
    });
    return invoice;
  });
}

export interface PaymentLinkInput {
  payerDocumentType: string;
  payerDocumentNumber: string;
  concept: string;
  amountMinor: number | undefined;
}

/** A payment order the unit is paid (payments' `createUnitOrder`), for a payer with an account: its code and where the payer pays it. */
export async function createPaymentLink(
  deps: Deps,
  person: Representative,
  unitKey: string,
  input: PaymentLinkInput,
  requestId?: string,
  idempotency?: IdempotencyClaim,
): Promise<{ code: string; path: string }> {
  const unit = await unitOf(deps, person, unitKey);
  const concept = input.concept.trim();
  const fields: FieldError[] = [];
  const payer = input.payerDocumentNumber.trim() ? await findAccountByIdentityDocument(deps, input.payerDocumentType, input.payerDocumentNumber.trim()) : undefined;
  if (!payer) fields.push({ field: 'documento', messageKey: 'enterprises.errors.payer' });
  if (concept.length < 2 || concept.length > 200) fields.push({ field: 'concepto', messageKey: 'enterprises.errors.concept' });
  if (input.amountMinor === undefined) fields.push({ field: 'importe', messageKey: 'enterprises.errors.amount' });
  if (fields.length > 0) throw validation(fields);
  const { order } = await createUnitOrder(
    deps,
    unit.key,
    { payerAccountId: payer!.id, concept, amountMinor: input.amountMinor! },
    { actor: { type: 'person', id: person.id }, requestId, idempotency },
  );
  return { code: order.code, path: `/pagos/${order.code}` };
}

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The whole book as CSV (one line per entry, with its balance and its invoice's code). */
export function bookCsv(book: Book): string {
  const invoiced = new Map(book.invoices.filter((i) => i.status === 'authorised').map((i) => [i.entryId, i.authorisationCode]));
  const header = ['number', 'value_date', 'kind', 'description', 'counterpart', 'amount', 'currency', 'balance', 'receipt_number', 'corrects', 'invoice_code', 'recorded_at'];
  const seqOf = new Map(book.lines.map((l) => [l.id, l.seq]));
  const decimal = (minor: number) => (minor / 100).toFixed(2);
  const rows = book.lines.map((l) => [
    l.seq,
    l.valueDate,
    l.kind,
    l.description,
    l.counterpart,
    decimal(l.amountMinor),
    l.currency,
    decimal(l.balanceMinor),
    l.receiptNumber,
    l.correctsId ? seqOf.get(l.correctsId) : null,
    invoiced.get(l.id),
    l.recordedAt.toISOString(),
  ]);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
