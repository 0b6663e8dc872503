import type { Answers, FileAnswer, FormFields } from '../../platform/forms/index.ts';
import type { RoleAssignment } from '../identity/index.ts';

export type Channel = 'online' | 'assisted';

export interface Case {
  id: string;
  trackingCode: string;
  accountId: string;
  /** Empresa digital: the NIT/RIF of the economic unit the case belongs to (filed by `accountId` acting for it); null for a person's own case. */
  unitKey: string | null;
  procedureId: string;
  versionId: string;
  procedureName: string;
  agencyCode: string;
  state: string;
  outcome: 'approved' | 'rejected' | null;
  answers: Answers;
  channel: Channel;
  filedBy: string | null;
  assigneeId: string | null;
  submittedAt: Date;
  stateEnteredAt: Date;
  /** Last business day to decide (YYYY-MM-DD). */
  dueDate: string;
  pausedOn: string | null;
  decidedAt: Date | null;
  isEscalated: boolean;
  satisfaction: number | null;
  satisfactionComment: string | null;
  updatedAt: Date;
}

export interface CaseEvent {
  id: string;
  occurredAt: Date;
  actorType: 'person' | 'official' | 'system';
  actorId: string | null;
  kind: 'transition' | 'note' | 'assignment' | 'escalation';
  action: string;
  fromState: string | null;
  toState: string | null;
  text: string | null;
  isInternal: boolean;
  /** Documents sent with the event (the answer to a correction request); none when absent. */
  attachments?: FileAnswer[];
}

export interface Draft {
  id: string;
  accountId: string;
  versionId: string;
  answers: Answers;
  /** Page id → what was typed there and not accepted yet. */
  pendingFields: Record<string, FormFields>;
  updatedAt: Date;
}

/** An official acting for their agencies: the roles they hold in each. */
export interface Official {
  accountId: string;
  roles: RoleAssignment[];
}

export const QUEUE_FILTERS = ['open', 'unassigned', 'mine', 'overdue', 'closed'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

/**
 * What an access token must carry for each use of /api/v1/cases: read her cases, file and
 * correct applications (a person's token), handle cases (an official's token from a client
 * bound to their agency, or the agency's system by itself with the client credentials grant),
 * and read the agency's feed (/api/v1/agency/cases, the agency's system only).
 */
export const CASES_SCOPES = { read: 'cases:read', write: 'cases:write', handle: 'cases:handle', feed: 'cases:feed' } as const;
