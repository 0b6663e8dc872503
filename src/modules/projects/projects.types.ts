// Public projects, communal bank accounts, the transfer ledger and observations (docs/projects.md).

export const PROJECT_KINDS = ['consultation', 'plan', 'subnational', 'agency'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];
export const PROJECT_STATUSES = ['approved', 'in_progress', 'completed', 'suspended', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The layer of communal circuits (territories' layers): a project's point places it in one. */
export const CIRCUIT_LAYER = 'circuitos-comunales';
/** Days an executing organisation has to answer an observation in public. */
export const OBSERVATION_ANSWER_DAYS = 15;

export interface Project {
  id: string;
  kind: ProjectKind;
  title: string;
  description: string;
  territoryCode: string;
  territoryPath: string[];
  circuitCode: string | null;
  lat: number | null;
  lon: number | null;
  executorTerritoryCode: string | null;
  executorTerritoryPath: string[] | null;
  executorAgencyCode: string | null;
  budgetMinor: number;
  currency: string;
  status: ProjectStatus;
  progress: number;
  source: Record<string, unknown> | null;
  /** The plan line (observatory) the project serves, if any. */
  planLineId: string | null;
  createdByAgency: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Milestone {
  id: string;
  projectId: string;
  position: number;
  title: string;
  dueOn: string | null;
  doneOn: string | null;
  evidenceSha256: string | null;
  evidenceNote: string | null;
}

export interface BankAccount {
  id: string;
  bankName: string;
  accountReference: string;
  holderName: string;
  territoryCode: string;
  territoryPath: string[];
  createdByAgency: string;
}

export interface Transfer {
  id: string;
  seq: number;
  projectId: string;
  bankAccountId: string;
  accountReference: string;
  bankName: string;
  kind: 'deposit' | 'correction';
  correctsId: string | null;
  amountMinor: number;
  currency: string;
  valueDate: string;
  reason: string | null;
  documentSha256: string | null;
  territoryCode: string;
  territoryPath: string[];
  circuitCode: string | null;
  agencyCode: string;
  recordedAt: Date;
}

export interface Observation {
  id: string;
  projectId: string;
  body: string;
  createdAt: Date;
  dueAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

/** One line of totals: the entries' sum for a key (a project, a territory, a circuit), per currency. */
export interface TotalLine {
  key: string;
  currency: string;
  totalMinor: number;
  entries: number;
}

/** What a consultation's results publish for each winning proposal (consultations.results_published). */
export interface ResultsPublished {
  consultationId: string;
  title: string;
  countryProfile: string;
  projects: Array<{
    proposalId: string;
    title: string;
    description: string;
    costMinor: number;
    currency: 'BOB' | 'VES';
    territoryCode: string;
    lat: number | null;
    lon: number | null;
    executorTerritoryCode: string;
    votes: number;
  }>;
}
