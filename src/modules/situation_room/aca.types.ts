// The communes' Agenda Concreta de Acción (ACA): the actions of a commune or communal circuit,
// who is responsible, the deadline, the progress and its log, the linked projects and reports.

export const ACA_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type AcaStatus = (typeof ACA_STATUSES)[number];

export interface AcaAction {
  id: string;
  /** The commune's (or circuit's) path, top level first. */
  territoryPath: string[];
  title: string;
  description: string;
  /** A committee, a spokesperson or an agency's name. */
  responsible: string;
  /** Optionally, the responsible agency's code. */
  responsibleAgency: string | null;
  /** YYYY-MM-DD. */
  dueOn: string;
  /** 0–100; 100 is done. */
  progress: number;
  status: AcaStatus;
  projectIds: string[];
  /** Reports' public codes (R-n). */
  reportCodes: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** One progress update; `actor` is never public. */
export interface AcaProgress {
  percent: number;
  note: string | null;
  actor: string;
  createdAt: Date;
}

/** The status a progress implies: 0 planned, 100 done, in progress between. */
export const statusOf = (progress: number): AcaStatus => (progress >= 100 ? 'done' : progress <= 0 ? 'planned' : 'in_progress');

/** The deadline passed (`today` in the country's zone) and it is not done. */
export const isAcaOverdue = (a: AcaAction, today: string) => a.status !== 'done' && a.dueOn < today;
