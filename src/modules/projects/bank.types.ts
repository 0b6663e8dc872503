// A communal bank's own ledger (docs/projects.md, "Communal banks"): loans, payments, repayments
// and corrections, beside the deposits it received; members' observations on any entry.

export const TREASURER_ROLE = 'bank_treasurer';
export const BANK_ENTRY_KINDS = ['loan', 'payment', 'repayment'] as const;
export type BankEntryKind = (typeof BANK_ENTRY_KINDS)[number] | 'correction';
export const PURPOSES = ['production', 'food', 'housing', 'services', 'community', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface BankEntry {
  id: string;
  seq: number;
  bankAccountId: string;
  kind: BankEntryKind;
  correctsId: string | null;
  /** The signed effect on the balance (a loan or payment negative, a repayment positive). */
  amountMinor: number;
  currency: string;
  valueDate: string;
  purpose: Purpose | null;
  description: string;
  recordedAt: Date;
}

/** A supporting document attached to a bank's own entry: append-only, never replaced. */
export interface BankDocument {
  id: string;
  seq: number;
  bankAccountId: string;
  entryId: string;
  /** The entry's number in the bank's ledger (`bank_entry.seq`). */
  entrySeq: number;
  sha256: string;
  mediaType: 'application/pdf' | 'image/png' | 'image/jpeg';
  sizeBytes: number;
  filename: string;
  attachedAt: Date;
}

/** Largest supporting document, in bytes. */
export const MAX_BANK_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const BANK_DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

export interface BankObservation {
  id: string;
  bankAccountId: string;
  /** `transfer:<seq>` (a deposit received) or `entry:<seq>` (the bank's own entry). */
  entry: string;
  body: string;
  createdAt: Date;
  dueAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export interface BankTotals {
  currency: string;
  depositsMinor: number;
  entriesMinor: number;
  balanceMinor: number;
}

/** A social-production unit: registered in projects as such, its accounts one communal bank account's ledger. */
export interface SocialUnit {
  /** The public page's key: `/bancos-comunales/unidades/{key}`. */
  key: string;
  name: string;
  /** Its NIT/RIF in the economic-units registry, when it has one. */
  registryId: string | null;
  bankAccountId: string;
  /** Its members' organs as registered: each organ's name and how many members it has (never who). */
  organs: Array<{ name: string; members: number }>;
}
