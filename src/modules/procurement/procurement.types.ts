// Domain types of state procurement (docs/procurement.md): a tender (a need of the feria a la
// inversa), its sealed offers, questions, complaints, the contract and its transactions.
import cpv from './cpv.json' with { type: 'json' };
import type { Criterion } from './points.ts';

export const RESERVATIONS = ['none', 'small', 'community'] as const;
export type Reservation = (typeof RESERVATIONS)[number];
export type SupplierKind = 'small' | 'community' | 'other';
export type TenderStatus = 'active' | 'awarded' | 'unsuccessful' | 'contracted';
export const RULES = ['lowest_price', 'points'] as const;
export type Rule = (typeof RULES)[number];
export type Outcome = 'winner' | 'qualified' | 'disqualified';

/** The CPV excerpt the platform classifies needs with (cpv.json). */
export const CPV_CODES: ReadonlyArray<{ code: string; es: string; en: string }> = cpv.codes;
export const cpvLabel = (code: string, locale: string): string => {
  const found = CPV_CODES.find((c) => c.code === code);
  return found ? (locale === 'en' ? found.en : found.es) : code;
};

/** Legal forms of the economic-units registry read as the kinds of supplier a need may be reserved for. */
export function supplierKindOf(legalForm: unknown): SupplierKind {
  if (legalForm === 'cooperativa' || legalForm === 'asociacion') return 'community';
  if (legalForm === 'unipersonal') return 'small';
  return 'other';
}

/** Whether a supplier of this kind may offer on a need with this reservation. */
export function eligible(reserved: Reservation, kind: SupplierKind): boolean {
  if (reserved === 'none') return true;
  if (reserved === 'small') return kind === 'small' || kind === 'community';
  return kind === 'community';
}

export interface Tender {
  id: string;
  ocid: string;
  agencyCode: string;
  createdBy: string;
  title: string;
  description: string;
  cpvCode: string;
  quantity: number;
  unit: string;
  territoryCode: string;
  deliveryPlace: string;
  deliveryDate: string;
  referenceAmount: number;
  currency: string;
  reserved: Reservation;
  rule: Rule;
  /** The points rule's weights (price and criteria adding up to 100); the lowest-price rule's are 100 and none. */
  priceWeight: number;
  criteria: Criterion[];
  publishedAt: Date;
  deadline: Date;
  publicKey: string;
  openedAt: Date | null;
  awardedOfferId: string | null;
  /** The award's number: 1, and one more each time an upheld complaint annuls the award. */
  awardRound: number;
  standstillEndsAt: Date | null;
  status: TenderStatus;
}

export interface Offer {
  id: string;
  tenderId: string;
  supplierKey: string;
  supplierName: string;
  supplierKind: SupplierKind;
  submittedBy: string;
  sha256: string;
  timestampToken: string;
  receivedAt: Date;
  /** Known only after the opening act. */
  amount: number | null;
  deliveryDate: string | null;
  outcome: Outcome | null;
  reason: string | null;
  /** The points rule's total, once the committee scored. */
  points: number | null;
}

export interface Question {
  id: string;
  tenderId: string;
  body: string;
  askedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export interface Complaint {
  id: string;
  tenderId: string;
  offerId: string;
  filedBy: string;
  body: string;
  filedAt: Date;
  dueAt: Date;
  /** The winning offer the complaint is against. */
  awardOfferId: string;
  outcome: ComplaintOutcome | null;
  /** The entity's reasons (public). */
  resolution: string | null;
  resolvedAt: Date | null;
}

export const COMPLAINT_OUTCOMES = ['upheld', 'rejected'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

export interface Contract {
  id: string;
  tenderId: string;
  offerId: string;
  amount: number;
  documentNumber: string;
  verificationCode: string;
  signedAt: Date;
  acceptedAt: Date | null;
}

export interface Transaction {
  id: string;
  contractId: string;
  kind: 'delivery' | 'payment';
  amount: number | null;
  onDate: string;
  note: string;
}

/** The phase a person sees: offers may be sent until the deadline; opened after the opening act. */
export function phaseOf(tender: Pick<Tender, 'deadline' | 'openedAt' | 'status'>, now = new Date()): 'open' | 'closed' | TenderStatus {
  if (tender.status !== 'active') return tender.status;
  return now < tender.deadline ? 'open' : 'closed';
}
