// The shapes of the enterprises module: a unit's cash book, its entries and fiscal invoices.

export const ENTRY_KINDS = ['sale', 'purchase', 'income', 'expense'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number] | 'correction';

/** Money in: a sale or other income is positive, a purchase or other expense negative. */
export const isIncoming = (kind: EntryKind): boolean => kind === 'sale' || kind === 'income';

export interface CashEntry {
  id: string;
  seq: number;
  unitKey: string;
  kind: EntryKind;
  correctsId: string | null;
  amountMinor: number;
  currency: string;
  valueDate: string;
  description: string;
  counterpart: string | null;
  receiptNumber: number | null;
  recordedAt: Date;
}

/** An entry with the cash balance after it (entries in the order they were recorded). */
export interface BookLine extends CashEntry {
  balanceMinor: number;
}

/** One month of the book: money in, money out, the net and the balance at its end. */
export interface MonthSummary {
  month: string;
  inMinor: number;
  outMinor: number;
  salesMinor: number;
  purchasesMinor: number;
  netMinor: number;
  closingMinor: number;
  entries: number;
}

export interface Invoice {
  id: string;
  unitKey: string;
  entryId: string;
  buyerTaxId: string;
  buyerName: string;
  amountMinor: number;
  authority: string;
  status: 'authorised' | 'refused';
  authorisationCode: string | null;
  refusal: string | null;
  requestedAt: Date;
}
