// Justicia de Paz Comunal (docs/peace-justice.md): a mediation, its parties and its history.

export const JUSTICE_ROLE = 'justice_of_peace';

export const STATUSES = ['requested', 'referred', 'in_mediation', 'act_recorded', 'act_signed', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** How a mediation ends (a referral is an outcome too, set when it is referred). */
export const CLOSING_OUTCOMES = ['fulfilled', 'partly_fulfilled', 'not_fulfilled', 'no_agreement', 'withdrawn'] as const;
export type Outcome = (typeof CLOSING_OUTCOMES)[number] | 'referred';

export interface Kind {
  code: string;
  mediable: boolean;
  authority: string | null;
}

export interface Mediation {
  id: string;
  code: string;
  kind: string;
  subject: string;
  territoryCode: string;
  territoryPath: string[];
  requesterAccountId: string;
  /** The community council that asked, through its spokesperson (the requester); null when a person asked for themselves. */
  requesterCouncil: string | null;
  status: Status;
  outcome: Outcome | null;
  referredTo: string | null;
  referralReason: string | null;
  justiceAccountId: string | null;
  actText: string | null;
  actRecordedAt: Date | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface Party {
  id: string;
  mediationId: string;
  position: number;
  accountId: string | null;
  name: string;
  documentNumber: string | null;
  acceptedAt: Date | null;
  acceptedVia: 'online' | 'in_person' | null;
  documentId: string | null;
  /** The code a party without an account follows the case with (shown to the justice and the requester). */
  followCode: string | null;
}

export type EntryKind = 'requested' | 'accepted' | 'referred' | 'session_scheduled' | 'session_held' | 'act_recorded' | 'act_accepted' | 'act_sealed' | 'fulfilment' | 'closed';

export interface Entry {
  id: number;
  kind: EntryKind;
  text: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** A mediation as one viewer may see it: the case, its parties and its history. */
export interface MediationFile {
  mediation: Mediation;
  parties: Party[];
  entries: Entry[];
}

/** Who is looking at a case: a party (by account or by follow code) or its justice. */
export type Viewer = { as: 'party'; partyId: string } | { as: 'justice' };
