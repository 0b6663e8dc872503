// A project's money (issue 25): its budget by year and source, and the spending recorded against it.

export interface BudgetItem {
  projectId: string;
  year: number;
  source: string;
  amountMinor: number;
}

/** One entry of the append-only spending ledger: a payment, or a correction carrying the signed difference. */
export interface Spending {
  id: string;
  seq: number;
  projectId: string;
  kind: 'payment' | 'correction';
  correctsId: string | null;
  amountMinor: number;
  currency: string;
  valueDate: string;
  source: string;
  description: string;
  agencyCode: string;
  recordedAt: Date;
}

export interface LineRollupRow {
  projectId: string;
  title: string;
  lineId: string;
  budgetMinor: number;
  currency: string;
  progress: number;
  status: string;
  spentMinor: number;
}

/** A plan line's projects and their sums; `progress` is the budget-weighted mean of its projects' (0–100). */
export interface LineRollup {
  lineId: string;
  position: number;
  title: string;
  projects: LineRollupRow[];
  /** Per currency: budget and spent. */
  totals: Array<{ currency: string; budgetMinor: number; spentMinor: number }>;
  progress: number | null;
}

export interface PlanRollup {
  planCode: string;
  planTitle: string;
  lines: LineRollup[];
  totals: Array<{ currency: string; budgetMinor: number; spentMinor: number }>;
  progress: number | null;
}
